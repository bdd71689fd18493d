import type { ServiceDefinition } from '@frictionlens/platform';
import { IngestModule } from './ingest.module.js';

/** Source events in (Kafka and HTTP), normalised and redacted contacts out. */
export const ingestService: ServiceDefinition = { name: 'ingest', modules: [IngestModule], consumesKafka: true };
