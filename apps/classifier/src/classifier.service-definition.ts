import type { ServiceDefinition } from '@frictionlens/platform';
import { ClassifierConsumerGroup } from './classifier.consumer-group.js';
import { ClassifierModule } from './classifier.module.js';

/** Classifies stored contacts (from cx.contacts.v1, or from the database without Kafka) and keeps its model current. */
export const classifierService: ServiceDefinition = { name: 'classifier', modules: [ClassifierModule], consumesKafka: true, consumerGroups: [ClassifierConsumerGroup] };
