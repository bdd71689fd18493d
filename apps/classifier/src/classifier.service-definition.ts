import type { ServiceDefinition } from '@frictionlens/platform';

/** Consumes normalised contacts and classifies them; its consumer arrives with the classifier. */
export const classifierService: ServiceDefinition = { name: 'classifier', modules: [], consumesKafka: true };
