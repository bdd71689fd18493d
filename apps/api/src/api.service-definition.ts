import type { ServiceDefinition } from '@frictionlens/platform';
import { ApiModule } from './api.module.js';

/** The HTTP service: management API (erasure now; metrics, taxonomy and value streams to come). */
export const apiService: ServiceDefinition = { name: 'api', modules: [ApiModule], consumesKafka: false };
