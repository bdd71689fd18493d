import type { ServiceDefinition } from '@frictionlens/platform';
import { ApiModule } from './api.module.js';

/** The HTTP service: taxonomy, review queue and labels, model versions, value streams, countermeasures, failure-demand metrics, erasure. */
export const apiService: ServiceDefinition = { name: 'api', modules: [ApiModule], consumesKafka: false, openApi: true };
