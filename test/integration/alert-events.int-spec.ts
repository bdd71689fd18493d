import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import type { ImpactVerdict } from '@frictionlens/domain';
import { AlertRepository, CountermeasureRepository, EmergingThemeRepository, MetricsRepository, TransactionRunner } from '@frictionlens/persistence';
import { startService, type RunningService } from '@frictionlens/platform';
import { AlertEvaluation, type AlertEvaluationStore } from '../../apps/api/src/alerts/alert-evaluation.js';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

const scenario = JSON.parse(readFileSync(resolve(process.cwd(), 'apps/all-in-one/demo/banking77-digital-bank.json'), 'utf8')) as Record<string, unknown>;

// The event sources besides spikes (docs/alerts.md): countermeasure verdicts that change, raised
// emerging themes and the weekly digest, each sent once per subscription within its filters.
// The verdict is given by the test (the impact maths has its own tests); the rest is real.
describe('alert events: verdict changes, emerging themes, the weekly digest', () => {
  let database: TestDatabase;
  let sut: RunningService;
  let db: DataSource;
  let adminKey: string;
  let verdict: ImpactVerdict = 'no clear change';
  let evaluation: AlertEvaluation;
  const ids: Record<'cards' | 'payments', string> = { cards: '', payments: '' };

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${sut.url}${path}`, { method, headers: { 'x-api-key': adminKey, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function sent(subscriptionId: string): Promise<Array<{ dedupe_key: string; title: string }>> {
    return db.query(`SELECT dedupe_key, alert->>'title' AS title FROM alert_deliveries WHERE subscription_id = $1 ORDER BY dedupe_key`, [subscriptionId]);
  }

  beforeAll(async () => {
    database = await freshDatabase();
    // No scheduled evaluation of its own: the test evaluates at the times it chooses.
    sut = await startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'alert-events-key-0123456789', ALERTS_EVALUATE_SECONDS: '86400' });
    adminKey = await anApiKey(database.url, ['admin']);
    db = sut.app.get(DataSource);
    expect((await call('POST', '/v1/taxonomy/import', scenario)).status).toBe(201);
    expect((await call('POST', '/v1/value-streams/import', scenario)).status).toBe(201);
    const countermeasure = await call('POST', '/v1/countermeasures', { step: 'card-production-delivery', categories: [], title: 'Send tracking links with every card', startedOn: '2026-06-01', status: 'in-progress' });
    expect(countermeasure.status).toBe(201);
    const events = ['countermeasure-verdict', 'emerging-theme', 'weekly-digest'];
    ids.cards = String((await call('POST', '/v1/alerts/subscriptions', { kind: 'webhook', url: 'http://127.0.0.1:9/none', events, filters: { step: ['card-production-delivery'] } })).body.id);
    ids.payments = String((await call('POST', '/v1/alerts/subscriptions', { kind: 'webhook', url: 'http://127.0.0.1:9/none', events, filters: { valueStream: ['card-payments'] } })).body.id);
    // Made two weeks before the evaluations below.
    await db.query(`UPDATE alert_subscriptions SET created_at = '2026-11-16T09:00:00Z'`);
    evaluation = new AlertEvaluation(storeOf(sut), { spikes: async () => ({ rows: [] }), verdict: async () => ({ verdict, summary: `Failure demand at Card production & delivery: ${verdict}.` }) }, 0);
  });

  afterAll(async () => {
    await sut.close();
    await database.drop();
  });

  it('remembers the first verdict without sending it, and sends the digest of the week that ended once', async () => {
    await evaluation.evaluate(new Date('2026-12-02T10:00:00Z'));
    expect(await sent(ids.cards)).toEqual([{ dedupe_key: 'weekly-digest:2026-11-23', title: 'Failure demand in the week of 2026-11-23' }]);
    expect(await sent(ids.payments)).toEqual([{ dedupe_key: 'weekly-digest:2026-11-23', title: 'Failure demand in the week of 2026-11-23' }]);
    await evaluation.evaluate(new Date('2026-12-02T10:01:00Z'));
    expect(await sent(ids.cards)).toHaveLength(1);
  });

  it('sends a verdict that changed to the subscriptions whose filters hold its step, once', async () => {
    verdict = 'reduced';
    await evaluation.evaluate(new Date('2026-12-02T11:00:00Z'));
    await evaluation.evaluate(new Date('2026-12-02T11:01:00Z'));
    const verdicts = (await sent(ids.cards)).filter((d) => d.dedupe_key.startsWith('countermeasure-verdict:'));
    expect(verdicts).toEqual([{ dedupe_key: expect.stringMatching(/^countermeasure-verdict:\d+:reduced$/), title: '"Send tracking links with every card": no clear change → reduced' }]);
    expect((await sent(ids.payments)).filter((d) => d.dedupe_key.startsWith('countermeasure-verdict:'))).toEqual([]);
  });

  it('sends a spike once while it lasts, "resolved" when it ends, and nothing for its return within the cool-down', async () => {
    const { body } = await call('POST', '/v1/alerts/subscriptions', { kind: 'webhook', url: 'http://127.0.0.1:9/none', events: ['spike'] });
    let rows: Array<{ step: string; period: string; count: number; baseline: number }> = [];
    const spikes = new AlertEvaluation(storeOf(sut), { spikes: async () => ({ rows }), verdict: async () => ({ verdict, summary: '' }) }, 60 * 60_000);
    const spikeAt = async (iso: string, seen: boolean) => {
      rows = seen ? [{ step: 'card-production-delivery', period: iso.slice(0, 10), count: 50, baseline: 5 }] : [];
      await spikes.evaluate(new Date(iso));
    };
    await spikeAt('2026-12-03T10:00:00Z', true);
    await spikeAt('2026-12-03T10:01:00Z', true);
    await spikeAt('2026-12-03T11:00:00Z', false);
    await spikeAt('2026-12-03T11:10:00Z', true); // back within the hour's cool-down: quiet
    await spikeAt('2026-12-03T11:20:00Z', false); // its end is quiet too
    await spikeAt('2026-12-03T13:00:00Z', true); // after the cool-down: a new alert
    const log: Array<{ alert_status: string; title: string; dedupe_key: string }> = await db.query(
      `SELECT alert_status, alert->>'title' AS title, dedupe_key FROM alert_deliveries WHERE subscription_id = $1 ORDER BY created_at, alert->>'occurredAt'`,
      [body.id],
    );
    // The step's name as the value streams have it, not its key.
    const [{ name }] = await db.query(`SELECT name FROM value_stream_steps WHERE key = 'card-production-delivery'`);
    expect(name).not.toBe('card-production-delivery');
    expect(log).toEqual([
      { alert_status: 'open', title: `Failure demand spike at ${name}`, dedupe_key: 'spike:step:card-production-delivery' },
      { alert_status: 'resolved', title: `Failure demand spike at ${name} is over`, dedupe_key: 'spike:step:card-production-delivery' },
      { alert_status: 'open', title: `Failure demand spike at ${name}`, dedupe_key: 'spike:step:card-production-delivery' },
    ]);
  });

  it('sends an emerging theme raised after the subscription began, once', async () => {
    const [run] = await db.query(`INSERT INTO discovery_runs (kind, scope, scope_key, status) VALUES ('emerging', '{}', 'emerging-test', 'done') RETURNING id`);
    const theme = (name: string, raisedAt: string, position: number) =>
      db.query(
        `INSERT INTO discovery_themes (run_id, position, name, terms, size, weekly_trend, examples, suggestions, fingerprint_terms, centroid, centroid_encoder, raised_at, emerging)
         VALUES ($1, $2, $3, '[]', 42, '[]', '[]', '{}', '{}', '\\x0000803f'::bytea, 'lsa', $4, '{}')`,
        [run.id, position, name, raisedAt],
      );
    await theme('card declined abroad', '2026-12-02T12:00:00Z', 0);
    await theme('raised before anyone subscribed', '2026-11-01T12:00:00Z', 1);
    await evaluation.evaluate(new Date('2026-12-02T12:05:00Z'));
    await evaluation.evaluate(new Date('2026-12-02T12:06:00Z'));
    for (const id of [ids.cards, ids.payments]) {
      expect((await sent(id)).filter((d) => d.dedupe_key.startsWith('emerging-theme:')).map((d) => d.title)).toEqual(['Emerging theme: card declined abroad']);
    }
  });
});

// The running API's own repositories and transaction runner, as the AlertEvaluator is given them.
function storeOf(service: RunningService): AlertEvaluationStore {
  const get = <T>(type: new (...args: never[]) => T): T => service.app.get(type);
  return { alerts: get(AlertRepository), countermeasures: get(CountermeasureRepository), emergingThemes: get(EmergingThemeRepository), metrics: get(MetricsRepository), transactions: get(TransactionRunner) };
}
