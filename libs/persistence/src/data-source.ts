import { DataSource, type DataSourceOptions } from 'typeorm';
import { ApiKeyEntity } from './entities/api-key.entity.js';
import { ContactEntity } from './entities/contact.entity.js';
import { CreateContacts1764100000000 } from './migrations/1764100000000-CreateContacts.js';
import { CreateApiKeys1764200000000 } from './migrations/1764200000000-CreateApiKeys.js';

// Listed explicitly rather than globbed: the same list works from TypeScript sources (tests)
// and compiled output, and an entity without its migration fails the schema drift test.
export const entities = [ContactEntity, ApiKeyEntity];
export const migrations = [CreateContacts1764100000000, CreateApiKeys1764200000000];

export function dataSourceOptions(url: string, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: ['error', 'migration'],
    extra: { max: 10, application_name: 'frictionlens' },
    ...overrides,
  } as DataSourceOptions;
}

export function createDataSource(url: string, overrides: Partial<DataSourceOptions> = {}): DataSource {
  return new DataSource(dataSourceOptions(url, overrides));
}
