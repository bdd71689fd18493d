import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import { CostResponse, FailureDemandResponse, ImpactResponse, ParetoResponse, SpikesResponse, StepsResponse } from '@frictionlens/contracts';
import { ClassificationRepository, ContactRepository, createDataSource, type NewClassification } from '@frictionlens/persistence';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { parsedAnswer } from '../factories/api-client.js';
import { anApiKey } from '../factories/api-keys.js';
import { aModelVersion, aTaxonomy } from '../factories/classifications.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// The metrics API on known contacts, every figure checked against a value worked out by hand.
// Two weeks from Monday 2026-05-04; card_arrival starts at card delivery, charged_twice is split
// 0.6 billing / 0.4 delivery, upgrade is value demand at no step. Delivery handled 1,000 units a
// day, billing 500.
describe('GET /v1/metrics', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let dataSource: DataSource;
  let api: RunningService;
  let readKey: string;
  let model: { modelVersionId: number; taxonomyVersionId: number };
  const period = 'from=2026-05-04&to=2026-05-18';

  const contacts: Array<[day: string, channel: string, category: string, customer?: string]> = [
    ['2026-05-04', 'email', 'card_arrival'],
    ['2026-05-05', 'email', 'card_arrival'],
    ['2026-05-06', 'email', 'card_arrival'],
    ['2026-05-06', 'chat', 'upgrade'],
    ['2026-05-07', 'phone', 'charged_twice', 'bob'],
    ['2026-05-11', 'email', 'card_arrival'],
    ['2026-05-12', 'email', 'upgrade'],
    ['2026-05-13', 'email', 'upgrade'],
    ['2026-05-14', 'email', 'unclassified'],
    // the two weeks before, that `change` compares with
    ['2026-04-21', 'email', 'card_arrival'],
    ['2026-04-28', 'email', 'card_arrival'],
    // a quiet winter (one a week for 8 weeks), then a spike of 12 in the week of 2026-03-02
    ...Array.from({ length: 8 }, (_, week): [string, string, string] => [new Date(Date.UTC(2026, 0, 5 + 7 * week)).toISOString().slice(0, 10), 'web', 'card_arrival']),
    ...Array.from({ length: 12 }, (_, i): [string, string, string] => [`2026-03-0${2 + (i % 5)}`, 'web', 'card_arrival']),
  ];

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    dataSource = createDataSource(database.url, { logging: ['error'] });
    await dataSource.initialize();
    const taxonomy = await aTaxonomy(db, [{ key: 'card_arrival' }, { key: 'upgrade', demandType: 'value' }, { key: 'charged_twice' }]);
    model = { modelVersionId: await aModelVersion(db, taxonomy), taxonomyVersionId: taxonomy };
    await db.query(`INSERT INTO value_streams (key, name, position) VALUES ('cards', 'Card issuing', 1), ('payments', 'Payments', 2)`);
    await db.query(
      `INSERT INTO value_stream_steps (key, value_stream_key, name, position, target_complete_accurate) VALUES ('delivery', 'cards', 'Card delivery', 1, 0.999), ('billing', 'payments', 'Billing', 1, NULL)`,
    );
    await db.query(`INSERT INTO category_step_links (category_key, step_key, weight) VALUES ('card_arrival', 'delivery', 1), ('charged_twice', 'billing', 0.6), ('charged_twice', 'delivery', 0.4)`);
    await db.query(
      `INSERT INTO step_volumes (step_key, day, units)
       SELECT 'delivery', d, 1000 FROM generate_series('2026-05-04'::date, '2026-05-17'::date, interval '1 day') d
       UNION ALL SELECT 'billing', d, 500 FROM generate_series('2026-05-04'::date, '2026-05-17'::date, interval '1 day') d`,
    );
    const rows: NewClassification[] = [];
    for (const [i, [day, channel, category, customer]] of contacts.entries()) {
      const { rows: stored } = await db.query<{ id: string }>(
        `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text, customer_hash) VALUES ('ticket', 'zendesk', $1, $2, $3, 'text', $4) RETURNING id::text`,
        [`T-${i}`, `${day}T10:00:00Z`, channel, customer ?? null],
      );
      rows.push(aClassification(stored[0]!.id, category));
    }
    await new ClassificationRepository(dataSource).storeBatch(model, rows);
    await db.query(`INSERT INTO handling_costs (channel, cost_per_contact, currency) VALUES ('email', 5, 'EUR'), ('phone', 8, 'EUR')`);
    await db.query(`INSERT INTO countermeasures (step_key, category_keys, title, started_on, status) VALUES ('delivery', '{card_arrival}', 'Tracking link in the dispatch e-mail', '2026-05-11', 'done')`);
    // Each figure is read right after the write that changes it: no stale answer may be served
    // (the cache's freshness has its own tests, metrics-cache.e2e-spec.ts).
    api = await startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'metrics-test-key-0123456789', API_METRICS_CACHE_MAX_STALE_MS: '0' });
    readKey = await anApiKey(database.url, ['metrics:read']);
  });

  afterAll(async () => {
    await api?.close();
    await dataSource.destroy();
    await db.end();
    await database.drop();
  });

  function aClassification(contactId: string, category: string): NewClassification {
    const demandType = category === 'unclassified' ? null : category === 'upgrade' ? 'value' : 'failure';
    return { contactId, categoryKey: category, demandType, confidence: 0.9, top: [], explanation: {}, sentiment: 0, effortCues: [] };
  }
  const get = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${api.url}${path}`, { ...init, headers: { 'x-api-key': readKey, ...(init.headers ?? {}) } });
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
  };
  // Every answer is parsed with its contract: a field the API adds, drops or retypes fails here.
  const json = async <S extends z.ZodType>(schema: S, path: string): Promise<z.infer<S>> => {
    const response = await get(path);
    expect(response.status).toBe(200);
    return parsedAnswer(schema, JSON.parse(response.text), `GET ${path}`);
  };

  it('gives the weekly failure-demand ratio with its Wilson interval, unclassified apart', async () => {
    const body = await json(FailureDemandResponse, `/v1/metrics/failure-demand?${period}&interval=week`);
    expect(body.rows).toHaveLength(2);
    expect(body.rows[0]).toMatchObject({ period: '2026-05-04', contacts: 5, failureContacts: 4, valueContacts: 1, unclassifiedContacts: 0, failureDemandRatio: 0.8 });
    expect(body.rows[0]!.failureDemandRatioLow).toBeCloseTo(0.3755, 3); // Wilson 95% for 4 of 5
    expect(body.rows[0]!.failureDemandRatioHigh).toBeCloseTo(0.9638, 3);
    expect(body.rows[1]).toMatchObject({ period: '2026-05-11', contacts: 4, failureContacts: 1, valueContacts: 2, unclassifiedContacts: 1 });
    expect(body.rows[1]!.failureDemandRatio).toBeCloseTo(1 / 3, 6);
  });

  it('groups the ratio by one dimension, with every period of every group', async () => {
    const body = await json(FailureDemandResponse,
      `/v1/metrics/failure-demand?${period}&interval=week&groupBy=channel`,
    );
    expect(body.rows.map((r) => `${r.period} ${r.group} ${r.failureContacts}/${r.valueContacts}`)).toEqual([
      '2026-05-04 chat 0/1',
      '2026-05-04 email 3/0',
      '2026-05-04 phone 1/0',
      '2026-05-11 chat 0/0',
      '2026-05-11 email 1/2',
      '2026-05-11 phone 0/0',
    ]);
  });

  it('gives each step its failure demand, share, friction rate per 1,000 units, observed %C&A and change', async () => {
    const body = await json(StepsResponse, `/v1/metrics/steps?${period}`);
    expect(body.failureContacts).toBe(5);
    const [delivery, billing] = body.rows;
    expect(delivery).toMatchObject({ valueStream: 'cards', step: 'delivery', failureContacts: 4.4, units: 14_000, targetCompleteAccurate: 0.999 });
    expect(delivery!.failureShare).toBeCloseTo(0.88, 6);
    expect(delivery!.frictionRatePer1000).toBeCloseTo(4.4 / 14, 6);
    expect(delivery!.observedCompleteAccurate).toBeCloseTo(1 - 4.4 / 14_000, 6); // six significant digits
    expect(delivery!.change).toBeCloseTo(1.2, 6); // 4.4 against 2 in the two weeks before
    expect(delivery!.topCategories).toEqual([{ category: 'card_arrival', failureContacts: 4 }, { category: 'charged_twice', failureContacts: 0.4 }]);
    expect(billing).toMatchObject({ step: 'billing', failureContacts: 0.6, units: 7_000, change: null });
    expect(billing!.failureShare).toBeCloseTo(0.12, 6);
  });

  it('ranks categories and steps in a Pareto with shares and cumulative shares', async () => {
    const byCategory = await json(ParetoResponse, `/v1/metrics/pareto?${period}&by=category`);
    expect(byCategory.rows).toMatchObject([
      { category: 'card_arrival', count: 4, share: 0.8, cumulativeShare: 0.8 },
      { category: 'charged_twice', count: 1, share: 0.2, cumulativeShare: 1 },
    ]);
    const byStep = await json(ParetoResponse, `/v1/metrics/pareto?${period}&by=step`);
    expect(byStep.rows.map((r) => r.step)).toEqual(['delivery', 'billing']);
    expect(byStep.rows[0]!.share).toBeCloseTo(0.88, 6);
  });

  it('filters by channel and value stream', async () => {
    const body = await json(FailureDemandResponse, `/v1/metrics/failure-demand?${period}&interval=month&channel=phone`);
    expect(body.rows).toMatchObject([{ period: '2026-05-01', failureContacts: 1 }]);
    const steps = await json(StepsResponse, `/v1/metrics/steps?${period}&valueStream=payments`);
    expect(steps.rows.map((r) => r.step)).toEqual(['billing']);
  });

  it('answers CSV for spreadsheets with ?format=csv or Accept: text/csv', async () => {
    const byQuery = await get(`/v1/metrics/failure-demand?${period}&format=csv`);
    expect(byQuery.status).toBe(200);
    expect(byQuery.type).toMatch(/^text\/csv/);
    const lines = byQuery.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('period,partial,contacts,failureContacts,valueContacts,unclassifiedContacts,failureDemandRatio,failureDemandRatioLow,failureDemandRatioHigh,adjustedFailureDemandRatio,adjustedFailureDemandRatioLow,adjustedFailureDemandRatioHigh,repeatContacts,repeatRate,repeatRateLow,repeatRateHigh');
    expect(lines[1]).toMatch(/^2026-05-04,false,5,4,1,0,0.8,/);
    const byHeader = await get(`/v1/metrics/pareto?${period}`, { headers: { accept: 'text/csv' } });
    expect(byHeader.text).toContain('card_arrival,4,0.8,0.8');
  });

  it('needs a key with metrics:read, and names a bad parameter in a 400', async () => {
    expect((await fetch(`${api.url}/v1/metrics/steps`)).status).toBe(401);
    const ingestOnly = await anApiKey(database.url, ['ingest:write']);
    expect((await fetch(`${api.url}/v1/metrics/steps`, { headers: { 'x-api-key': ingestOnly } })).status).toBe(403);
    const bad = await get(`/v1/metrics/failure-demand?interval=year`);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).problems).toEqual([{ field: 'interval', problem: 'must be day, week or month' }]);
    const reversed = await get(`/v1/metrics/steps?from=2026-05-18&to=2026-05-04`);
    expect(JSON.parse(reversed.text).problems).toEqual([{ field: 'to', problem: 'must be after from' }]);
  });

  it('turns a SQL-injection attempt in any parameter into a 400, and changes nothing', async () => {
    for (const parameter of ['category', 'step', 'valueStream', 'product', 'source', 'channel', 'groupBy', 'from']) {
      const response = await get(`/v1/metrics/failure-demand?${parameter}=${encodeURIComponent("x'; DROP TABLE contacts; --")}`);
      expect({ parameter, status: response.status }).toEqual({ parameter, status: 400 });
    }
    expect(Number((await db.query('SELECT count(*) AS n FROM contacts')).rows[0].n)).toBe(contacts.length);
  });

  it('finds the week whose failure demand is improbably high against its own baseline', async () => {
    const body = await json(SpikesResponse, `/v1/metrics/spikes?from=2026-03-02&to=2026-03-09&interval=week&by=category`);
    expect(body.rows).toHaveLength(1);
    expect(body.rows[0]).toMatchObject({ category: 'card_arrival', period: '2026-03-02', count: 12, baseline: 1, zScore: 11 });
    expect(body.rows[0]!.pValue).toBeCloseTo(8.3161e-10, 13); // P(X >= 12) = e^-1 (1/12! + 1/13! + ...) for X ~ Poisson(1)
    expect((await json(SpikesResponse, `/v1/metrics/spikes?${period}&interval=week`)).rows).toEqual([]);
  });

  it("counts the distinct customers behind a spike and a cost on request", async () => {
    const { rows: spiked } = await db.query<{ id: string }>(
      `SELECT c.id::text FROM contacts c JOIN classifications x ON x.contact_id = c.id AND x.current
       WHERE x.category_key = 'card_arrival' AND c.occurred_at >= '2026-03-02' AND c.occurred_at < '2026-03-09' ORDER BY c.id`,
    );
    expect(spiked).toHaveLength(12);
    // The spike's 12 contacts from three customers, four each (set here, and taken back after).
    await db.query(`UPDATE contacts SET customer_hash = 'customer-' || (id % 3) WHERE id = ANY($1::bigint[])`, [spiked.map((r) => r.id)]);
    try {
      const week = 'from=2026-03-02&to=2026-03-09';
      const spikes = await json(SpikesResponse, `/v1/metrics/spikes?${week}&interval=week&by=category&customers=true`);
      expect(spikes.rows).toMatchObject([{ category: 'card_arrival', period: '2026-03-02', count: 12, customers: 3 }]);
      const cost = await json(CostResponse, `/v1/metrics/cost?${week}&by=category&customers=true`);
      expect(cost.rows.find((r) => r.category === 'card_arrival')).toMatchObject({ failureContacts: 12, customers: 3 });
      expect((await json(CostResponse, `/v1/metrics/cost?${week}&by=category`)).rows[0]).not.toHaveProperty('customers');
    } finally {
      await db.query('UPDATE contacts SET customer_hash = NULL WHERE id = ANY($1::bigint[])', [spiked.map((r) => r.id)]);
    }
  });

  it('prices failure demand by the handling cost of each channel', async () => {
    const body = await json(CostResponse, `/v1/metrics/cost?${period}&by=step`);
    // delivery: 4 e-mails at 5 + 0.4 of a phone call at 8; billing: 0.6 of a phone call at 8
    expect(body.rows.map(({ step, failureContacts, cost, currency, uncostedContacts }) => ({ step, failureContacts, cost, currency, uncostedContacts }))).toEqual([
      { step: 'delivery', failureContacts: 4.4, cost: 23.2, currency: 'EUR', uncostedContacts: 0 },
      { step: 'billing', failureContacts: 0.6, cost: 4.8, currency: 'EUR', uncostedContacts: 0 },
    ]);
    expect(body.totalCost).toBe(28);
  });

  it("compares a countermeasure's step before and after its start over equal windows", async () => {
    const { rows: [{ id }] } = await db.query<{ id: number }>('SELECT id FROM countermeasures');
    const body = await json(ImpactResponse, `/v1/metrics/countermeasures/${id}/impact?weeks=1`);
    expect(body).toMatchObject({ beforeFrom: '2026-05-04', afterTo: '2026-05-18', basis: 'units', verdict: 'too little data' });
    expect(body.before).toMatchObject({ count: 3, weeks: 1, units: 7_000 });
    expect(body.after).toMatchObject({ count: 1, weeks: 1, units: 7_000 });
    expect(body.rateRatio).toBeCloseTo(1 / 3, 6);
    expect((await get('/v1/metrics/countermeasures/999/impact')).status).toBe(404);
    expect((await get('/v1/metrics/countermeasures/abc/impact')).status).toBe(400);
  });

  it('follows an erasure and a reclassification', async () => {
    await dataSource.transaction((tx) => new ContactRepository(tx).deleteByCustomerHash('bob'));
    const { rows: [email] } = await db.query<{ id: string }>(`SELECT id::text FROM contacts WHERE source_id = 'T-7'`);
    const newer = { ...model, modelVersionId: await aModelVersion(db, model.taxonomyVersionId) };
    await new ClassificationRepository(dataSource).storeBatch(newer, [aClassification(email!.id, 'card_arrival')]);
    const body = await json(StepsResponse, `/v1/metrics/steps?${period}`);
    expect(body.rows.map((r) => [r.step, r.failureContacts])).toEqual([['delivery', 5], ['billing', 0]]);
  });
});
