export * from './batch-consumer.js';
export * from './kafka-client.js';
export * from './kafka-probe.js';
export * from './topic-admin.js';
export * from './dead-letter.js';
export * from './publisher.js';
export * from './key-partitioner.js';
