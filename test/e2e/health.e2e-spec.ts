import { startService, type RunningService } from '@frictionlens/platform';
import { freshDatabase, testKafkaBrokers, type TestDatabase } from '../setup/test-env.js';

// Boots the service the way `npm start` does (same bootstrap, real database and broker) and
// reads /health over HTTP, as an operator's probe or docker-compose would.
describe('GET /health', () => {
  let database: TestDatabase;
  let sut: RunningService | undefined;

  beforeAll(async () => {
    database = await freshDatabase();
  });

  afterEach(async () => {
    await sut?.close();
    sut = undefined;
  });

  afterAll(async () => {
    await database.drop();
  });

  const boot = (env: Record<string, string>) =>
    startService({ name: 'all-in-one', modules: [], consumesKafka: true }, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, ...env });

  it('answers 200 with the database and Kafka up when both are reachable', async () => {
    sut = await boot({ KAFKA_BROKERS: testKafkaBrokers().join(',') });
    const response = await fetch(`${sut.url}/health`);
    const body = (await response.json()) as { status: string; details: Record<string, { status: string }> };
    expect(response.status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.details.database?.status).toBe('up');
    expect(body.details.kafka?.status).toBe('up');
  });

  it('answers 200 and says why the consumers are off when KAFKA_BROKERS is unset', async () => {
    sut = await boot({});
    const body = (await (await fetch(`${sut.url}/health`)).json()) as { details: { kafka: Record<string, string> } };
    expect(body.details.kafka).toEqual({ status: 'up', consumers: 'off', reason: 'KAFKA_BROKERS is not set' });
  });

  it('answers 503 naming Kafka when the broker cannot be reached', async () => {
    sut = await boot({ KAFKA_BROKERS: '127.0.0.1:1' });
    const response = await fetch(`${sut.url}/health`);
    const body = (await response.json()) as { status: string; error: Record<string, { status: string }> };
    expect(response.status).toBe(503);
    expect(body.error.kafka?.status).toBe('down');
    expect(body.error.database).toBeUndefined();
  });

  it('applies the migrations on start, so the schema is there', async () => {
    sut = await boot({});
    const { DataSource } = await import('typeorm');
    const ds = new DataSource({ type: 'postgres', url: database.url });
    await ds.initialize();
    const rows: Array<{ name: string }> = await ds.query('SELECT name FROM schema_migrations');
    await ds.destroy();
    expect(rows.map((r) => r.name)).toContain('CreateContacts1764100000000');
  });
});
