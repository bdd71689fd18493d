import { Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@frictionlens/contracts';
import { KafkaBatchController, type ConsumedBatch } from '@frictionlens/kafka';
import { ClassificationService, HOW_TO_GET_A_FIRST_MODEL } from './classification.service.js';
import { ClassifiedOutbox } from './classified-outbox.js';
import { ClassifierConsumerGroup } from './classifier.consumer-group.js';
import { ClassifierMetrics } from './classifier.metrics.js';
import { ContactIngestedHandler } from './contact-ingested.handler.js';

const AWAITING_SAID_EVERY_MS = 10 * 60_000;

/**
 * Stored contacts from cx.contacts.v1: each batch of one partition is classified and the
 * classifications stored (ContactIngestedHandler); resolving lets the transport commit it.
 */
@KafkaBatchController()
export class ClassifierBatchesController {
  private readonly logger = new Logger(ClassifierBatchesController.name);
  private readonly handler: ContactIngestedHandler;
  private awaitingFirstModel = 0;
  private awaitingSaidAt?: number;

  constructor(
    classification: ClassificationService,
    outbox: ClassifiedOutbox,
    private readonly metrics: ClassifierMetrics,
  ) {
    this.handler = new ContactIngestedHandler(
      classification,
      (messages) => outbox.deadLetter(messages),
      (reason) => metrics.rejected.inc({ reason }),
    );
  }

  @EventPattern(Topics.contacts, { consumerGroup: ClassifierConsumerGroup.id })
  async classifyContacts(@Payload() batch: ConsumedBatch): Promise<void> {
    const end = this.metrics.batchSeconds.startTimer();
    const outcome = await this.handler.handle(batch);
    end();
    this.logger.debug({ topic: batch.topic, partition: batch.partition, size: batch.messages.length, ...outcome }, 'batch classified');
    if (outcome.awaitingFirstModel > 0) this.noteAwaitingFirstModel(outcome.awaitingFirstModel);
  }

  // A new install may wait days for its first taxonomy: said when it starts and then every ten minutes, not for every batch.
  private noteAwaitingFirstModel(contacts: number): void {
    this.metrics.awaitingFirstModel.inc(contacts);
    this.awaitingFirstModel += contacts;
    const now = Date.now();
    if (this.awaitingSaidAt !== undefined && now - this.awaitingSaidAt < AWAITING_SAID_EVERY_MS) return;
    this.awaitingSaidAt = now;
    this.logger.log({ contacts: this.awaitingFirstModel }, `no model yet: ${this.awaitingFirstModel} contacts consumed so far are stored and wait for the first one; ${HOW_TO_GET_A_FIRST_MODEL}`);
  }
}
