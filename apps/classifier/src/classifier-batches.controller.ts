import { Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@frictionlens/contracts';
import { KafkaBatchController, type ConsumedBatch } from '@frictionlens/kafka';
import { ClassificationService } from './classification.service.js';
import { ClassifiedOutbox } from './classified-outbox.js';
import { ClassifierConsumerGroup } from './classifier.consumer-group.js';
import { ClassifierMetrics } from './classifier.metrics.js';
import { ContactIngestedHandler } from './contact-ingested.handler.js';

/**
 * Stored contacts from cx.contacts.v1: each batch of one partition is classified and the
 * classifications stored (ContactIngestedHandler); resolving lets the transport commit it.
 */
@KafkaBatchController()
export class ClassifierBatchesController {
  private readonly logger = new Logger(ClassifierBatchesController.name);
  private readonly handler: ContactIngestedHandler;

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
  }
}
