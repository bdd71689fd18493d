import pg from 'pg';
import { parseApiKey } from '@frictionlens/domain';
import type { DataSource } from 'typeorm';
import { DiscoveryRunDetailResponse, DiscoveryRunResponse, ThemeSplitResponse } from '@frictionlens/contracts';
import { createDataSource, DiscoveryRepository, ModelVersionRepository, TaxonomyRepository } from '@frictionlens/persistence';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import type { DiscoveryRunner } from '../../apps/classifier/src/discovery/discovery-runner.js';
import { ModelTrainer } from '../../apps/classifier/src/training/model-trainer.js';
import { parsedAnswer } from '../factories/api-client.js';
import { anApiKey } from '../factories/api-keys.js';
import { bankingTexts } from '../factories/demo-taxonomy.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';
import { aDiscoveryRunner } from '../factories/discovery-runner.js';

interface Theme {
  id: number;
  name: string;
  size: number;
  status: string;
  terms: Array<{ term: string; weight: number }>;
  weeklyTrend: Array<{ week: string; count: number }>;
  examples: Array<{ contactId: string; similarity: number; text: string }>;
  suggestions: Record<string, unknown>;
  matchesDismissedTheme: number | null;
  splitFrom: number | null;
  category: string | null;
  decidedBy: string | null;
}
interface Run {
  id: number;
  status: string;
  encoder: string | null;
  contacts: number | null;
  progress: { stage: string | null; done: number; total: number };
  themes: Theme[];
}

// A new organisation's raw contacts (no taxonomy, no categories): 30 texts of each of 8 BANKING77
// intents over four weeks. Discovery runs through the classifier's runner without a sentence
// encoder (onnxruntime cannot run inside Jest: TF-IDF/LSA), themes are decided through the API,
// and the next run over what is still unclassified does not propose the dismissed theme again.
const INTENTS = ['card_arrival', 'change_pin', 'terminate_account', 'age_limit', 'apple_pay_or_google_pay', 'exchange_rate', 'atm_support', 'lost_or_stolen_phone'];
const PER_INTENT = 30;

