import type { ServiceDefinition } from '@frictionlens/platform';
import { IngestConsumerGroup } from './ingest.consumer-group.js';
import { IngestModule } from './ingest.module.js';

/**
 * Source events in (Kafka and HTTP), normalised and redacted contacts out. One process per core
 * by default (INGEST_WORKERS): its work is CPU-bound and every process is a consumer-group member.
 */
export const ingestService: ServiceDefinition = {
  name: 'ingest',
  modules: [IngestModule],
  consumesKafka: true,
  consumerGroups: [IngestConsumerGroup],
  workers: (config) => config.INGEST_WORKERS,
};
