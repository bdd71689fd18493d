import type { ServiceDefinition } from '@frictionlens/platform';

/** The HTTP service: health now; the metrics and management API mount here as they are built. */
export const apiService: ServiceDefinition = { name: 'api', modules: [], consumesKafka: false };
