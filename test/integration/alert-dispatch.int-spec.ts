import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { testAlert } from '@frictionlens/domain';
import { AlertRepository, createDataSource, TransactionRunner } from '@frictionlens/persistence';
import { AlertDispatch } from '../../apps/api/src/alerts/alert-dispatch.js';
import type { AlertSender, OutgoingAlert } from '../../apps/api/src/alerts/alert-senders.js';
import { SecretBox } from '../../apps/api/src/alerts/secret-box.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// The outbox shared by several API instances: each due delivery is claimed by one dispatcher
// (FOR UPDATE SKIP LOCKED), so two dispatching at once send every alert once.
describe('alert dispatch across instances', () => {
  let database: TestDatabase;
  let db: DataSource;

  beforeAll(async () => {
    database = await freshDatabase();
    db = createDataSource(database.url, { logging: ['error'] });
    await db.initialize();
  });

  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  it('sends each of 30 deliveries once when two dispatchers run at the same time', async () => {
    const box = new SecretBox('dispatch-test-key-0123456789');
    const alerts = new AlertRepository(db);
    const subscription = await alerts.createSubscription({ id: randomUUID(), kind: 'webhook', target: 'http://127.0.0.1:9/none', name: null, events: ['spike'], sensitivity: 'medium', filters: {}, secret: box.seal('whsec_x') });
    const alert = testAlert(new Date());
    const ids = Array.from({ length: 30 }, () => randomUUID());
    await alerts.enqueue(ids.map((id) => ({ id, subscriptionId: subscription.id, event: alert.event, alertStatus: alert.status, dedupeKey: alert.dedupeKey, alert: { ...alert } })));
    const sent: Array<{ by: string; id: string; secret: string }> = [];
    const slowSender = (by: string): AlertSender => ({
      async send(outgoing: OutgoingAlert) {
        await new Promise((done) => setTimeout(done, 100));
        sent.push({ by, id: outgoing.deliveryId, secret: outgoing.secret });
        return { delivered: true, responseStatus: 200, error: null };
      },
    });
    const backoff = { baseMs: 1_000, maxMs: 60_000, maxAttempts: 3 };
    const [a, b] = [new AlertDispatch(new TransactionRunner(db), slowSender('a'), box, backoff), new AlertDispatch(new TransactionRunner(db), slowSender('b'), box, backoff)];
    // Each takes a batch of up to 20: together they hold all 30 at once, none twice.
    const drain = async (sut: AlertDispatch) => {
      while ((await sut.runOnce()) > 0) {
        // more may be due
      }
    };
    await Promise.all([drain(a), drain(b)]);
    expect(sent.map((s) => s.id).sort()).toEqual([...ids].sort());
    expect(new Set(sent.map((s) => s.by))).toEqual(new Set(['a', 'b']));
    expect(sent.every((s) => s.secret === 'whsec_x')).toBe(true);
    const rows = await db.query(`SELECT status, attempts, count(*)::int AS n FROM alert_deliveries GROUP BY 1, 2`);
    expect(rows).toEqual([{ status: 'delivered', attempts: 1, n: 30 }]);
  });
});
