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

interface ClientPool {
  on(event: 'connect', listener: (client: ErrorEmitter) => void): void;
}
interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): void;
}

/**
 * Opens the data source and gives every pooled connection a last-resort error listener. When
 * PostgreSQL stops or restarts, a connection can receive the server's "terminating connection"
 * message at a moment when neither the pool nor TypeORM listens for it, and node's default for an
 * unheard 'error' event is to end the process. With the listener the error is logged; the broken
 * connection is discarded on release and the work is retried, as for any outage.
 */
export async function initializeDataSource(dataSource: DataSource, onStrayError: (error: Error) => void): Promise<DataSource> {
  await dataSource.initialize();
  const pool = (dataSource.driver as unknown as { master?: ClientPool }).master;
  pool?.on('connect', (client) => client.on('error', onStrayError));
  return dataSource;
}
