export * from './counted-contact.js';
