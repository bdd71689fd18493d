import { Inject, Injectable } from '@nestjs/common';
import { topicName } from '@frictionlens/contracts';
import { deadLetterOnFailure, type BatchConsumer, type ConsumerGroup, type ConsumerGroupOptions } from '@frictionlens/kafka';
import { KafkaPartitionsHealth, RUNTIME, type Runtime } from '@frictionlens/platform';
import { IngestMetrics } from './ingest.metrics.js';
import { KafkaContactOutbox } from './kafka-contact-outbox.js';

/**
 * The ingest consumer group: how its batches of source events are consumed (see
 * IngestBatchesController for what is done with each batch). One member per ingest process.
 */
@Injectable()
export class IngestConsumerGroup implements ConsumerGroup {
  static readonly id = 'frictionlens.ingest';
  readonly name = IngestConsumerGroup.id;

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly outbox: KafkaContactOutbox,
    private readonly metrics: IngestMetrics,
    private readonly partitions: KafkaPartitionsHealth,
  ) {}

  consumerOptions(): ConsumerGroupOptions {
    const { config } = this.runtime;
    const deadLetterTopic = topicName('deadLetter', config.KAFKA_TOPIC_PREFIX);
    return {
      // A message the store keeps refusing on its own (found by bisecting its batch) is set aside
      // with the store's error, so it cannot hold its partition (and the whole process) back.
      deadLetter: deadLetterOnFailure(
        (messages) => this.outbox.sendRaw(deadLetterTopic, messages),
        (message) => {
          this.metrics.consumed.inc({ topic: message.topic });
          this.metrics.rejected.inc({ path: 'kafka', reason: 'handler_failed' });
        },
      ),
      concurrency: config.INGEST_PARTITIONS_CONCURRENTLY,
      maxBytes: config.INGEST_FETCH_MAX_BYTES,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      stallTimeoutMs: config.INGEST_BATCH_STALL_TIMEOUT_MS || undefined,
      onAssignment: (assignment) => this.metrics.keepLagOf(assignment),
    };
  }

  async beforeConsuming(consumer: BatchConsumer, groupId: string): Promise<void> {
    this.metrics.watchConsumer(consumer);
    this.partitions.watch(groupId, consumer);
    // The first batch's contacts are handed on at once, without a connection to wait for.
    await this.outbox.connect();
  }
}
