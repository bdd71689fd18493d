export * from './topics.js';
export * from './channel.js';
export * from './contact-kind.js';
export * from './ticket.v1.js';
export * from './warranty-claim.v1.js';
export * from './complaint.v1.js';
export * from './contact.v1.js';
export * from './json-schemas.js';