describe('discovery from raw contacts to a taxonomy (/v1/discoveries)', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let dataSource: DataSource;
  let api: RunningService;
  let adminKey: string;
  let readKey: string;
  let runner: DiscoveryRunner;
  const intentOf = new Map<string, string>();

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    dataSource = createDataSource(database.url, { logging: ['error'] });
    await dataSource.initialize();
    const texts = INTENTS.flatMap((intent) => bankingTexts().filter((t) => t.category === intent).slice(0, PER_INTENT));
    const { rows } = await db.query<{ id: string; n: number }>(
      `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text)
       SELECT 'ticket', 'import', 'T-' || n, '2026-05-04T08:00:00Z'::timestamptz + ((n * 97) % 28) * interval '1 day', 'email', t
       FROM unnest($1::text[]) WITH ORDINALITY AS x(t, n) RETURNING id::text, (substring(source_id from 3))::int AS n`,
      [texts.map((t) => t.text)],
    );
    for (const { id, n } of rows) intentOf.set(id, texts[n - 1]!.category);
    await db.query(`INSERT INTO value_streams (key, name, position) VALUES ('cards', 'Card issuing', 1)`);
    await db.query(`INSERT INTO value_stream_steps (key, value_stream_key, name, position) VALUES ('card-delivery', 'cards', 'Card delivery', 1)`);
    runner = aDiscoveryRunner(dataSource, { progressEveryMs: 5 });
    api = await startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'discovery-test-key-0123456789' });
    [adminKey, readKey] = await Promise.all([anApiKey(database.url, ['admin']), anApiKey(database.url, ['metrics:read'])]);
  });

  afterAll(async () => {
    await api?.close();
    await dataSource?.destroy();
    await db?.end();
    await database?.drop();
  });

  const call = async <T = Record<string, any>>(method: string, path: string, body?: unknown, key: string = adminKey) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), 'x-api-key': key },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  // Parsed with the API's contract: a field added, dropped or retyped fails here.
  const getRun = async (id: number, query = ''): Promise<Run> => {
    const { body } = await call<Run>('GET', `/v1/discoveries/${id}${query}`, undefined, readKey);
    parsedAnswer(DiscoveryRunDetailResponse, body, `GET /v1/discoveries/${id}${query}`);
    return body;
  };
  const membersOf = async (themeId: number) => (await db.query<{ id: string }>('SELECT contact_id::text AS id FROM discovery_theme_members WHERE theme_id = $1', [themeId])).rows.map((r) => r.id);
  const majorityShare = (ids: string[]) => {
    const counts = new Map<string, number>();
    for (const id of ids) counts.set(intentOf.get(id)!, (counts.get(intentOf.get(id)!) ?? 0) + 1);
    return Math.max(...counts.values()) / ids.length;
  };

  let first: Run;

  it('queues a run (202), refuses a second of the same scope (409) and names a bad field (400)', async () => {
    const created = await call<Run>('POST', '/v1/discoveries', { scope: {}, options: { seed: 7 } });
    expect(created.status).toBe(202);
    parsedAnswer(DiscoveryRunResponse, created.body, 'POST /v1/discoveries');
    expect(created.body).toMatchObject({ status: 'queued', encoder: null });
    expect((await call('POST', '/v1/discoveries', {})).status).toBe(409);
    const bad = await call<{ problems: Array<{ field: string }> }>('POST', '/v1/discoveries', { scope: { kind: 'letter' }, options: { minThemeSize: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.problems.map((p) => p.field).sort()).toEqual(['options.minThemeSize', 'scope.kind']);
    expect((await call('POST', '/v1/discoveries', {}, readKey)).status).toBe(403);
    first = { ...created.body, themes: [] };
  });

  it("finds the themes of the raw contacts, each with its customers' own words, trend and members", async () => {
    const outcome = await runner.runNext();
    expect(outcome).toMatchObject({ runId: first.id, status: 'done', contacts: INTENTS.length * PER_INTENT });
    expect(await runner.runNext()).toBeUndefined();
    first = await getRun(first.id);
    expect(first).toMatchObject({ status: 'done', encoder: 'lsa', contacts: 240, progress: { stage: 'done', done: first.themes.length, total: first.themes.length } });
    expect(first.themes.length).toBeGreaterThanOrEqual(4);
    expect(first.themes.reduce((sum, t) => sum + t.size, 0)).toBe(240);
    for (const theme of first.themes) {
      expect(theme.status).toBe('proposed');
      expect(theme.weeklyTrend.reduce((sum, w) => sum + w.count, 0)).toBe(theme.size);
      expect(theme.weeklyTrend.map((w) => w.week)).toEqual(['2026-05-04', '2026-05-11', '2026-05-18', '2026-05-25']);
      expect(theme.examples.length).toBeGreaterThan(0);
      const members = await membersOf(theme.id);
      expect(members).toHaveLength(theme.size);
      for (const example of theme.examples) {
        expect(members).toContain(example.contactId);
        expect(example.text.length).toBeGreaterThan(0);
      }
      // No taxonomy yet: nothing to suggest from.
      expect(theme.suggestions).toMatchObject({ demandType: null, nearestCategories: [], step: null });
    }
    const page = await call<{ total: number; rows: Array<{ contactId: string; similarity: number; text: string }> }>('GET', `/v1/discoveries/${first.id}/themes/${first.themes[0]!.id}/members?limit=3&offset=1`, undefined, readKey);
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(first.themes[0]!.size);
    expect(page.body.rows).toHaveLength(3);
    expect(page.body.rows[0]!.similarity).toBeGreaterThanOrEqual(page.body.rows[2]!.similarity);
    expect(page.body.rows.every((r) => r.text.length > 0)).toBe(true);
    expect((await call('GET', `/v1/discoveries/${first.id}/themes/${first.themes[0]!.id}/members?limit=0`, undefined, readKey)).status).toBe(400);
    // The largest theme is mostly one intent (what a person would accept).
    expect(majorityShare(await membersOf(first.themes[0]!.id))).toBeGreaterThanOrEqual(0.6);
  });

  let accepted: Theme;
  let rejected: string;

  it("accepts a theme as a new category: a new taxonomy version, a step link, and its confirmed members labelled", async () => {
    accepted = first.themes[0]!;
    const members = await membersOf(accepted.id);
    rejected = members.at(-1)!;
    const bad = await call<{ problems: Array<{ field: string }> }>('POST', `/v1/discoveries/${first.id}/themes/${accepted.id}/accept`, { key: 'unclassified', demandType: 'maybe', excludeMembers: ['x'] });
    expect(bad.status).toBe(400);
    expect(bad.body.problems.map((p) => p.field).sort()).toEqual(['demandType', 'excludeMembers.0', 'key']);
    const notMember = await call<{ problems: Array<{ field: string }> }>('POST', `/v1/discoveries/${first.id}/themes/${accepted.id}/accept`, { key: 'first_theme', demandType: 'failure', excludeMembers: ['999999'] });
    expect(notMember.status).toBe(400);
    expect(notMember.body.problems).toEqual([{ field: 'excludeMembers.0', problem: `contact 999999 is not a member of theme ${accepted.id}` }]);

    const { status, body } = await call('POST', `/v1/discoveries/${first.id}/themes/${accepted.id}/accept`, {
      key: 'first_theme',
      name: 'First theme',
      description: 'Found by discovery',
      demandType: 'failure',
      step: 'card-delivery',
      excludeMembers: [rejected],
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ taxonomyVersion: 1, labelled: members.length - 1, theme: { status: 'accepted', category: 'first_theme' } });
    // Who decided: the admin key's id, in the answer and the table, never its secret.
    const adminKeyId = parseApiKey(adminKey)!.id;
    expect(body['theme'].decidedBy).toBe(adminKeyId);
    const { rows: decided } = await db.query<{ decided_by: string }>('SELECT decided_by FROM discovery_themes WHERE id = $1', [accepted.id]);
    expect(decided).toEqual([{ decided_by: adminKeyId }]);
    const taxonomy = await call<{ version: number; categories: Array<{ key: string; name: string; demandType: string }> }>('GET', '/v1/taxonomy', undefined, readKey);
    expect(taxonomy.body).toMatchObject({ version: 1, categories: [{ key: 'first_theme', name: 'First theme', demandType: 'failure' }] });
    const { rows: labels } = await db.query<{ id: string; category_key: string; taxonomy_version_id: number }>('SELECT contact_id::text AS id, category_key, taxonomy_version_id FROM contact_labels');
    expect(labels.map((l) => l.id).sort()).toEqual(members.filter((m) => m !== rejected).sort());
    expect(new Set(labels.map((l) => `${l.category_key}@${l.taxonomy_version_id}`))).toEqual(new Set(['first_theme@1']));
    const { rows: links } = await db.query('SELECT category_key, step_key, weight::float8 AS weight FROM category_step_links');
    expect(links).toEqual([{ category_key: 'first_theme', step_key: 'card-delivery', weight: 1 }]);
    // Decided once.
    expect((await call('POST', `/v1/discoveries/${first.id}/themes/${accepted.id}/dismiss`)).status).toBe(409);
  });

  it('splits a theme in two and merges one half into the new category', async () => {
    const theme = first.themes[2]!;
    const { status, body } = await call<{ theme: Theme; themes: Theme[] }>('POST', `/v1/discoveries/${first.id}/themes/${theme.id}/split`);
    expect(status).toBe(200);
    parsedAnswer(ThemeSplitResponse, body, 'POST /v1/discoveries/{id}/themes/{themeId}/split');
    expect(body.theme.status).toBe('split');
    expect(body.themes).toHaveLength(2);
    expect(body.themes.map((t) => t.splitFrom)).toEqual([theme.id, theme.id]);
    expect(body.themes[0]!.size + body.themes[1]!.size).toBe(theme.size);
    expect(body.themes.every((t) => t.status === 'proposed' && t.examples.length > 0 && t.name.length > 0)).toBe(true);
    const half = body.themes[1]!;
    const merged = await call('POST', `/v1/discoveries/${first.id}/themes/${half.id}/merge`, { into: 'first_theme' });
    expect(merged).toMatchObject({ status: 200, body: { labelled: half.size, theme: { status: 'merged', category: 'first_theme' } } });
    expect((await call<{ problems: unknown }>('POST', `/v1/discoveries/${first.id}/themes/${body.themes[0]!.id}/merge`, { into: 'nothing_here' })).body.problems).toEqual([
      { field: 'into', problem: "taxonomy version 1 has no category 'nothing_here'" },
    ]);
    // An accept that made its category and failed after it is carried on; another category of that key is refused.
    const other = body.themes[0]!;
    expect((await call('PUT', '/v1/taxonomy/categories/resumed_theme', { demandType: 'failure', discoveredBy: { run: first.id, theme: other.id } })).body).toMatchObject({ version: 2 });
    expect((await call('POST', `/v1/discoveries/${first.id}/themes/${other.id}/accept`, { key: 'first_theme', demandType: 'failure' })).status).toBe(400);
    const resumed = await call('POST', `/v1/discoveries/${first.id}/themes/${other.id}/accept`, { key: 'resumed_theme', demandType: 'failure' });
    expect(resumed).toMatchObject({ status: 200, body: { taxonomyVersion: 2, labelled: other.size, theme: { status: 'accepted', category: 'resumed_theme' } } });
  });

  it('does not propose a dismissed theme again in the next run', async () => {
    const dismissed = first.themes[1]!;
    expect((await call('POST', `/v1/discoveries/${first.id}/themes/${dismissed.id}/dismiss`)).body).toMatchObject({ theme: { status: 'dismissed' } });
    const next = await call<Run>('POST', '/v1/discoveries', { scope: { category: 'unclassified' }, options: { seed: 7 } });
    expect(next.status).toBe(202);
    expect(await runner.runNext()).toMatchObject({ runId: next.body.id, status: 'done' });
    const second = await getRun(next.body.id);
    const unclassified = 240 - (await db.query('SELECT 1 FROM contact_labels')).rowCount!;
    expect(second.contacts).toBe(unclassified);
    const again = second.themes.filter((t) => t.matchesDismissedTheme === dismissed.id);
    expect(again).toHaveLength(1);
    expect(again[0]!.status).toBe('dismissed');
    // Dismissed again by the run itself, not by anyone's key; the person's dismissal keeps their key.
    expect(again[0]!.decidedBy).toBeNull();
    expect((await getRun(first.id)).themes.find((t) => t.id === dismissed.id)!.decidedBy).toBe(parseApiKey(adminKey)!.id);
    const proposed = await getRun(next.body.id, '?themes=proposed');
    expect(proposed.themes.length).toBe(second.themes.length - 1);
    expect(proposed.themes.some((t) => t.id === again[0]!.id)).toBe(false);
    // Two decisions on one theme at once: one is made, the other refused.
    const contested = proposed.themes.at(-1)!;
    const both = await Promise.all([1, 2].map(() => call('POST', `/v1/discoveries/${next.body.id}/themes/${contested.id}/dismiss`)));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    // Now there are categories to suggest from.
    expect(second.themes.every((t) => (t.suggestions['nearestCategories'] as unknown[]).length === 2)).toBe(true);
  });

  it('cancels a queued run at once and a running one through its runner; an ended run is not cancelled again', async () => {
    const queued = (await call<Run>('POST', '/v1/discoveries', { scope: { channel: 'email' } })).body;
    expect((await call('POST', `/v1/discoveries/${queued.id}/cancel`)).body).toMatchObject({ status: 'cancelled' });
    expect((await call('POST', `/v1/discoveries/${queued.id}/cancel`)).status).toBe(409);
    expect(await runner.runNext()).toBeUndefined();

    const running = (await call<Run>('POST', '/v1/discoveries', { scope: { kind: 'ticket' } })).body;
    const claimed = await new DiscoveryRepository(dataSource).claimNext();
    expect(claimed?.id).toBe(running.id);
    expect((await call('POST', `/v1/discoveries/${running.id}/cancel`)).body).toMatchObject({ status: 'cancelling' });
    expect(await runner.work(claimed!)).toMatchObject({ runId: running.id, status: 'cancelled', themes: 0 });
    expect(await getRun(running.id)).toMatchObject({ status: 'cancelled', themes: [] });
  });

  it('claims a running run again once its runner stopped beating (its instance died), not before', async () => {
    const orphan = (await call<Run>('POST', '/v1/discoveries', { scope: { from: '2026-05-04' } })).body;
    const runs = new DiscoveryRepository(dataSource);
    expect((await runs.claimNext())?.id).toBe(orphan.id);
    expect(await runs.claimNext(120)).toBeUndefined();
    await db.query(`UPDATE discovery_runs SET heartbeat_at = now() - interval '3 minutes' WHERE id = $1`, [orphan.id]);
    expect((await runs.claimNext(120))?.id).toBe(orphan.id);
    expect((await call('POST', `/v1/discoveries/${orphan.id}/cancel`)).body).toMatchObject({ status: 'cancelling' });
    await runs.finish(orphan.id, 'cancelled');
  });

  it('counts the accepted themes in the failure-demand metric and trains a model from the categories with examples while another has only a name and description', async () => {
    const second = first.themes[3]!;
    await call('POST', `/v1/discoveries/${first.id}/themes/${second.id}/accept`, { key: 'second_theme', demandType: 'value' });
    expect((await call('PUT', '/v1/taxonomy/categories/described_only', { name: 'Described only', description: 'A category with no examples yet', demandType: 'failure' })).status).toBe(200);
    // The labels outrank any model: the failure-demand metric counts the accepted themes' contacts at once.
    const { rows: labelled } = await db.query<{ category_key: string; n: number }>('SELECT category_key, count(*)::int AS n FROM contact_labels GROUP BY 1');
    const count = (key: string) => labelled.find((l) => l.category_key === key)?.n ?? 0;
    expect(count('second_theme')).toBe(second.size);
    const metric = await call<{ rows: Array<{ failureContacts: number; valueContacts: number }> }>('GET', '/v1/metrics/failure-demand?from=2026-05-04&to=2026-06-01&interval=week', undefined, readKey);
    expect(metric.status).toBe(200);
    expect(metric.body.rows.reduce((sum, r) => sum + r.failureContacts, 0)).toBe(count('first_theme') + count('resumed_theme'));
    expect(metric.body.rows.reduce((sum, r) => sum + r.valueContacts, 0)).toBe(second.size);
    const trainer = new ModelTrainer(dataSource, new TaxonomyRepository(dataSource), new ModelVersionRepository(dataSource), 0);
    const trained = await trainer.train();
    expect(trained).toMatchObject({ kind: 'linear', taxonomyVersionId: 4 });
    // first_theme, resumed_theme and second_theme: described_only has no examples and is left out.
    expect(trained!.evaluation).toMatchObject({ categories: 3 });
  });

  it('makes a model due when a person dismisses a theme of a run nobody decided from, once they pause', async () => {
    const trainer = new ModelTrainer(dataSource, new TaxonomyRepository(dataSource), new ModelVersionRepository(dataSource), 0);
    const latest = (await new ModelVersionRepository(dataSource).list(1))[0]!;
    // Everything so far happened ten minutes ago (the clocks moved back instead of waiting).
    await db.query("UPDATE model_versions SET created_at = created_at - interval '10 minutes'");
    await db.query("UPDATE discovery_themes SET decided_at = decided_at - interval '10 minutes' WHERE decided_at IS NOT NULL");
    expect(await trainer.retrainDue()).toBeUndefined(); // the model of the test before is up to date
    const proposedIn = async (runId: number) => (await getRun(runId, '?themes=proposed')).themes;
    // A run someone accepted from: its proposed themes already trained as not one of ours.
    const decidedFrom = (await proposedIn(first.id))[0]!;
    expect((await call('POST', `/v1/discoveries/${first.id}/themes/${decidedFrom.id}/dismiss`)).status).toBe(200);
    // A run nobody accepted from: its themes were not in the training until dismissed.
    const runs = (await call<{ rows: Array<{ id: number }> }>('GET', '/v1/discoveries')).body.rows.map((r) => r.id).filter((id) => id !== first.id);
    let undecided: { runId: number; themeId: number } | undefined;
    for (const runId of runs) {
      const run = await getRun(runId);
      if (run.themes.some((t) => t.status === 'accepted' || t.status === 'merged')) continue;
      const theme = run.themes.find((t) => t.status === 'proposed');
      if (theme) undecided = { runId, themeId: theme.id };
      if (undecided) break;
    }
    expect(undecided).toBeDefined();
    expect((await call('POST', `/v1/discoveries/${undecided!.runId}/themes/${undecided!.themeId}/dismiss`)).status).toBe(200);
    expect(await trainer.retrainDue()).toBeUndefined(); // they may be dismissing the next one
    // Two minutes later: due, for that one theme only.
    await db.query("UPDATE discovery_themes SET decided_at = decided_at - interval '2 minutes' WHERE id = ANY($1::int[])", [[decidedFrom.id, undecided!.themeId]]);
    expect(await trainer.retrainDue()).toBe(`1 theme(s) dismissed since model ${latest.id}: their contacts train as not one of ours`);
    const trained = await trainer.train({ onlyIfDue: true });
    expect(trained).toBeDefined();
    expect(trained!.outOfScopeCount).toBeGreaterThan(0);
    expect(await trainer.retrainDue()).toBeUndefined();
  });
});
