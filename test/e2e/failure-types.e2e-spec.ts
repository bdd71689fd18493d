import pg from 'pg';
import type { DataSource } from 'typeorm';
import { ClassificationRepository, createDataSource, type NewClassification } from '@frictionlens/persistence';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { ContactsResponse, CostResponse, FailureDemandResponse, ParetoResponse, StepsResponse, TaxonomyVersionList, TaxonomyVersionResponse } from '@frictionlens/contracts';
import { apiClient } from '../factories/api-client.js';
import { aModelVersion } from '../factories/classifications.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// Failure types (issue #9) through the API on real PostgreSQL: stored with the taxonomy version,
// validated, and every metric grouped and filtered by them, each figure worked out by hand.
//
// The taxonomy: card_arrival is progress chasing at card delivery; charged_twice is done wrong,
// split 0.5 delivery / 0.5 billing; fee_unknown is not understood at billing; card_declined is
// failure demand with no type yet, at billing; upgrade is value demand at no step.
// Contacts: all on Tuesday 2026-05-05 but one card_arrival on Saturday 2026-05-09.
//   card_arrival ×6, charged_twice ×2, fee_unknown ×3, card_declined ×1, upgrade ×2, unclassified ×1
// Failure demand: 12 = progress-chasing 6 + not-understood 3 + done-wrong 2 + no type 1.
// Delivery: 6 progress chasing + 1 done wrong = 7; billing: 3 not understood + 1 done wrong + 1 no type = 5.
describe('failure types', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let dataSource: DataSource;
  let api: RunningService;
  let readKey: string;
  let adminKey: string;
  const week = 'from=2026-05-04&to=2026-05-11'; // Monday to Monday: served from the weekly rollups
  const toFriday = 'from=2026-05-04&to=2026-05-09'; // not whole weeks: served from the daily rollups

  const failureTypes = [
    { key: 'progress-chasing', name: 'Progress chasing', usualFix: 'shorten the lead time' },
    { key: 'not-done' },
    { key: 'done-wrong', name: 'Done wrong', description: 'A wrong result the customer must get corrected.' },
    { key: 'did-not-work' },
    { key: 'not-understood' },
    { key: 'not-for-here' },
    { key: 'repeat' },
  ];
  const categories = [
    { key: 'card_arrival', demandType: 'failure', failureType: 'progress-chasing', step: 'delivery' },
    { key: 'charged_twice', demandType: 'failure', failureType: 'done-wrong' },
    { key: 'fee_unknown', demandType: 'failure', failureType: 'not-understood' },
    { key: 'card_declined', demandType: 'failure' },
    { key: 'upgrade', demandType: 'value' },
  ];
  const contacts: Array<[day: string, channel: string, category: string]> = [
    ...Array.from({ length: 5 }, (): [string, string, string] => ['2026-05-05', 'email', 'card_arrival']),
    ['2026-05-09', 'email', 'card_arrival'],
    ['2026-05-05', 'phone', 'charged_twice'],
    ['2026-05-05', 'phone', 'charged_twice'],
    ['2026-05-05', 'email', 'fee_unknown'],
    ['2026-05-05', 'email', 'fee_unknown'],
    ['2026-05-05', 'email', 'fee_unknown'],
    ['2026-05-05', 'chat', 'card_declined'],
    ['2026-05-05', 'chat', 'upgrade'],
    ['2026-05-05', 'chat', 'upgrade'],
    ['2026-05-05', 'email', 'unclassified'],
  ];

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    dataSource = createDataSource(database.url, { logging: ['error'] });
    await dataSource.initialize();
    api = await startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'failure-types-test-key-0123456789', API_METRICS_CACHE_MAX_STALE_MS: '0' });
    readKey = await anApiKey(database.url, ['metrics:read']);
    adminKey = await anApiKey(database.url, ['admin']);
    const imported = await send('POST', '/v1/taxonomy/import', { description: 'test bank', failureTypes, categories });
    expect(imported.status).toBe(201);
    const taxonomyVersionId = (imported.body as { version: number }).version;
    const model = { modelVersionId: await aModelVersion(db, taxonomyVersionId), taxonomyVersionId };
    await db.query(`INSERT INTO value_streams (key, name, position) VALUES ('cards', 'Card issuing', 1), ('payments', 'Payments', 2)`);
    await db.query(`INSERT INTO value_stream_steps (key, value_stream_key, name, position) VALUES ('delivery', 'cards', 'Card delivery', 1), ('billing', 'payments', 'Billing', 1)`);
    await db.query(
      `INSERT INTO category_step_links (category_key, step_key, weight) VALUES
         ('card_arrival', 'delivery', 1), ('charged_twice', 'delivery', 0.5), ('charged_twice', 'billing', 0.5),
         ('fee_unknown', 'billing', 1), ('card_declined', 'billing', 1)`,
    );
    const rows: NewClassification[] = [];
    for (const [i, [day, channel, category]] of contacts.entries()) {
      const { rows: stored } = await db.query<{ id: string }>(
        `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text) VALUES ('ticket', 'zendesk', $1, $2, $3, 'text') RETURNING id::text`,
        [`F-${i}`, `${day}T10:00:00Z`, channel],
      );
      const demandType = category === 'unclassified' ? null : category === 'upgrade' ? 'value' : 'failure';
      rows.push({ contactId: stored[0]!.id, categoryKey: category, demandType, confidence: 0.9, top: [], explanation: {}, sentiment: 0, effortCues: [] });
    }
    await new ClassificationRepository(dataSource).storeBatch(model, rows);
  });

  afterAll(async () => {
    await api?.close();
    await dataSource?.destroy();
    await db?.end();
    await database?.drop();
  });

  const { send, json, answer } = apiClient(() => api.url, { admin: () => adminKey, read: () => readKey });

  describe('in the taxonomy', () => {
    it('stores the failure types with the version, extra fields as attributes, and exports them to import again', async () => {
      const current = await answer(TaxonomyVersionResponse, '/v1/taxonomy');
      expect(current.failureTypes).toHaveLength(7);
      expect(current.failureTypes[0]).toEqual({ key: 'progress-chasing', name: 'Progress chasing', description: null, attributes: { usualFix: 'shorten the lead time' } });
      expect(current.failureTypes[1]).toEqual({ key: 'not-done', name: 'Not done', description: null, attributes: {} });
      expect(current.categories.find((c) => c.key === 'card_declined')!.failureType).toBeNull();
      const exported = await json<{ failureTypes: Array<Record<string, unknown>> }>('/v1/taxonomy/export');
      expect(exported.failureTypes[0]).toEqual({ usualFix: 'shorten the lead time', key: 'progress-chasing', name: 'Progress chasing' });
      expect(exported.failureTypes[2]).toEqual({ key: 'done-wrong', name: 'Done wrong', description: 'A wrong result the customer must get corrected.' });
    });

    it("answers 400 naming the field for a category's failure type the typology lacks, or a type key used twice", async () => {
      const unknown = await send('POST', '/v1/taxonomy/import', { failureTypes: [{ key: 'done-wrong' }], categories: [{ key: 'a', demandType: 'failure', failureType: 'done-wrongg' }] });
      expect(unknown.status).toBe(400);
      expect((unknown.body as { problems: unknown[] }).problems).toEqual([
        { field: 'categories.0.failureType', problem: "'done-wrongg' is not a failure type of the taxonomy: must be one of done-wrong" },
      ]);
      const twice = await send('POST', '/v1/taxonomy/import', { failureTypes: [{ key: 'x' }, { key: 'x' }], categories: [{ key: 'a', demandType: 'value' }] });
      expect(twice.status).toBe(400);
      expect((twice.body as { problems: unknown[] }).problems).toEqual([{ field: 'failureTypes.1.key', problem: "'x' is already the key of failure type 0" }]);
      const badKey = await send('POST', '/v1/taxonomy/import', { failureTypes: [{ key: "x'; --" }], categories: [{ key: 'a', demandType: 'value' }] });
      expect((badKey.body as { problems: Array<{ field: string }> }).problems.map((p) => p.field)).toEqual(['failureTypes.0.key']);
      const put = await send('PUT', '/v1/taxonomy/categories/card_declined', { demandType: 'failure', failureType: 'broken' });
      expect(put.status).toBe(400);
      expect((put.body as { problems: Array<{ field: string }> }).problems.map((p) => p.field)).toEqual(['failureType']);
      // Nothing of that made a version.
      expect((await answer(TaxonomyVersionList, '/v1/taxonomy/versions')).length).toBe(1);
    });

    it('replaces the typology in a new version, but not while a category still names a type it leaves out', async () => {
      const inUse = await send('PUT', '/v1/taxonomy/failure-types', { failureTypes: failureTypes.filter((t) => t.key !== 'done-wrong') });
      expect(inUse.status).toBe(400);
      expect((inUse.body as { message: string }).message).toBe(
        "failureTypes: categories still name 'done-wrong' (charged_twice): give them another failure type first (PUT /v1/taxonomy/categories/:key)",
      );
      const same = await send('PUT', '/v1/taxonomy/failure-types', { failureTypes });
      expect(same).toEqual({ status: 200, body: { version: 1, changed: false, examplesAdded: 0 } });
    });
  });

  describe('in the metrics', () => {
    it('groups the failure-demand ratio by failure type, value and unclassified demand under no type ("")', async () => {
      for (const period of [week, toFriday]) {
        const body = await answer(FailureDemandResponse, `/v1/metrics/failure-demand?${period}&interval=week&groupBy=failureType`);
        const progress = period === week ? 6 : 5;
        expect(body.groupBy).toBe('failureType');
        expect(body.rows.map((r) => [r.group, r.contacts, r.failureContacts, r.valueContacts, r.unclassifiedContacts])).toEqual([
          ['', 4, 1, 2, 1],
          ['done-wrong', 2, 2, 0, 0],
          ['not-understood', 3, 3, 0, 0],
          ['progress-chasing', progress, progress, 0, 0],
        ]);
      }
    });

    it('ranks failure types in a Pareto, the vital few first', async () => {
      const body = await answer(ParetoResponse, `/v1/metrics/pareto?${week}&by=failureType`);
      expect(body.by).toBe('failureType');
      // 6, 3, 2 and 1 of 12: shares 1/2, 1/4, 1/6, 1/12; the first three reach 80% (11/12).
      expect(body.rows).toMatchObject([
        { failureType: 'progress-chasing', count: 6, share: 0.5, cumulativeShare: 0.5, vital: true },
        { failureType: 'not-understood', count: 3, share: 0.25, cumulativeShare: 0.75, vital: true },
        { failureType: 'done-wrong', count: 2, share: 0.166667, cumulativeShare: 0.916667, vital: true },
        { failureType: null, count: 1, share: 0.0833333, cumulativeShare: 1, vital: false },
      ]);
    });

    it("gives each step its mix of failure types with Wilson intervals, and the hint the mix points at", async () => {
      const body = await answer(StepsResponse, 
        `/v1/metrics/steps?${week}`,
      );
      const [delivery, billing] = body.rows;
      expect(delivery).toMatchObject({ step: 'delivery', failureContacts: 7, hint: "look at the step's lead time" });
      // 6 of 7: Wilson 95% 0.48687–0.97432; 1 of 7: 0.025680–0.51313.
      expect(delivery!.failureTypes).toEqual([
        { failureType: 'progress-chasing', failureContacts: 6, share: 0.857143, shareLow: 0.486872, shareHigh: 0.97432 },
        { failureType: 'done-wrong', failureContacts: 1, share: 0.142857, shareLow: 0.0256796, shareHigh: 0.513128 },
      ]);
      expect(billing).toMatchObject({ step: 'billing', failureContacts: 5, hint: 'look at how the organisation communicates' });
      // 3 of 5: 0.23072–0.88238; 1 of 5: 0.036224–0.62447.
      expect(billing!.failureTypes).toEqual([
        { failureType: 'not-understood', failureContacts: 3, share: 0.6, shareLow: 0.230724, shareHigh: 0.882379 },
        { failureType: 'done-wrong', failureContacts: 1, share: 0.2, shareLow: 0.0362241, shareHigh: 0.624465 },
        { failureType: null, failureContacts: 1, share: 0.2, shareLow: 0.0362241, shareHigh: 0.624465 },
      ]);
    });

    it('filters every metric by failure type', async () => {
      const ratio = await answer(FailureDemandResponse, `/v1/metrics/failure-demand?${week}&failureType=progress-chasing`);
      expect(ratio.rows).toMatchObject([{ period: '2026-05-04', contacts: 6, failureContacts: 6, valueContacts: 0, unclassifiedContacts: 0, failureDemandRatio: 1 }]);
      const daily = await answer(FailureDemandResponse, `/v1/metrics/failure-demand?${toFriday}&interval=day&failureType=progress-chasing`);
      expect(daily.rows.map((r) => r.failureContacts)).toEqual([0, 5, 0, 0, 0]);
      const steps = await answer(StepsResponse, `/v1/metrics/steps?${week}&failureType=done-wrong,not-understood`);
      expect(steps.failureContacts).toBe(5);
      expect(steps.rows.map((r) => [r.step, r.failureContacts, r.hint])).toEqual([
        ['delivery', 1, "look at the step's %C&A"],
        ['billing', 4, 'look at how the organisation communicates'],
      ]);
      const pareto = await answer(ParetoResponse, `/v1/metrics/pareto?${week}&failureType=done-wrong`);
      expect(pareto.rows.map((r) => [r.category, r.count])).toEqual([['charged_twice', 2]]);
      const cost = await answer(CostResponse, `/v1/metrics/cost?${week}&by=failureType&failureType=not-understood`);
      expect(cost.rows).toMatchObject([{ failureType: 'not-understood', failureContacts: 3, cost: 0, currency: null, uncostedContacts: 3, channels: [{ channel: 'email', failureContacts: 3, cost: null }] }]);
      // The contacts behind those figures: the drill-down takes the same filter.
      const behind = await answer(ContactsResponse, `/v1/contacts?${week}&failureType=done-wrong,not-understood&limit=200`);
      expect(behind.rows.map((r) => r.category).sort()).toEqual(['charged_twice', 'charged_twice', 'fee_unknown', 'fee_unknown', 'fee_unknown']);
      expect(new Set(behind.rows.map((r) => r.demandType))).toEqual(new Set(['failure']));
    });

    it('answers 400 for a failure type that cannot be a key, or an unknown grouping', async () => {
      const bad = await fetch(`${api.url}/v1/metrics/steps?failureType=${encodeURIComponent("x'; DROP TABLE contacts; --")}`, { headers: { 'x-api-key': readKey } });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { problems: Array<{ field: string }> })
        .problems.map((p) => p.field)).toEqual(['failureType.0']);
      const by = await fetch(`${api.url}/v1/metrics/pareto?by=type`, { headers: { 'x-api-key': readKey } });
      expect(((await by.json()) as { problems: unknown[] }).problems).toEqual([{ field: 'by', problem: 'must be step, category or failureType' }]);
    });

    it("regroups all history at once when a category's failure type changes: the type is the current version's", async () => {
      const put = await send('PUT', '/v1/taxonomy/categories/fee_unknown', { demandType: 'failure', failureType: 'done-wrong' });
      expect(put).toMatchObject({ status: 200, body: { version: 2, changed: true } });
      // Questions not asked before: how soon the answer cache hears of the change is
      // metrics-cache.e2e-spec.ts's to test; here, that the rollups need no rebuild.
      const body = await answer(ParetoResponse, `/v1/metrics/pareto?${week}&by=failureType&demandType=failure`);
      expect(body.rows.map((r) => [r.failureType, r.count])).toEqual([['progress-chasing', 6], ['done-wrong', 5], [null, 1]]);
      const steps = await answer(StepsResponse, `/v1/metrics/steps?${week}&valueStream=cards,payments`);
      expect(steps.rows.map((r) => [r.step, r.hint])).toEqual([['delivery', "look at the step's lead time"], ['billing', "look at the step's %C&A"]]);
    });
  });
});
