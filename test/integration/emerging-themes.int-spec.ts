import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource, TransactionRunner } from '@frictionlens/persistence';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import type { DiscoveryRunner } from '../../apps/classifier/src/discovery/discovery-runner.js';
import { EmergingThemes } from '../../apps/classifier/src/discovery/emerging-themes.js';
import { anApiKey } from '../factories/api-keys.js';
import { aClassification, aModelVersion, aTaxonomy } from '../factories/classifications.js';
import { bankingTexts } from '../factories/demo-taxonomy.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';
import { aDiscoveryRunner } from '../factories/discovery-runner.js';

interface Emerging {
  runId: number;
  raisedAt: string;
  growth: { emerging: boolean; recentCount: number; baselineRate: number; ratio: number | null; pValue: number; words: string; runId: number; themeId: number; themeIds: number[] };
  theme: { id: number; name: string; status: string; size: number; examples: Array<{ contactId: string; text: string }> };
}

// Emerging themes (docs/discovery.md): the contacts the model could not place over five weeks.
// Three intents arrive steadily all along; one (cards declined abroad) only in the last week,
// half of it unclassified and half placed below the model's threshold. Confidently placed and
// labelled contacts are not looked at. The schedule's runs are worked by the discovery runner
// without an encoder (TF-IDF/LSA, as in discovery.int-spec.ts).
const NOW = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const HOUR = 3_600_000;
const STEADY = ['change_pin', 'atm_support', 'exchange_rate'];
const GROWING = 'card_declined_abroad';
// What customers write when cards start being declined abroad: new this week, in their own words.
const OPENERS = ['Hi,', 'Hello,', 'Help!', 'Why was', 'Urgent:', 'Again', 'Today'];
const PLACES = ['at a shop in Spain', 'at a restaurant in Italy', 'in a hotel in France', 'at the airport in Portugal', 'at a petrol station in Germany'];
const declinedAbroad = Array.from({ length: 35 }, (_, i) => `${OPENERS[i % 7]} my card was declined ${PLACES[i % 5]} while travelling abroad, the payment did not go through`);
const PER_INTENT = 35;

