import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { topicName, Topics, type TopicKey } from '@frictionlens/contracts';
import { BatchConsumer, deadLetterMessage, ensureTopics, handlerFailure, type ConsumedMessage } from '@frictionlens/kafka';
import { KafkaPartitionsHealth, logSinkOf, RUNTIME, type Runtime } from '@frictionlens/platform';
import { ContactReceivedHandler } from './contact-received.handler.js';
import { IngestMetrics } from './ingest.metrics.js';
import { IngestService } from './ingest.service.js';
import { KafkaContactOutbox } from './kafka-contact-outbox.js';

/**
 * Runs the ingest consumer group when Kafka is configured: creates the topics it needs, then
 * consumes the three inbound topics in batches until shutdown.
 */
@Injectable()
export class IngestConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IngestConsumer.name);
  private consumer?: BatchConsumer;

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly ingest: IngestService,
    private readonly publisher: KafkaContactOutbox,
    private readonly metrics: IngestMetrics,
    private readonly partitions: KafkaPartitionsHealth,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { kafka, config } = this.runtime;
    if (!kafka) return;
    const prefix = config.KAFKA_TOPIC_PREFIX;
    const topicKeys = Object.keys(Topics) as TopicKey[];
    const created = await ensureTopics(
      kafka,
      topicKeys.map((key) => ({ topic: topicName(key, prefix), numPartitions: config.KAFKA_TOPIC_PARTITIONS })),
    );
    if (created.length) this.logger.log({ topics: created }, `created ${created.length} topic(s)`);
    await this.publisher.connect();
    // A one-off job (npm run import) publishes what it stores but must not join the consumer group.
    if (!this.runtime.consumesKafka) return;

    const deadLetterTopic = topicName('deadLetter', prefix);
    const handler = new ContactReceivedHandler(this.ingest, (messages) => this.publisher.sendRaw(deadLetterTopic, messages), prefix);
    const topics = handler.topics;
    const groupId = `${prefix}frictionlens.ingest`;
    // A message the store keeps refusing on its own (found by bisecting its batch) is set aside
    // with the store's error, so it cannot hold its partition (and the whole process) back.
    const deadLetter = async (message: ConsumedMessage, error: unknown) => {
      await this.publisher.sendRaw(deadLetterTopic, [deadLetterMessage(message, handlerFailure(error), new Date())]);
      this.metrics.consumed.inc({ topic: message.topic });
      this.metrics.rejected.inc({ path: 'kafka', reason: 'handler_failed' });
    };
    this.consumer = new BatchConsumer(
      kafka,
      {
        groupId,
        topics,
        deadLetter,
        concurrency: config.INGEST_PARTITIONS_CONCURRENTLY,
        maxBytes: config.INGEST_FETCH_MAX_BYTES,
        sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
        stallTimeoutMs: config.INGEST_BATCH_STALL_TIMEOUT_MS || undefined,
        onAssignment: (assignment) => this.metrics.keepLagOf(assignment),
        onFatalError: (error) => {
          // Consuming has stopped for good; exiting lets the supervisor (systemd, Docker, Kubernetes) start afresh.
          this.logger.fatal({ error: error.message }, 'the Kafka consumer cannot go on (crashed or stuck); exiting');
          process.exit(1);
        },
      },
      logSinkOf(this.logger),
    );
    this.metrics.watchConsumer(this.consumer);
    this.partitions.watch(groupId, this.consumer);
    await this.consumer.start(async (batch) => {
      const started = performance.now();
      const outcome = await handler.handle(batch);
      const ms = performance.now() - started;
      this.metrics.recordBatch(batch, ms / 1_000);
      this.logger.debug({ topic: batch.topic, partition: batch.partition, size: batch.messages.length, ...outcome, ms: Math.round(ms) }, 'batch stored');
    });
    this.logger.log({ topics, groupId }, 'consuming source events');
  }

  // In this order: the batch in hand finishes and commits, then its helpers go away.
  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    await this.publisher.disconnect();
  }
}
