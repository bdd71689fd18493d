export * from './redaction/redact.js';
export * from './contact/customer-hash.js';
export * from './contact/normalise.js';
export * from './contact/idempotency-key.js';
export * from './access/api-key.js';
export * from './taxonomy/index.js';
