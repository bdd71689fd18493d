import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { topicName } from '@frictionlens/contracts';
import { BatchConsumer, deadLetterMessage, ensureTopics, handlerFailure, type ConsumedMessage } from '@frictionlens/kafka';
import { KafkaPartitionsHealth, logSinkOf, RUNTIME, type Runtime } from '@frictionlens/platform';
import { ClassificationService, NoModelYetError } from './classification.service.js';
import { ClassifiedOutbox } from './classified-outbox.js';
import { ClassifierMetrics } from './classifier.metrics.js';
import { ContactIngestedHandler } from './contact-ingested.handler.js';
import { ModelUpkeep } from './model/model-upkeep.js';

/**
 * Runs the classifier consumer group when Kafka is configured: consumes cx.contacts.v1 in
 * batches, classifies, and commits offsets only after the classifications are stored.
 */
@Injectable()
export class ClassifierConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ClassifierConsumer.name);
  private consumer?: BatchConsumer;

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly classification: ClassificationService,
    private readonly outbox: ClassifiedOutbox,
    private readonly upkeep: ModelUpkeep,
    private readonly metrics: ClassifierMetrics,
    private readonly partitions: KafkaPartitionsHealth,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { kafka, config } = this.runtime;
    if (!kafka || !this.runtime.consumesKafka) return;
    const prefix = config.KAFKA_TOPIC_PREFIX;
    const topics = (['contacts', 'contactsClassified', 'deadLetter'] as const).map((key) => topicName(key, prefix));
    await ensureTopics(kafka, topics.map((topic) => ({ topic, numPartitions: config.KAFKA_TOPIC_PARTITIONS })));
    await this.upkeep.ready();
    const handler = new ContactIngestedHandler(
      this.classification,
      (messages) => this.outbox.deadLetter(messages),
      (reason) => this.metrics.rejected.inc({ reason }),
    );
    const groupId = `${prefix}frictionlens.classifier`;
    // A message that fails on its own (found by bisecting its batch) is set aside with its error.
    const deadLetter = async (message: ConsumedMessage, error: unknown) => {
      await this.outbox.deadLetter([deadLetterMessage(message, handlerFailure(error), new Date())]);
      this.metrics.rejected.inc({ reason: 'handler_failed' });
    };
    this.consumer = new BatchConsumer(
      kafka,
      {
        groupId,
        topics: [topicName('contacts', prefix)],
        sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
        deadLetter,
        // Waiting for a first model is a state of a new install: every batch waits, none is poison.
        isOutage: (error) => error instanceof NoModelYetError,
        onFatalError: (error) => {
          this.logger.fatal({ error: error.message }, 'the Kafka consumer crashed and will not restart; exiting');
          process.exit(1);
        },
      },
      logSinkOf(this.logger),
    );
    this.partitions.watch(groupId, this.consumer);
    await this.consumer.start(async (batch) => {
      const end = this.metrics.batchSeconds.startTimer();
      const outcome = await handler.handle(batch);
      end();
      this.logger.debug({ topic: batch.topic, partition: batch.partition, size: batch.messages.length, ...outcome }, 'batch classified');
    });
    this.logger.log({ topic: topicName('contacts', prefix), groupId }, 'classifying contacts');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    await this.outbox.disconnect();
  }
}
