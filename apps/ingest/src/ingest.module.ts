import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { customerHasher } from '@frictionlens/domain';
import { ContactRepository } from '@frictionlens/persistence';
import { RUNTIME, type Runtime } from '@frictionlens/platform';
import { CONTACT_OUTBOX } from './contact-outbox.js';
import { ContactsController } from './contacts.controller.js';
import { resolveCustomerHashKey } from './customer-hash-key.js';
import { IngestConsumer } from './ingest.consumer.js';
import { IngestMetrics } from './ingest.metrics.js';
import { IngestService, NORMALISE_SETTINGS, type NormaliseSettings } from './ingest.service.js';
import { KafkaContactOutbox } from './kafka-contact-outbox.js';

@Module({
  controllers: [ContactsController],
  providers: [
    IngestService,
    IngestConsumer,
    IngestMetrics,
    KafkaContactOutbox,
    { provide: CONTACT_OUTBOX, useExisting: KafkaContactOutbox },
    { provide: ContactRepository, useFactory: (db: DataSource) => new ContactRepository(db), inject: [DataSource] },
    {
      provide: NORMALISE_SETTINGS,
      inject: [RUNTIME],
      useFactory: (runtime: Runtime): NormaliseSettings => ({
        maxTextBytes: runtime.config.INGEST_MAX_TEXT_BYTES,
        maxFutureSkewMs: runtime.config.INGEST_MAX_FUTURE_SKEW_MINUTES * 60_000,
        hashCustomer: customerHasher(resolveCustomerHashKey(runtime)),
      }),
    },
  ],
  exports: [IngestService],
})
export class IngestModule {}
