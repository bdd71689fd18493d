export * from './bootstrap.js';
export * from './log-sink.js';
export * from './platform.module.js';
export * from './runtime.js';
export * from './http/zod.pipe.js';
export * from './metrics/metrics-registry.js';
