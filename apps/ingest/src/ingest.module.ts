import { Module } from '@nestjs/common';
import { resolveCustomerHashKey, RUNTIME, type Runtime } from '@frictionlens/platform';
import { CONTACT_OUTBOX } from './contact-outbox.js';
import { ContactsController } from './contacts.controller.js';
import { IngestBatchesController } from './ingest-batches.controller.js';
import { IngestConsumerGroup } from './ingest.consumer-group.js';
import { IngestMetrics } from './ingest.metrics.js';
import { IngestService } from './ingest.service.js';
import { EventNormaliser } from './normalise/event-normaliser.js';
import { KafkaContactOutbox } from './kafka-contact-outbox.js';

@Module({
  controllers: [ContactsController, IngestBatchesController],
  providers: [
    IngestService,
    IngestConsumerGroup,
    IngestMetrics,
    KafkaContactOutbox,
    { provide: CONTACT_OUTBOX, useExisting: KafkaContactOutbox },
    {
      provide: EventNormaliser,
      inject: [RUNTIME],
      useFactory: (runtime: Runtime) =>
        new EventNormaliser({
          maxTextBytes: runtime.config.INGEST_MAX_TEXT_BYTES,
          maxAttributeBytes: runtime.config.INGEST_MAX_ATTRIBUTE_BYTES,
          maxFutureSkewMs: runtime.config.INGEST_MAX_FUTURE_SKEW_MINUTES * 60_000,
          customerHashKey: resolveCustomerHashKey(runtime),
        }),
    },
  ],
  exports: [IngestService],
})
export class IngestModule {}
