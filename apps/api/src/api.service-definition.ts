import type { ServiceDefinition } from '@frictionlens/platform';
import { ApiModule } from './api.module.js';

/** The HTTP service: taxonomy, review queue and labels, model versions, erasure (metrics and value streams to come). */
export const apiService: ServiceDefinition = { name: 'api', modules: [ApiModule], consumesKafka: false };