describe('emerging themes (scheduled discovery over unplaced contacts, raised once)', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let dataSource: DataSource;
  let api: RunningService;
  let readKey: string;
  let adminKey: string;
  let runner: DiscoveryRunner;
  let emerging: EmergingThemes;
  let unplaced = 0;
  const intentOf = new Map<string, string>();

  const contact = async (text: string, occurredAt: Date): Promise<string> => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text) VALUES ('ticket', 'import', gen_random_uuid()::text, $1, 'email', $2) RETURNING id::text`,
      [occurredAt, text],
    );
    return rows[0]!.id;
  };

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    dataSource = createDataSource(database.url, { logging: ['error'] });
    await dataSource.initialize();
    const taxonomyVersionId = await aTaxonomy(db, ['card_arrival']);
    const modelVersionId = await aModelVersion(db, taxonomyVersionId);
    await db.query(`UPDATE model_versions SET evaluation = '{"threshold": 0.5}' WHERE id = $1`, [modelVersionId]);
    const texts = bankingTexts();
    const of = (intent: string) => texts.filter((t) => t.category === intent).slice(0, PER_INTENT);
    // Steady: one contact a day over the 35 days before NOW, none placed.
    for (const intent of STEADY) {
      for (const [i, { text }] of of(intent).entries()) {
        const id = await contact(text, new Date(NOW.getTime() - (i + 0.5) * DAY));
        await aClassification(db, id, { modelVersionId, taxonomyVersionId, category: 'unclassified', confidence: 0.2 });
        intentOf.set(id, intent);
        unplaced++;
      }
    }
    // Growing: all in the last 7 days; half unclassified, half placed below the threshold (0.5).
    for (const [i, text] of declinedAbroad.entries()) {
      const id = await contact(text, new Date(NOW.getTime() - ((i % 7) + 0.25) * DAY));
      await aClassification(db, id, { modelVersionId, taxonomyVersionId, category: i % 2 ? 'card_arrival' : 'unclassified', confidence: i % 2 ? 0.35 : 0.25 });
      intentOf.set(id, GROWING);
      unplaced++;
    }
    // Not looked at: placed confidently, labelled by a reviewer, not classified yet, older than the baseline.
    for (const { text } of of('card_arrival').slice(0, 10)) {
      const id = await contact(text, new Date(NOW.getTime() - 2 * DAY));
      await aClassification(db, id, { modelVersionId, taxonomyVersionId, category: 'card_arrival', confidence: 0.9 });
    }
    for (const { text } of of('card_arrival').slice(10, 15)) {
      const id = await contact(text, new Date(NOW.getTime() - 2 * DAY));
      await aClassification(db, id, { modelVersionId, taxonomyVersionId, category: 'unclassified', confidence: 0.1 });
      await db.query(`INSERT INTO contact_labels (contact_id, category_key, taxonomy_version_id, not_for_here, reviewer) VALUES ($1, 'card_arrival', $2, false, 'test')`, [id, taxonomyVersionId]);
    }
    for (const { text } of of('card_arrival').slice(15, 20)) await contact(text, new Date(NOW.getTime() - DAY));
    for (const { text } of of('card_arrival').slice(20, 25)) {
      const id = await contact(text, new Date(NOW.getTime() - 60 * DAY));
      await aClassification(db, id, { modelVersionId, taxonomyVersionId, category: 'unclassified', confidence: 0.1 });
    }
    runner = aDiscoveryRunner(dataSource, { progressEveryMs: 5 });
    emerging = new EmergingThemes(new TransactionRunner(dataSource), { everyMs: HOUR, firstAfter: new Date(NOW.getTime() - HOUR) });
    api = await startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'emerging-test-key-0123456789' });
    [adminKey, readKey] = await Promise.all([anApiKey(database.url, ['admin']), anApiKey(database.url, ['metrics:read'])]);
  });

  afterAll(async () => {
    await api?.close();
    await dataSource?.destroy();
    await db?.end();
    await database?.drop();
  });

  const call = async <T = Record<string, unknown>>(method: string, path: string, key: string = readKey) => {
    const response = await fetch(`${api.url}${path}`, { method, headers: { 'x-api-key': key } });
    return { status: response.status, body: (await response.json()) as T };
  };
  const listed = async (query = '') => (await call<{ rows: Emerging[] }>('GET', `/v1/discoveries/emerging${query}`)).body.rows;
  const raisedCount = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM discovery_themes WHERE raised_at IS NOT NULL')).rows[0]!.n;
  const membersOf = async (themeId: number) => (await db.query<{ id: string }>('SELECT contact_id::text AS id FROM discovery_theme_members WHERE theme_id = $1', [themeId])).rows.map((r) => r.id);
  /** One scheduled round: queue when due, work the run, judge it. */
  const scheduledRun = async (at: Date) => {
    const runId = await emerging.scheduleDue(at);
    expect(runId).toBeDefined();
    expect(await runner.runNext()).toMatchObject({ runId, status: 'done', contacts: unplaced });
    const [assessment, ...more] = await emerging.assessFinished();
    expect(more).toHaveLength(0);
    expect(assessment!.runId).toBe(runId);
    return assessment!;
  };

  let raisedId: number;
  let firstRunId: number;

  it('schedules a run only once DISCOVERY_EMERGING_EVERY has passed, one at a time', async () => {
    expect(await emerging.scheduleDue(new Date(NOW.getTime() - 30 * 60_000))).toBeUndefined();
    expect(await emerging.assessFinished()).toEqual([]);
    expect(await new EmergingThemes(new TransactionRunner(dataSource), { everyMs: null }).scheduleDue(NOW)).toBeUndefined();
    expect(await db.query('SELECT 1 FROM discovery_runs')).toMatchObject({ rowCount: 0 });
  });

  it('raises the theme that grew this week, once, with its figures and its own words', async () => {
    const first = await scheduledRun(NOW);
    const [run] = (await db.query('SELECT kind, scope, contact_count FROM discovery_runs WHERE id = $1', [first.runId])).rows;
    expect(run).toEqual({ kind: 'emerging', scope: { from: '2026-04-27', unplaced: true }, contact_count: unplaced });
    expect(first.raised).toHaveLength(1);
    firstRunId = first.runId;
    raisedId = first.raised[0]!;
    const members = await membersOf(raisedId);
    expect(members.filter((id) => intentOf.get(id) === GROWING).length / members.length).toBeGreaterThanOrEqual(0.8);
    // Not due again within the hour, whatever the time of the last round.
    expect(await emerging.scheduleDue(new Date(NOW.getTime() + 59 * 60_000))).toBeUndefined();

    const rows = await listed();
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ runId: first.runId, theme: { id: raisedId, status: 'proposed' }, growth: { emerging: true, runId: first.runId, themeId: raisedId } });
    expect(row!.growth.themeIds[0]).toBe(raisedId);
    // The run split the new demand by place; its parts share their top terms and count as one theme, raised once.
    const counted = (await Promise.all(row!.growth.themeIds.map(membersOf))).flat();
    const declined = counted.filter((id) => intentOf.get(id) === GROWING);
    expect(declined.length).toBeGreaterThanOrEqual(PER_INTENT * 0.9);
    expect(declined.length / counted.length).toBeGreaterThanOrEqual(0.8);
    expect(row!.growth.recentCount).toBeGreaterThanOrEqual(declined.length);
    expect(row!.growth.pValue).toBeLessThan(0.001);
    expect(row!.growth.words).toMatch(/^\d+ contacts in the last 7 days against .*; growing$/);
    expect(row!.theme.examples.length).toBeGreaterThan(0);
    expect(row!.theme.examples.every((e) => e.text.length > 0 && members.includes(e.contactId))).toBe(true);
    expect((await call('GET', '/v1/discoveries/emerging?limit=0')).status).toBe(400);
    expect((await call('GET', '/v1/discoveries/emerging?status=new')).status).toBe(400);
  });

  it('a second scheduled run updates the raised theme instead of raising it again', async () => {
    const second = await scheduledRun(new Date(NOW.getTime() + 2 * HOUR));
    expect(second).toMatchObject({ raised: [], updated: [raisedId] });
    expect(await raisedCount()).toBe(1);
    const rows = await listed();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ theme: { id: raisedId }, growth: { runId: second.runId } });
    const again = (await db.query('SELECT id FROM discovery_themes WHERE run_id = $1 AND emerging_theme_id = $2', [second.runId, raisedId])).rows;
    expect(again.length).toBeGreaterThanOrEqual(1);
  });

  it('once dismissed, it leaves the list and is not raised again', async () => {
    const dismissed = await call('POST', `/v1/discoveries/${firstRunId}/themes/${raisedId}/dismiss`, adminKey);
    expect(dismissed.status).toBe(200);
    expect(await listed()).toEqual([]);
    expect((await listed('?status=all')).map((r) => r.theme.id)).toEqual([raisedId]);
    const third = await scheduledRun(new Date(NOW.getTime() + 4 * HOUR));
    expect(third.raised).toEqual([]);
    expect(await raisedCount()).toBe(1);
    expect(await listed()).toEqual([]);
    // The run found it and knew it as the dismissed theme.
    const statuses = (await db.query<{ status: string }>('SELECT status FROM discovery_themes WHERE run_id = $1 AND matches_dismissed_theme_id = $2', [third.runId, raisedId])).rows;
    expect(statuses.map((s) => s.status)).toContain('dismissed');
  });
});
