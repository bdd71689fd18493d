export * from './kafka-batch-controller.js';
export * from './kafka-batch-transport.js';
