import type { DataSource, EntityManager } from 'typeorm';
import type { AlertFilters } from '../entities/alert-subscription.entity.js';

export type AlertChannel = 'webhook' | 'slack' | 'teams' | 'email';
export type AlertDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** A subscription as stored; `secret` is sealed (the service opens it to sign). */
export interface AlertSubscription {
  id: string;
  kind: AlertChannel;
  target: string;
  name: string | null;
  events: string[];
  sensitivity: 'low' | 'medium' | 'high';
  filters: AlertFilters;
  secret: string;
  createdAt: Date;
}

export interface StoredAlertState {
  dedupeKey: string;
  status: 'open' | 'resolved';
  openedAt: Date;
  resolvedAt: Date | null;
  lastSeenAt: Date;
  value: Record<string, unknown> | null;
}

/** A delivery to write into the outbox. */
export interface NewAlertDelivery {
  id: string;
  subscriptionId: string;
  event: string;
  alertStatus: string;
  dedupeKey: string;
  alert: Record<string, unknown>;
}

/** A line of the delivery log. */
export interface AlertDelivery extends NewAlertDelivery {
  status: AlertDeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastError: string | null;
  lastResponseStatus: number | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** A claimed delivery with what sending it needs. */
export interface ClaimedDelivery extends AlertDelivery {
  subscription: Pick<AlertSubscription, 'kind' | 'target' | 'secret'>;
}

const SUBSCRIPTION_COLUMNS = 'id, kind, target, name, events, sensitivity, filters, secret, created_at';
const DELIVERY_COLUMNS =
  'd.id, d.subscription_id, d.event, d.alert_status, d.dedupe_key, d.alert, d.status, d.attempts, d.next_attempt_at, d.last_attempt_at, d.last_error, d.last_response_status, d.created_at, d.delivered_at';

// Due rows, oldest due first; a row another dispatcher holds is skipped, not waited for. The lock
// lasts until the claiming transaction ends: a dispatcher that dies mid-delivery rolls back and
// the row is due again, with its attempt uncounted.
const CLAIM_DUE = `
  SELECT ${DELIVERY_COLUMNS}, s.kind AS subscription_kind, s.target AS subscription_target, s.secret AS subscription_secret
  FROM alert_deliveries d JOIN alert_subscriptions s ON s.id = d.subscription_id
  WHERE d.status = 'pending' AND d.next_attempt_at <= now()
  ORDER BY d.next_attempt_at, d.created_at
  LIMIT $1
  FOR UPDATE OF d SKIP LOCKED`;

const UPSERT_STATE = `
  INSERT INTO alert_states (subscription_id, dedupe_key, status, opened_at, resolved_at, last_seen_at, value)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (subscription_id, dedupe_key) DO UPDATE SET status = EXCLUDED.status, opened_at = EXCLUDED.opened_at,
    resolved_at = EXCLUDED.resolved_at, last_seen_at = EXCLUDED.last_seen_at, value = EXCLUDED.value`;

/** Alert subscriptions, what each knows about each issue, and the delivery outbox and log. */
export class AlertRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async createSubscription(s: Omit<AlertSubscription, 'createdAt'>): Promise<AlertSubscription> {
    const [row]: Array<Record<string, never>> = await this.db.query(
      `INSERT INTO alert_subscriptions (id, kind, target, name, events, sensitivity, filters, secret) VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8) RETURNING ${SUBSCRIPTION_COLUMNS}`,
      [s.id, s.kind, s.target, s.name, s.events, s.sensitivity, JSON.stringify(s.filters), s.secret],
    );
    return toSubscription(row);
  }

  async subscriptions(event?: string): Promise<AlertSubscription[]> {
    const rows: Array<Record<string, never>> = await this.db.query(`SELECT ${SUBSCRIPTION_COLUMNS} FROM alert_subscriptions WHERE $1::text IS NULL OR $1 = ANY(events) ORDER BY created_at, id`, [event ?? null]);
    return rows.map(toSubscription);
  }

  async subscription(id: string): Promise<AlertSubscription | undefined> {
    const [row]: Array<Record<string, never> | undefined> = await this.db.query(`SELECT ${SUBSCRIPTION_COLUMNS} FROM alert_subscriptions WHERE id = $1`, [id]);
    return row ? toSubscription(row) : undefined;
  }

  async deleteSubscription(id: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query('WITH deleted AS (DELETE FROM alert_subscriptions WHERE id = $1 RETURNING id) SELECT id FROM deleted', [id]);
    return rows.length > 0;
  }

  /** The subscription's issues whose dedupe key starts with `prefix`, by key. */
  async states(subscriptionId: string, prefix: string): Promise<Map<string, StoredAlertState>> {
    const rows: Array<Record<string, never>> = await this.db.query(
      `SELECT dedupe_key, status, opened_at, resolved_at, last_seen_at, value FROM alert_states WHERE subscription_id = $1 AND starts_with(dedupe_key, $2)`,
      [subscriptionId, prefix],
    );
    return new Map(rows.map((r) => [r.dedupe_key, { dedupeKey: r.dedupe_key, status: r.status, openedAt: r.opened_at, resolvedAt: r.resolved_at, lastSeenAt: r.last_seen_at, value: r.value }]));
  }

