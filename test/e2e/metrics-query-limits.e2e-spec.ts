import pg from 'pg';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { aTaxonomy } from '../factories/classifications.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// Issue #16: a far-future period once made the failure-demand loop endless (the process died at
// ~4 GB), and a typo in a filter answered zeros. Every request here must answer within 5 s.
describe('metrics: periods and filter keys that do not exist', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let api: RunningService;
  let readKey: string;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    await aTaxonomy(db, [{ key: 'card_arrival' }, { key: 'upgrade', demandType: 'value' }, { key: 'charged_twice' }]);
    await db.query(`INSERT INTO value_streams (key, name, position) VALUES ('cards', 'Card issuing', 1), ('payments', 'Payments', 2)`);
    await db.query(`INSERT INTO value_stream_steps (key, value_stream_key, name, position) VALUES ('card-delivery', 'cards', 'Card delivery', 1), ('billing', 'payments', 'Billing', 1)`);
    api = await startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'metrics-limits-test-key-0123456789', API_METRICS_CACHE_MAX_STALE_MS: '0' });
    readKey = await anApiKey(database.url, ['metrics:read']);
  });

  afterAll(async () => {
    await api?.close();
    await db.end();
    await database.drop();
  });

  /** The answer, which must come within 5 s. */
  const get = async (path: string): Promise<{ status: number; body: Record<string, unknown>; ms: number }> => {
    const started = performance.now();
    const response = await fetch(`${api.url}${path}`, { headers: { 'x-api-key': readKey }, signal: AbortSignal.timeout(5_000) });
    const text = await response.text();
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(5_000);
    return { status: response.status, body: (response.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as Record<string, unknown>) : { text }, ms };
  };

  describe('dates', () => {
    it.each([
      ['/v1/metrics/failure-demand?from=9999-12-01&to=9999-12-31', 'from: must be a date from 1900-01-01 to 2999-12-31, not 9999-12-01'],
      ['/v1/metrics/failure-demand?interval=month&from=9990-01-01&to=9999-12-31', 'from: must be a date from 1900-01-01 to 2999-12-31, not 9990-01-01'],
      ['/v1/metrics/steps?from=0001-01-01&to=0001-12-31', 'from: must be a date from 1900-01-01 to 2999-12-31, not 0001-01-01; to: must be a date from 1900-01-01 to 2999-12-31 (or after 2999-12-31 for no end date), not 0001-12-31'],
      ['/v1/metrics/spikes?interval=day&from=9999-12-01&to=9999-12-31', 'from: must be a date from 1900-01-01 to 2999-12-31, not 9999-12-01'],
      ['/v1/contacts?from=9999-12-01&to=9999-12-31', 'from: must be a date from 1900-01-01 to 2999-12-31, not 9999-12-01'],
      ['/v1/metrics/failure-demand?from=1900-01-01', "from: must be at most 1100 days before to (to defaults to this week's Monday"],
      ['/v1/metrics/failure-demand?from=2020-01-01&to=9999-12-31', 'to: must be at most 1100 days after from (a to after 2999-12-31 means today included'],
    ])('%s answers a 400 naming the field, fast', async (path, message) => {
      const { status, body } = await get(path);
      expect(status).toBe(400);
      expect(body.message).toContain(message);
    });

    it('reads to=9999-12-31 as no end date: the period runs up to and including today', async () => {
      const tomorrow = day(1);
      const alone = await get('/v1/metrics/failure-demand?to=9999-12-31');
      expect(alone.status).toBe(200);
      expect(alone.body).toMatchObject({ from: day(1 - 84), to: tomorrow });
      expect((alone.body.rows as Array<{ period: string }>).at(-1)!.period <= day(0)).toBe(true);

      const monthly = await get(`/v1/metrics/failure-demand?interval=month&from=${day(-400)}&to=9999-12-31`);
      expect(monthly.status).toBe(200);
      expect(monthly.body).toMatchObject({ from: day(-400), to: tomorrow });
      expect((monthly.body.rows as unknown[]).length).toBeGreaterThanOrEqual(13);

      for (const path of ['/v1/metrics/steps', '/v1/metrics/pareto', '/v1/metrics/cost', '/v1/metrics/spikes?interval=day&baselinePeriods=52', '/v1/contacts']) {
        const answer = await get(`${path}${path.includes('?') ? '&' : '?'}to=9999-12-31`);
        expect([path, answer.status]).toEqual([path, 200]);
        expect(answer.body.to).toBe(tomorrow);
      }
      const csv = await get('/v1/metrics/failure-demand?to=9999-12-31&format=csv&interval=day');
      expect(csv.status).toBe(200);
      expect(String(csv.body.text).trim().split('\n')).toHaveLength(1 + 84);
    });

    it('still answers the widest periods it accepts', async () => {
      for (const path of [
        '/v1/metrics/failure-demand?interval=day&from=2997-01-01&to=2999-12-31',
        '/v1/metrics/spikes?interval=day&baselinePeriods=52&from=2997-01-01&to=2999-12-31',
        '/v1/metrics/steps?from=1900-01-01&to=1903-01-01',
      ]) {
        expect([path, (await get(path)).status]).toEqual([path, 200]);
      }
    });
  });

  it("weighs a countermeasure started in year 1 or 9999 without failing", async () => {
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO countermeasures (step_key, category_keys, title, started_on, status) VALUES ('card-delivery', '{}', 'Ancient', '0001-01-10', 'done'), ('card-delivery', '{}', 'Far off', '9999-12-01', 'planned') RETURNING id`,
    );
    for (const { id } of rows) {
      const { status, body } = await get(`/v1/metrics/countermeasures/${id}/impact?weeks=52`);
      expect([id, status]).toEqual([id, 200]);
      expect(body.beforeFrom).toBe((body.countermeasure as { startedOn: string }).startedOn);
    }
  });

  describe('filter keys', () => {
    it.each([
      ['/v1/metrics/failure-demand?category=card_arival', "category: no category 'card_arival'; did you mean 'card_arrival'? (GET /v1/taxonomy lists them)"],
      ['/v1/metrics/failure-demand?step=card-delivry', "step: no step 'card-delivry'; did you mean 'card-delivery'? (GET /v1/value-streams lists them)"],
      ['/v1/metrics/failure-demand?failureType=repat', "failureType: no failure type 'repat'; did you mean 'repeat'?"],
      ['/v1/metrics/failure-demand?failureType=nope', "failureType: no failure type 'nope'; did you mean '"],
      ['/v1/metrics/failure-demand?groupBy=step&valueStream=card', "valueStream: no value stream 'card'; did you mean 'cards'?"],
      ['/v1/metrics/failure-demand?category=card_arival&format=csv', "category: no category 'card_arival'; did you mean 'card_arrival'?"],
      ['/v1/metrics/steps?step=biling', "step: no step 'biling'; did you mean 'billing'?"],
      ['/v1/metrics/pareto?by=step&step=nope', "step: no step 'nope'; did you mean '"],
      ['/v1/metrics/spikes?category=upgrad', "category: no category 'upgrad'; did you mean 'upgrade'?"],
      ['/v1/metrics/cost?valueStream=payment', "valueStream: no value stream 'payment'; did you mean 'payments'?"],
      ['/v1/contacts?step=does-not-exist', "step: no step 'does-not-exist'; did you mean '"],
      ['/v1/contacts?category=charged_twice,chargd_twice&format=csv', "category: no category 'chargd_twice'; did you mean 'charged_twice'?"],
    ])('%s answers a 400 naming the key and the closest known one', async (path, message) => {
      const { status, body } = await get(path);
      expect(status).toBe(400);
      expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(body.message).toContain(message);
      expect((body.problems as Array<{ field: string }>)[0]!.field).toBe(message.split(':')[0]);
    });

    it('names every unknown key of every filter at once', async () => {
      const { status, body } = await get('/v1/metrics/steps?step=nope,billing&category=card_arival');
      expect(status).toBe(400);
      expect((body.problems as Array<{ field: string; problem: string }>).map((p) => `${p.field} ${p.problem.split(';')[0]}`)).toEqual(["step no step 'nope'", "category no category 'card_arival'"]);
    });

    it('takes every known key, unclassified and the contacts\' own failure types included', async () => {
      for (const path of [
        '/v1/metrics/failure-demand?category=card_arrival,unclassified&step=card-delivery,billing&valueStream=cards,payments',
        '/v1/metrics/failure-demand?failureType=repeat,not-for-here',
        '/v1/metrics/pareto?by=step&step=billing',
        '/v1/contacts?category=upgrade&step=billing',
        '/v1/metrics/cost?product=anything&source=anything',
      ]) {
        expect([path, (await get(path)).status]).toEqual([path, 200]);
      }
    });

    it('knows a step made a moment ago, and forgets one deleted', async () => {
      expect((await get('/v1/metrics/steps?step=top-up')).status).toBe(400);
      await db.query(`INSERT INTO value_stream_steps (key, value_stream_key, name, position) VALUES ('top-up', 'payments', 'Top-up', 2)`);
      expect((await get('/v1/metrics/steps?step=top-up')).status).toBe(200);
      await db.query(`DELETE FROM value_stream_steps WHERE key = 'top-up'`);
      // The deletion reaches the API as a notification; a moment later the key is unknown again.
      let status = 200;
      for (let tries = 0; tries < 50 && status === 200; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = (await get('/v1/metrics/steps?step=top-up&try=1')).status;
      }
      expect(status).toBe(400);
    });
  });
});
