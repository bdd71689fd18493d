export * from './prepared-contact.js';