  async saveState(subscriptionId: string, s: StoredAlertState): Promise<void> {
    await this.db.query(UPSERT_STATE, [subscriptionId, s.dedupeKey, s.status, s.openedAt, s.resolvedAt, s.lastSeenAt, s.value === null ? null : JSON.stringify(s.value)]);
  }

  async openAlertCount(): Promise<number> {
    const [row]: Array<{ n: number }> = await this.db.query(`SELECT count(*)::int AS n FROM alert_states WHERE status = 'open'`);
    return row.n;
  }

  /** Names people know steps and categories by (the newest taxonomy's name of a category), by key. */
  async displayNames(): Promise<{ steps: Map<string, string>; categories: Map<string, string> }> {
    const steps: Array<{ key: string; name: string }> = await this.db.query('SELECT key, name FROM value_stream_steps');
    const categories: Array<{ key: string; name: string }> = await this.db.query('SELECT DISTINCT ON (key) key, name FROM taxonomy_categories ORDER BY key, taxonomy_version_id DESC');
    return { steps: new Map(steps.map((r) => [r.key, r.name])), categories: new Map(categories.map((r) => [r.key, r.name])) };
  }

  /** Holds this subscription's alert decisions to one transaction at a time, across instances (call inside a transaction). */
  async lockSubscription(subscriptionId: string): Promise<void> {
    await this.db.query("SELECT pg_advisory_xact_lock(hashtextextended('alert_subscription:' || $1, 0))", [subscriptionId]);
  }

  /** Writes deliveries into the outbox (call in the transaction that decided them). */
  async enqueue(deliveries: readonly NewAlertDelivery[]): Promise<void> {
    if (!deliveries.length) return;
    await this.db.query(
      `INSERT INTO alert_deliveries (id, subscription_id, event, alert_status, dedupe_key, alert)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[])`,
      [deliveries.map((d) => d.id), deliveries.map((d) => d.subscriptionId), deliveries.map((d) => d.event), deliveries.map((d) => d.alertStatus), deliveries.map((d) => d.dedupeKey), deliveries.map((d) => JSON.stringify(d.alert))],
    );
  }

  /** Locks up to `limit` due deliveries (call inside a transaction, which holds them until it ends). */
  async claimDue(limit: number): Promise<ClaimedDelivery[]> {
    const rows: Array<Record<string, never>> = await this.db.query(CLAIM_DUE, [limit]);
    return rows.map((r) => ({ ...toDelivery(r), subscription: { kind: r.subscription_kind, target: r.subscription_target, secret: r.subscription_secret } }));
  }

  /** Records an attempt: delivered, due again at `nextAttemptAt`, or failed for good (neither). */
  async recordAttempt(id: string, outcome: { delivered: boolean; responseStatus: number | null; error: string | null; nextAttemptAt?: Date }): Promise<void> {
    const status: AlertDeliveryStatus = outcome.delivered ? 'delivered' : outcome.nextAttemptAt ? 'pending' : 'failed';
    await this.db.query(
      `UPDATE alert_deliveries SET status = $2, attempts = attempts + 1, last_attempt_at = now(), last_response_status = $3, last_error = $4,
         next_attempt_at = coalesce($5, next_attempt_at), delivered_at = CASE WHEN $2 = 'delivered' THEN now() END
       WHERE id = $1`,
      [id, status, outcome.responseStatus, outcome.error, outcome.nextAttemptAt ?? null],
    );
  }

  /** The delivery log, newest first. */
  async deliveries(filter: { subscriptionId?: string; status?: AlertDeliveryStatus; limit: number }): Promise<AlertDelivery[]> {
    const rows: Array<Record<string, never>> = await this.db.query(
      `SELECT ${DELIVERY_COLUMNS} FROM alert_deliveries d WHERE ($1::uuid IS NULL OR d.subscription_id = $1) AND ($2::text IS NULL OR d.status = $2)
       ORDER BY d.created_at DESC, d.id LIMIT $3`,
      [filter.subscriptionId ?? null, filter.status ?? null, filter.limit],
    );
    return rows.map(toDelivery);
  }
}

function toSubscription(r: Record<string, never>): AlertSubscription {
  return { id: r.id, kind: r.kind, target: r.target, name: r.name, events: r.events, sensitivity: r.sensitivity, filters: r.filters, secret: r.secret, createdAt: r.created_at };
}

function toDelivery(r: Record<string, never>): AlertDelivery {
  return {
    id: r.id,
    subscriptionId: r.subscription_id,
    event: r.event,
    alertStatus: r.alert_status,
    dedupeKey: r.dedupe_key,
    alert: r.alert,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastAttemptAt: r.last_attempt_at,
    lastError: r.last_error,
    lastResponseStatus: r.last_response_status,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
  };
}
