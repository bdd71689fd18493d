export * from './bootstrap.js';
export * from './log-sink.js';
export * from './platform.module.js';
export * from './runtime.js';
