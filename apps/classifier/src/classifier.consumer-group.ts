import { Inject, Injectable } from '@nestjs/common';
import { deadLetterOnFailure, type BatchConsumer, type ConsumerGroup, type ConsumerGroupOptions } from '@frictionlens/kafka';
import { KafkaPartitionsHealth, RUNTIME, type Runtime } from '@frictionlens/platform';
import { NoModelYetError } from './classification.service.js';
import { ClassifiedOutbox } from './classified-outbox.js';
import { ClassifierMetrics } from './classifier.metrics.js';
import { ModelUpkeep } from './model/model-upkeep.js';

/**
 * The classifier consumer group: how its batches of stored contacts are consumed (see
 * ClassifierBatchesController for what is done with each batch).
 */
@Injectable()
export class ClassifierConsumerGroup implements ConsumerGroup {
  static readonly id = 'frictionlens.classifier';
  readonly name = ClassifierConsumerGroup.id;

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly outbox: ClassifiedOutbox,
    private readonly upkeep: ModelUpkeep,
    private readonly metrics: ClassifierMetrics,
    private readonly partitions: KafkaPartitionsHealth,
  ) {}

  consumerOptions(): ConsumerGroupOptions {
    return {
      sessionTimeoutMs: this.runtime.config.KAFKA_SESSION_TIMEOUT_MS,
      // A message that fails on its own (found by bisecting its batch) is set aside with its error.
      deadLetter: deadLetterOnFailure(
        (messages) => this.outbox.deadLetter(messages),
        () => this.metrics.rejected.inc({ reason: 'handler_failed' }),
      ),
      // A model is stored but not served here yet (loading, or it needs another encoder): every
      // batch waits, none is poison. Before any model exists batches are not held at all
      // (ContactIngestedHandler): their contacts wait in PostgreSQL for the first model.
      isOutage: (error) => error instanceof NoModelYetError,
    };
  }

  async beforeConsuming(consumer: BatchConsumer, groupId: string): Promise<void> {
    this.partitions.watch(groupId, consumer);
    await this.upkeep.ready();
  }

  // After the member has left the group: the batch in hand has published its classifications.
  async afterConsuming(): Promise<void> {
    await this.outbox.disconnect();
  }
}
