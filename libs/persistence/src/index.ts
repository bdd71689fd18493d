export * from './data-source.js';
export * from './database-location.js';
export * from './embedded-postgres.js';
export * from './entities/contact.entity.js';
export * from './repositories/contact.repository.js';
export * from './rows/index.js';
export * from './entities/api-key.entity.js';
export * from './repositories/api-key.repository.js';
