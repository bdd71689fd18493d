import { Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { InboundTopicKeyByKind, topicName, Topics } from '@frictionlens/contracts';
import { KafkaBatchController, type ConsumedBatch } from '@frictionlens/kafka';
import { RUNTIME, type Runtime } from '@frictionlens/platform';
import { ContactReceivedHandler } from './contact-received.handler.js';
import { IngestConsumerGroup } from './ingest.consumer-group.js';
import { IngestMetrics } from './ingest.metrics.js';
import { IngestService } from './ingest.service.js';
import { KafkaContactOutbox } from './kafka-contact-outbox.js';

/** The inbound topics, one per kind of contact, without the deployment's prefix. */
const inboundTopics = Object.values(InboundTopicKeyByKind).map((key) => Topics[key]);

/**
 * Source events from Kafka: each batch of one partition of an inbound topic is validated,
 * redacted and stored (ContactReceivedHandler); resolving lets the transport commit it.
 */
@KafkaBatchController()
export class IngestBatchesController {
  private readonly logger = new Logger(IngestBatchesController.name);
  private readonly handler: ContactReceivedHandler;

  constructor(
    @Inject(RUNTIME) runtime: Runtime,
    ingest: IngestService,
    outbox: KafkaContactOutbox,
    private readonly metrics: IngestMetrics,
  ) {
    const prefix = runtime.config.KAFKA_TOPIC_PREFIX;
    const deadLetterTopic = topicName('deadLetter', prefix);
    this.handler = new ContactReceivedHandler(ingest, (messages) => outbox.sendRaw(deadLetterTopic, messages), prefix);
  }

  @EventPattern(inboundTopics, { consumerGroup: IngestConsumerGroup.id })
  async storeSourceEvents(@Payload() batch: ConsumedBatch): Promise<void> {
    const started = performance.now();
    const outcome = await this.handler.handle(batch);
    const ms = performance.now() - started;
    this.metrics.recordBatch(batch, ms / 1_000);
    this.logger.debug({ topic: batch.topic, partition: batch.partition, size: batch.messages.length, ...outcome, ms: Math.round(ms) }, 'batch stored');
  }
}
