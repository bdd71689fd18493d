import pg from 'pg';
import type { DataSource } from 'typeorm';
import { ClassificationRepository, createDataSource, type NewClassification } from '@frictionlens/persistence';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { ingestService } from '../../apps/ingest/src/ingest.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { ContactsResponse, FailureDemandResponse, ParetoResponse, StepsResponse } from '@frictionlens/contracts';
import { apiClient } from '../factories/api-client.js';
import { aModelVersion } from '../factories/classifications.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// Repeat contacts (issue #9) end to end: tickets posted with customer ids (stored only as keyed
// hashes), classified, then read through every metric; each figure worked out by hand.
//
// card_arrival is progress chasing at delivery; fee_unknown is not understood at billing; upgrade is value demand.
//   alice: T1 Mon card_arrival, T2 Wed card_arrival (repeat of T1), T3 Thu fee_unknown (other step: no), T4 Fri fee_unknown (repeat of T3)
//   bob:   T5 Tue card_arrival, T6 Tue upgrade (other category, no step: no), T7 Sat upgrade (repeat of T6, value demand)
//   no customer id: T8, T9 card_arrival on Tuesday (never repeats)
// Week 2026-05-04: 9 contacts, 3 repeats (T2, T4, T7). Delivery: 5 contacts, 1 repeat; billing: 2 contacts, 1 repeat.
describe('repeat contacts', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let dataSource: DataSource;
  let ingest: RunningService;
  let api: RunningService;
  let readKey: string;
  let adminKey: string;
  const week = 'from=2026-05-04&to=2026-05-11';
  const tickets: Array<[id: string, day: string, customer: string | undefined, category: string]> = [
    ['T1', '2026-05-04', 'alice@example.com', 'card_arrival'],
    ['T2', '2026-05-06', 'alice@example.com', 'card_arrival'],
    ['T3', '2026-05-07', 'alice@example.com', 'fee_unknown'],
    ['T4', '2026-05-08', 'alice@example.com', 'fee_unknown'],
    ['T5', '2026-05-05', 'bob-42', 'card_arrival'],
    ['T6', '2026-05-05', 'bob-42', 'upgrade'],
    ['T7', '2026-05-09', 'bob-42', 'upgrade'],
    ['T8', '2026-05-05', undefined, 'card_arrival'],
    ['T9', '2026-05-05', undefined, 'card_arrival'],
  ];
  const contactIds: Record<string, string> = {};

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    dataSource = createDataSource(database.url, { logging: ['error'] });
    await dataSource.initialize();
    const env = { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'repeat-contacts-test-key-0123456789', API_METRICS_CACHE_MAX_STALE_MS: '0' };
    ingest = await startService(ingestService, env);
    api = await startService(apiService, env);
    readKey = await anApiKey(database.url, ['metrics:read']);
    adminKey = await anApiKey(database.url, ['admin']);
    const ingestKey = await anApiKey(database.url, ['ingest:write']);

    const imported = await send('POST', '/v1/taxonomy/import', {
      description: 'test bank',
      failureTypes: [{ key: 'progress-chasing' }, { key: 'not-understood' }, { key: 'repeat' }],
      categories: [
        { key: 'card_arrival', demandType: 'failure', failureType: 'progress-chasing' },
        { key: 'fee_unknown', demandType: 'failure', failureType: 'not-understood' },
        { key: 'upgrade', demandType: 'value' },
      ],
    });
    expect(imported.status).toBe(201);
    const taxonomyVersionId = (imported.body as { version: number }).version;
    await db.query(`INSERT INTO value_streams (key, name, position) VALUES ('cards', 'Card issuing', 1), ('payments', 'Payments', 2)`);
    await db.query(`INSERT INTO value_stream_steps (key, value_stream_key, name, position) VALUES ('delivery', 'cards', 'Card delivery', 1), ('billing', 'payments', 'Billing', 1)`);
    await db.query(`INSERT INTO category_step_links (category_key, step_key, weight) VALUES ('card_arrival', 'delivery', 1), ('fee_unknown', 'billing', 1)`);

    const posted = await fetch(`${ingest.url}/v1/contacts/ticket`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': ingestKey },
      body: JSON.stringify(tickets.map(([id, day, customerId]) => ({ id, createdAt: `${day}T10:00:00Z`, channel: 'email', description: `ticket ${id}`, ...(customerId && { customerId }) }))),
    });
    expect(posted.status).toBe(200);
    const { rows } = await db.query<{ source_id: string; id: string }>('SELECT source_id, id::text FROM contacts');
    for (const row of rows) contactIds[row.source_id] = row.id;
    const model = { modelVersionId: await aModelVersion(db, taxonomyVersionId), taxonomyVersionId };
    const classified = tickets.map(([id, , , category]): NewClassification => ({
      contactId: contactIds[id]!,
      categoryKey: category,
      demandType: category === 'upgrade' ? 'value' : 'failure',
      confidence: 0.9,
      top: [],
      explanation: {},
      sentiment: 0,
      effortCues: [],
    }));
    // In two batches, the later contacts first: the rollups must come out the same.
    await new ClassificationRepository(dataSource).storeBatch(model, classified.filter((_, i) => i % 2 === 1));
    await new ClassificationRepository(dataSource).storeBatch(model, classified.filter((_, i) => i % 2 === 0));
  });

  afterAll(async () => {
    await api?.close();
    await ingest?.close();
    await dataSource?.destroy();
    await db?.end();
    await database?.drop();
  });

  const { send, answer } = apiClient(() => api.url, { admin: () => adminKey, read: () => readKey });

  it('links a customer’s contacts by the keyed hash alone', async () => {
    const { rows } = await db.query<{ customer_hash: string | null; n: string }>('SELECT customer_hash, count(*) AS n FROM contacts GROUP BY 1 ORDER BY 2 DESC');
    expect(rows.map((r) => Number(r.n))).toEqual([4, 3, 2]);
    for (const row of rows.filter((r) => r.customer_hash !== null)) expect(row.customer_hash).toMatch(/^[0-9a-f]{64}$/);
    const { rows: leaked } = await db.query(`SELECT 1 FROM contacts WHERE customer_hash LIKE '%alice%' OR customer_hash LIKE '%bob%' OR attributes::text LIKE '%alice%'`);
    expect(leaked).toHaveLength(0);
  });

  it('gives each step its repeat contacts and repeat rate with the Wilson interval', async () => {
    const body = await answer(StepsResponse, `/v1/metrics/steps?${week}`);
    const [delivery, billing] = body.rows;
    // 1 of 5: 0.036224–0.62447; 1 of 2: 0.094531–0.905469.
    expect(delivery).toMatchObject({ step: 'delivery', contacts: 5, repeatContacts: 1, repeatRate: 0.2, repeatRateLow: 0.0362241, repeatRateHigh: 0.624465 });
    expect(billing).toMatchObject({ step: 'billing', contacts: 2, repeatContacts: 1, repeatRate: 0.5, repeatRateLow: 0.0945312, repeatRateHigh: 0.905469 });
  });

  it('gives each category its repeats, and counts repeats of failure demand as the failure type "repeat"', async () => {
    const failure = await answer(ParetoResponse, `/v1/metrics/pareto?${week}&by=category`);
    expect(failure.rows).toMatchObject([
      { category: 'card_arrival', count: 5, repeatContacts: 1, repeatRate: 0.2 },
      { category: 'fee_unknown', count: 2, repeatContacts: 1, repeatRate: 0.5 },
    ]);
    const value = await answer(ParetoResponse, `/v1/metrics/pareto?${week}&by=category&demandType=value`);
    expect(value.rows).toMatchObject([{ category: 'upgrade', count: 2, repeatContacts: 1, repeatRate: 0.5 }]);
    const byType = await answer(ParetoResponse, `/v1/metrics/pareto?${week}&by=failureType`);
    expect(byType.rows.map((r) => [r.failureType, r.count])).toEqual([['progress-chasing', 4], ['repeat', 2], ['not-understood', 1]]);
  });

  it('puts the repeat rate beside the failure-demand share of each period', async () => {
    const body = await answer(FailureDemandResponse, `/v1/metrics/failure-demand?${week}&interval=week`);
    expect(body.rows).toMatchObject([{ period: '2026-05-04', contacts: 9, failureContacts: 7, valueContacts: 2, repeatContacts: 3, repeatRate: 0.333333 }]);
  });

  it('lists the repeat contacts behind the figure, in the customers’ own words', async () => {
    const body = await answer(ContactsResponse, `/v1/contacts?${week}&failureType=repeat`);
    expect(body.rows.map((r) => r.contactId).sort()).toEqual([contactIds.T2, contactIds.T4].sort());
    expect(body.rows.every((r) => r.repeat && r.failureType === 'repeat' && r.text.startsWith('ticket T'))).toBe(true);
    const all = await answer(ContactsResponse, `/v1/contacts?${week}&limit=100`);
    expect(all.rows.filter((r) => r.repeat).map((r) => r.contactId).sort()).toEqual([contactIds.T2, contactIds.T4, contactIds.T7].sort());
  });

  it('counts the distinct customers behind each row on request, from the contacts, none for contacts without a customer id', async () => {
    const period = await answer(FailureDemandResponse, `/v1/metrics/failure-demand?${week}&interval=week&customers=true`);
    expect(period.rows).toMatchObject([{ period: '2026-05-04', contacts: 9, customers: 2, failureCustomers: 2 }]);
    const plain = await answer(FailureDemandResponse, `/v1/metrics/failure-demand?${week}&interval=week`);
    expect(plain.rows[0]).not.toHaveProperty('customers');
    const steps = await answer(StepsResponse, `/v1/metrics/steps?${week}&customers=true`);
    expect(steps.rows).toMatchObject([
      { step: 'delivery', contacts: 5, customers: 2, failureCustomers: 2 }, // alice and bob; T8 and T9 name nobody
      { step: 'billing', contacts: 2, customers: 1, failureCustomers: 1 },
    ]);
    const byType = await answer(ParetoResponse, `/v1/metrics/pareto?${week}&by=failureType&customers=true`);
    expect(byType.rows.map((r) => [r.failureType, r.count, r.customers])).toEqual([['progress-chasing', 4, 2], ['repeat', 2, 1], ['not-understood', 1, 1]]);
    const value = await answer(ParetoResponse, `/v1/metrics/pareto?${week}&by=category&demandType=value&customers=true`);
    expect(value.rows).toMatchObject([{ category: 'upgrade', count: 2, customers: 1 }]);
    const bad = await fetch(`${api.url}/v1/metrics/steps?${week}&customers=yes`, { headers: { 'x-api-key': readKey } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('customers');
  });

  it('says which taxonomy and value-stream versions and repeat window every answer reflects, and moves on when the map changes', async () => {
    const before = await answer(StepsResponse, `/v1/metrics/steps?${week}`);
    expect(before.reflects).toMatchObject({ taxonomyVersion: expect.any(Number), valueStreamVersion: expect.any(Number), repeatWindowDays: 7 });
    // One change in one transaction of several statements is one new version.
    await dataSource.transaction(async (tx) => {
      await tx.query(`UPDATE value_stream_steps SET target_complete_accurate = 0.95 WHERE key = 'delivery'`);
      await tx.query(`UPDATE value_stream_steps SET target_complete_accurate = 0.9 WHERE key = 'billing'`);
    });
    const after = await answer(ParetoResponse, `/v1/metrics/pareto?${week}`);
    expect(after.reflects.valueStreamVersion).toBe(before.reflects.valueStreamVersion + 1);
    const csv = await fetch(`${api.url}/v1/metrics/steps?${week}&format=csv`, { headers: { 'x-api-key': readKey } });
    expect(csv.headers.get('x-reflects')).toMatch(new RegExp(`^taxonomyVersion=${before.reflects.taxonomyVersion}&valueStreamVersion=${after.reflects.valueStreamVersion}&valueStreamChangedAt=[^&]+&repeatWindowDays=7$`));
  });
});
