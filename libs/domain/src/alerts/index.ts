export * from './alert-rules.js';
export * from './alert-signature.js';
export * from './alert-payloads.js';
export * from './alert-messages.js';
