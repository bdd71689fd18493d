import pg from 'pg';
import type { DataSource } from 'typeorm';
import { ClassificationRepository, createDataSource, type NewClassification } from '@frictionlens/persistence';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { aModelVersion, aTaxonomy } from '../factories/classifications.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// What the "fix first" panel and the Cost screen read: cost per year with its interval, ranked by
// money, the trend, the channels without a handling cost; failures per million units beside %C&A;
// periods cut by from/to marked partial. Two weeks from Monday 2026-05-04 (14 days): card delivery
// has 10 e-mails (5 EUR each) and 2 calls (8 EUR) and handled 100,000 units a day; billing has
// 1 call and 3 chats (chat has no handling cost) and handled 500 units a day. The two weeks before,
// card delivery had 4 e-mails.
describe('cost per year, failures per million units, partial periods', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let dataSource: DataSource;
  let api: RunningService;
  let readKey: string;
  const period = 'from=2026-05-04&to=2026-05-18';

  const contacts: Array<[day: string, channel: string, category: string]> = [
    ...Array.from({ length: 10 }, (_, i): [string, string, string] => [`2026-05-${String(4 + i).padStart(2, '0')}`, 'email', 'card_arrival']),
    ['2026-05-05', 'phone', 'card_arrival'],
    ['2026-05-12', 'phone', 'card_arrival'],
    ['2026-05-06', 'phone', 'charged_twice'],
    ['2026-05-06', 'chat', 'charged_twice'],
    ['2026-05-07', 'chat', 'charged_twice'],
    ['2026-05-13', 'chat', 'charged_twice'],
    ...Array.from({ length: 4 }, (_, i): [string, string, string] => [`2026-04-2${i}`, 'email', 'card_arrival']),
  ];

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    dataSource = createDataSource(database.url, { logging: ['error'] });
    await dataSource.initialize();
    const taxonomy = await aTaxonomy(db, [{ key: 'card_arrival' }, { key: 'charged_twice' }]);
    const model = { modelVersionId: await aModelVersion(db, taxonomy), taxonomyVersionId: taxonomy };
    await db.query(`INSERT INTO value_streams (key, name, position) VALUES ('cards', 'Cards', 1)`);
    await db.query(`INSERT INTO value_stream_steps (key, value_stream_key, name, position) VALUES ('delivery', 'cards', 'Card production & delivery', 1), ('billing', 'cards', 'Billing', 2)`);
    await db.query(`INSERT INTO category_step_links (category_key, step_key, weight) VALUES ('card_arrival', 'delivery', 1), ('charged_twice', 'billing', 1)`);
    await db.query(
      `INSERT INTO step_volumes (step_key, day, units)
       SELECT 'delivery', d, 100000 FROM generate_series('2026-05-04'::date, '2026-05-17'::date, interval '1 day') d
       UNION ALL SELECT 'billing', d, 500 FROM generate_series('2026-05-04'::date, '2026-05-17'::date, interval '1 day') d`,
    );
    const rows: NewClassification[] = [];
    for (const [i, [day, channel, category]] of contacts.entries()) {
      const { rows: stored } = await db.query<{ id: string }>(
        `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text) VALUES ('ticket', 'zendesk', $1, $2, $3, 'text') RETURNING id::text`,
        [`F-${i}`, `${day}T10:00:00Z`, channel],
      );
      rows.push({ contactId: stored[0]!.id, categoryKey: category, demandType: 'failure', confidence: 0.9, top: [], explanation: {}, sentiment: 0, effortCues: [] });
    }
    await new ClassificationRepository(dataSource).storeBatch(model, rows);
    await db.query(`INSERT INTO handling_costs (channel, cost_per_contact, currency) VALUES ('email', 5, 'EUR'), ('phone', 8, 'EUR')`);
    api = await startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'fix-first-test-key-0123456789', API_METRICS_CACHE_MAX_STALE_MS: '0' });
    readKey = await anApiKey(database.url, ['metrics:read']);
  });

  afterAll(async () => {
    await api?.close();
    await dataSource.destroy();
    await db.end();
    await database.drop();
  });

  const json = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${api.url}${path}`, { headers: { 'x-api-key': readKey } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };
  const perYear = 365 / 14;

  it('ranks steps by what their failure demand costs a year, with its interval, trend and channels', async () => {
    const body = await json<Record<string, any>>(`/v1/metrics/cost?${period}&by=step`);
    expect(body).toMatchObject({ days: 14, previousFrom: '2026-04-20', previousTo: '2026-05-04', currency: 'EUR', uncostedChannels: ['chat'], totalCost: 74 });
    expect(body.rows.map((r: { step: string }) => r.step)).toEqual(['delivery', 'billing']);
    const [delivery, billing] = body.rows;
    // 10 × 5 + 2 × 8 = 66 EUR in 14 days; the two weeks before, 4 × 5 = 20
    expect(delivery).toMatchObject({ cost: 66, previousCost: 20, failureContacts: 12, uncostedContacts: 0 });
    expect(delivery.channels).toEqual([{ channel: 'email', failureContacts: 10, cost: 50 }, { channel: 'phone', failureContacts: 2, cost: 16 }]);
    expect(delivery.costPerYear).toBeCloseTo(66 * perYear, 2);
    expect(delivery.costPerYearLow).toBeLessThan(delivery.costPerYear);
    expect(delivery.costPerYearHigh).toBeGreaterThan(delivery.costPerYear);
    // Billing: one call at 8, so the interval is the exact Poisson interval of 1 (0.0253–5.5716) times 8
    expect(billing).toMatchObject({ cost: 8, uncostedContacts: 3, failureContacts: 4 });
    expect(billing.costPerYear).toBeCloseTo(8 * perYear, 2);
    expect(billing.costPerYearLow).toBeCloseTo(0.0253178 * 8 * perYear, 1);
    expect(billing.costPerYearHigh).toBeCloseTo(5.571643 * 8 * perYear, 1);
    expect(body.totalCostPerYear).toBeCloseTo(74 * perYear, 2);
    expect(body.channels.map((c: { channel: string; cost: number | null }) => [c.channel, c.cost])).toEqual([['email', 50], ['phone', 24], ['chat', null]]);
  });

  it('goes one level down: the categories of one step, by cost', async () => {
    const body = await json<Record<string, any>>(`/v1/metrics/cost?${period}&by=category&step=billing`);
    expect(body.rows).toMatchObject([{ category: 'charged_twice', cost: 8, uncostedContacts: 3 }]);
  });

  describe('over time (interval)', () => {
    type Point = { period: string; partial: boolean; step?: string; category?: string; failureContacts: number; cost: number; costLow: number; costHigh: number; uncostedContacts: number };
    const figures = (series: Point[]) => series.map((p) => [p.period, p.step ?? p.category, p.partial, p.failureContacts, p.cost, p.uncostedContacts]);

    it('gives each step its cost per week, every step in every week, in the order of rows', async () => {
      const body = await json<{ interval: string; rows: Array<{ step: string }>; series: Point[] }>(`/v1/metrics/cost?${period}&by=step&interval=week`);
      expect(body.interval).toBe('week');
      // Week of 4 May: 7 e-mails (4–10 May) × 5 + 1 call × 8 = 43; billing 1 call × 8 and 2 chats unpriced.
      // Week of 11 May: 3 e-mails × 5 + 1 call × 8 = 23; billing 1 chat unpriced. Together the rows' 66 and 8.
      expect(figures(body.series)).toEqual([
        ['2026-05-04', 'delivery', false, 8, 43, 0],
        ['2026-05-04', 'billing', false, 3, 8, 2],
        ['2026-05-11', 'delivery', false, 4, 23, 0],
        ['2026-05-11', 'billing', false, 1, 0, 1],
      ]);
      // One call at 8: the exact Poisson interval of 1 (0.0253–5.5716) times 8; nothing priced, nothing either side.
      expect(body.series[1]).toMatchObject({ costLow: 0.2, costHigh: 44.57 });
      expect(body.series[3]).toMatchObject({ costLow: 0, costHigh: 0 });
      expect(body.series[0]!.costLow).toBeLessThan(43);
      expect(body.series[0]!.costHigh).toBeGreaterThan(43);
    });

    it('gives categories by month, and marks the weeks that from or to cut as partial', async () => {
      const months = await json<{ series: Point[] }>('/v1/metrics/cost?from=2026-04-01&to=2026-06-01&by=category&interval=month');
      expect(figures(months.series)).toEqual([
        ['2026-04-01', 'card_arrival', false, 4, 20, 0],
        ['2026-04-01', 'charged_twice', false, 0, 0, 0],
        ['2026-05-01', 'card_arrival', false, 12, 66, 0],
        ['2026-05-01', 'charged_twice', false, 4, 8, 3],
      ]);
      const cut = await json<{ series: Point[] }>('/v1/metrics/cost?from=2026-05-10&to=2026-05-20&by=category&interval=week');
      // Sunday 10 May holds one e-mail; 11–17 May 3 e-mails, a call and a chat; 18–19 May nothing.
      expect(figures(cut.series)).toEqual([
        ['2026-05-04', 'card_arrival', true, 1, 5, 0],
        ['2026-05-04', 'charged_twice', true, 0, 0, 0],
        ['2026-05-11', 'card_arrival', false, 4, 23, 0],
        ['2026-05-11', 'charged_twice', false, 1, 0, 1],
        ['2026-05-18', 'card_arrival', true, 0, 0, 0],
        ['2026-05-18', 'charged_twice', true, 0, 0, 0],
      ]);
    });

    it('gives no series without interval, and answers 400 naming interval for one it does not know', async () => {
      expect(await json<Record<string, unknown>>(`/v1/metrics/cost?${period}`)).not.toHaveProperty('series');
      const response = await fetch(`${api.url}/v1/metrics/cost?${period}&interval=year`, { headers: { 'x-api-key': readKey } });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { problems: Array<{ field: string; problem: string }> }).problems).toEqual([{ field: 'interval', problem: 'must be day, week or month' }]);
    });
  });

  it('gives failures per million units beside %C&A, with an interval', async () => {
    const body = await json<{ rows: Array<Record<string, any>> }>(`/v1/metrics/steps?${period}`);
    const delivery = body.rows.find((r) => r.step === 'delivery')!;
    const billing = body.rows.find((r) => r.step === 'billing')!;
    // 12 failures in 1,400,000 units; 4 in 7,000
    expect(delivery.failuresPerMillionUnits).toBeCloseTo((12 / 1_400_000) * 1e6, 3);
    expect(billing.failuresPerMillionUnits).toBeCloseTo((4 / 7_000) * 1e6, 1);
    // Garwood interval for 12: 6.2006–20.9612
    expect(delivery.failuresPerMillionUnitsLow).toBeCloseTo((6.2006 / 1.4), 2);
    expect(delivery.failuresPerMillionUnitsHigh).toBeCloseTo((20.9612 / 1.4), 2);
    expect(delivery.stepName).toBe('Card production & delivery');
    // %C&A keeps the digits that tell it from 1: 1 − 12 / 1,400,000, its interval not a point
    expect(delivery.observedCompleteAccurate).toBeCloseTo(1 - 12 / 1_400_000, 11);
    expect(delivery.observedCompleteAccurateLow).toBeCloseTo(1 - 20.9612 / 1_400_000, 9);
    expect(delivery.observedCompleteAccurateHigh).toBeCloseTo(1 - 6.2006 / 1_400_000, 9);
  });

  it('marks the periods that from or to cut as partial', async () => {
    const cut = await json<{ rows: Array<{ period: string; partial: boolean; contacts: number }> }>('/v1/metrics/failure-demand?from=2026-05-10&to=2026-05-20&interval=week');
    expect(cut.rows.map((r) => [r.period, r.partial])).toEqual([['2026-05-04', true], ['2026-05-11', false], ['2026-05-18', true]]);
    expect(cut.rows[0]!.contacts).toBe(1); // Sunday 10 May only
    const whole = await json<{ rows: Array<{ partial: boolean }> }>(`/v1/metrics/failure-demand?${period}&interval=week`);
    expect(whole.rows.map((r) => r.partial)).toEqual([false, false]);
    const months = await json<{ rows: Array<{ period: string; partial: boolean }> }>('/v1/metrics/failure-demand?from=2026-04-01&to=2026-06-01&interval=month');
    expect(months.rows.map((r) => r.partial)).toEqual([false, false]);
  });
});
