import type { ServiceDefinition } from '@frictionlens/platform';

export const ingestService: ServiceDefinition = { name: 'ingest', modules: [], consumesKafka: true };
