import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// The API service with a tiny limit (5 a minute), so the sixth request of a key is one too many.
describe('API_RATE_LIMIT_PER_MINUTE', () => {
  let database: TestDatabase;
  let api: RunningService;
  let key: string;

  beforeAll(async () => {
    database = await freshDatabase();
    api = await startService(apiService, {
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      CUSTOMER_HASH_KEY: 'rate-limit-test-key-0123456789',
      API_RATE_LIMIT_PER_MINUTE: '5',
    });
    key = await anApiKey(database.url, ['metrics:read']);
  });

  afterAll(async () => {
    await api?.close();
    await database.drop();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${api.url}${path}`, { headers });

  it('answers the sixth request of a key in a minute, across routes, with 429, Retry-After and a JSON reason', async () => {
    const paths = ['/v1/metrics/steps', '/v1/metrics/pareto', '/v1/metrics/steps', '/v1/models', '/v1/metrics/cost'];
    const statuses = [];
    for (const path of paths) statuses.push((await get(path, { 'x-api-key': key })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);

    const sut = await get('/v1/metrics/failure-demand', { 'x-api-key': key });
    expect(sut.status).toBe(429);
    const retryAfter = Number(sut.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(sut.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await sut.json()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `rate limit reached: at most 5 requests a minute per API key; retry after ${retryAfter} s`,
      retryAfterSeconds: retryAfter,
    });
  });

  it('never limits /health or the Prometheus /metrics', async () => {
    for (let i = 0; i < 8; i++) {
      expect((await get('/health', { 'x-api-key': key })).status).toBe(200);
      expect((await get('/metrics')).status).toBe(200);
    }
  });

  it('gives another key a budget of its own, the same key as a bearer token none', async () => {
    const other = await anApiKey(database.url, ['metrics:read'], 'other');
    expect((await get('/v1/metrics/steps', { 'x-api-key': other })).status).toBe(200);
    expect((await get('/v1/metrics/steps', { authorization: `Bearer ${key}` })).status).toBe(429);
  });

  it('limits callers without a key by their address', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await get('/v1/metrics/steps')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});
