import pg from 'pg';
import { parseApiKey } from '@frictionlens/domain';
import { ApiKeyRepository, createDataSource } from '@frictionlens/persistence';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { eventually } from '../setup/eventually.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// Each instance keeps the keys it has verified (no database round trip per request) until
// PostgreSQL says api_keys changed: a revocation or a change of scopes must still bite at once.
describe('API keys kept by an instance', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let api: RunningService;

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    api = await startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'api-key-revocation-test-0123' });
  });

  afterAll(async () => {
    await api?.close();
    await db?.end();
    await database?.drop();
  });

  const status = async (key: string) => (await fetch(`${api.url}/v1/metrics/steps`, { headers: { 'x-api-key': key } })).status;

  /** The notification travels on its own connection just after the commit: allow it a moment. */
  const eventuallyIs = (read: () => Promise<number>, expected: number) => eventually(read, (value) => value === expected);

  async function revoke(key: string): Promise<void> {
    const dataSource = createDataSource(database.url, { logging: ['error'] });
    await dataSource.initialize();
    try {
      expect(await new ApiKeyRepository(dataSource).revoke(parseApiKey(key)!.id)).toBe(true);
    } finally {
      await dataSource.destroy();
    }
  }

  it('stops a revoked key on the next requests', async () => {
    const key = await anApiKey(database.url, ['metrics:read']);
    expect(await status(key)).toBe(200);
    expect(await status(key)).toBe(200);
    await revoke(key);
    expect(await eventuallyIs(() => status(key), 401)).toBe(401);
  });

  it('applies a change of scopes', async () => {
    const key = await anApiKey(database.url, ['metrics:read']);
    expect(await status(key)).toBe(200);
    await db.query(`UPDATE api_keys SET scopes = '{ingest:write}' WHERE id = $1`, [parseApiKey(key)!.id]);
    expect(await eventuallyIs(() => status(key), 403)).toBe(403);
  });

  it('still stops a revoked key while its change feed is down', async () => {
    const key = await anApiKey(database.url, ['metrics:read']);
    expect(await status(key)).toBe(200);
    await db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'frictionlens api key changes'`);
    await revoke(key);
    expect(await eventuallyIs(() => status(key), 401)).toBe(401);
  });
});
