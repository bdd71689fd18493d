import http from 'node:http';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { ClassificationRepository, createDataSource, type NewClassification } from '@frictionlens/persistence';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { aModelVersion, aTaxonomy } from '../factories/classifications.js';
import { eventually } from '../setup/eventually.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// The API keeps metrics answers until PostgreSQL says the data beneath them changed (LISTEN on
// the NotifyMetricsChanges triggers). Every write path must show up in the next answer, and
// while the change feed is down nothing may be served from the cache.
describe('metrics answers cache', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let dataSource: DataSource;
  let api: RunningService;
  let key: string;
  let model: { modelVersionId: number; taxonomyVersionId: number };
  let sourceIds = 0;
  const weekly = '/v1/metrics/failure-demand?from=2026-05-04&to=2026-05-11&interval=week';

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    dataSource = createDataSource(database.url, { logging: ['error'] });
    await dataSource.initialize();
    const taxonomy = await aTaxonomy(db, [{ key: 'card_arrival' }, { key: 'upgrade', demandType: 'value' }]);
    model = { modelVersionId: await aModelVersion(db, taxonomy), taxonomyVersionId: taxonomy };
    await db.query(`INSERT INTO value_streams (key, name, position) VALUES ('cards', 'Card issuing', 1)`);
    await db.query(`INSERT INTO value_stream_steps (key, value_stream_key, name, position) VALUES ('delivery', 'cards', 'Card delivery', 1)`);
    await db.query(`INSERT INTO category_step_links (category_key, step_key, weight) VALUES ('card_arrival', 'delivery', 1)`);
    await classified('card_arrival', 'card_arrival', 'upgrade');
    api = await startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'metrics-cache-test-key-0123' });
    key = await anApiKey(database.url, ['metrics:read']);
  });

  afterAll(async () => {
    await api?.close();
    await dataSource?.destroy();
    await db?.end();
    await database?.drop();
  });

  async function classified(...categories: string[]): Promise<void> {
    const rows: NewClassification[] = [];
    for (const category of categories) {
      const { rows: stored } = await db.query<{ id: string }>(
        `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text) VALUES ('ticket', 'zendesk', $1, '2026-05-05T10:00:00Z', 'email', 'text') RETURNING id::text`,
        [`T-${++sourceIds}`],
      );
      rows.push({ contactId: stored[0]!.id, categoryKey: category, demandType: category === 'upgrade' ? 'value' : 'failure', confidence: 0.9, top: [], explanation: {}, sentiment: 0, effortCues: [] });
    }
    await new ClassificationRepository(dataSource).storeBatch(model, rows);
  }

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${api.url}${path}`, { headers: { 'x-api-key': key, ...headers } });
    return { status: response.status, headers: response.headers.get('content-disposition') ?? '', cache: response.headers.get('x-cache'), etag: response.headers.get('etag'), type: response.headers.get('content-type') ?? '', text: await response.text() };
  };
  // fetch() adds Cache-Control: no-cache to a conditional request (as the Fetch standard says),
  // which rightly defeats If-None-Match; BI tools and browsers revalidate without it.
  const conditionalStatus = (path: string, etag: string) =>
    new Promise<number>((resolve, reject) => {
      http.get(`${api.url}${path}`, { headers: { 'x-api-key': key, 'if-none-match': etag } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      }).on('error', reject);
    });
  const failureContacts = async () => JSON.parse((await get(weekly)).text).rows[0].failureContacts as number;

  /** A notification arrives just after the commit, on its own connection: wait for it, briefly. */
  const eventuallyIs = <T>(read: () => Promise<T>, expected: T) => eventually(read, (value) => value === expected);

  const listenerPid = async () =>
    (await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'frictionlens metrics changes'`)).rows[0]?.pid;

  it('serves a repeated question from the cache, byte for byte, and revalidates by ETag', async () => {
    const first = await get(weekly);
    const second = await get(weekly);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.cache).toBe('hit');
    expect(second.text).toBe(first.text);
    expect(second.type).toMatch(/^application\/json/);
    expect(JSON.parse(second.text).rows[0]).toMatchObject({ contacts: 3, failureContacts: 2, valueContacts: 1 });
    expect(await conditionalStatus(weekly, second.etag!)).toBe(304);
  });

  it('keeps JSON and CSV answers of the same question apart', async () => {
    await get(weekly);
    const csv = await get(`${weekly}&format=csv`);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.text).toContain('period,partial,contacts,failureContacts');
    const again = await get(`${weekly}&format=csv`);
    expect(again.cache).toBe('hit');
    expect(again.type).toMatch(/^text\/csv/);
    expect(again.headers).toMatch(/attachment; filename="failure-demand.csv"/);
    expect(again.text).toBe(csv.text);
    const byAccept = await get(weekly, { accept: 'text/csv' });
    expect(byAccept.type).toMatch(/^text\/csv/);
    expect(byAccept.text).toBe(csv.text);
    expect((await get(weekly)).type).toMatch(/^application\/json/);
  });

  it('answers afresh once a classification batch commits', async () => {
    const before = await failureContacts();
    await classified('card_arrival', 'card_arrival');
    expect(await eventuallyIs(failureContacts, before + 2)).toBe(before + 2);
  });

  it('answers afresh after a change to step volumes, a table the rollups do not hold', async () => {
    const units = async () => JSON.parse((await get('/v1/metrics/steps?from=2026-05-04&to=2026-05-11')).text).rows[0].units as number | null;
    expect(await units()).toBeNull();
    await db.query(`INSERT INTO step_volumes (step_key, day, units) VALUES ('delivery', '2026-05-05', 250)`);
    expect(await eventuallyIs(units, 250)).toBe(250);
  });

  it('caches nothing while the change feed is down, and resumes once it reconnects', async () => {
    await get(weekly);
    expect((await get(weekly)).cache).toBe('hit');
    const pid = await listenerPid();
    expect(pid).toBeDefined();
    await db.query('SELECT pg_terminate_backend($1)', [pid]);
    // A change made while nobody listens must still be seen.
    const before = await failureContacts();
    await classified('card_arrival');
    // Until the API has heard of the loss (the server's message may still be on its way) it could
    // serve the answer it holds; from then on it computes and keeps nothing ('off').
    const down = await get(weekly);
    if (down.cache !== 'hit') expect(JSON.parse(down.text).rows[0].failureContacts).toBe(before + 1);
    // Back within the reconnection backoff; then answers are kept again, and current.
    const reconnected = await eventuallyIs(async () => (await listenerPid()) !== undefined && (await listenerPid()) !== pid, true);
    expect(reconnected).toBe(true);
    expect(await failureContacts()).toBe(before + 1);
    expect(await eventuallyIs(async () => (await get(weekly)).cache, 'hit')).toBe('hit');
    expect(await failureContacts()).toBe(before + 1);
  });

  it('never answers from the cache without a valid key', async () => {
    await get(weekly);
    expect((await fetch(`${api.url}${weekly}`)).status).toBe(401);
    const ingestOnly = await anApiKey(database.url, ['ingest:write']);
    expect((await fetch(`${api.url}${weekly}`, { headers: { 'x-api-key': ingestOnly } })).status).toBe(403);
  });
});
