import pg from 'pg';
import { METRICS_CHANGED_CHANNEL } from '../migrations/1764800000000-NotifyMetricsChanges.js';

export interface MetricsChangeListener {
  /** A transaction that changed what metrics are computed from has committed. */
  changed(): void;
  /** Whether changes are being heard: false from a lost connection until it is back. */
  following(following: boolean): void;
}

export interface MetricsChangeFeedOptions {
  /** Longest wait between reconnection attempts. */
  maxRetryMs?: number;
  onError?: (message: string) => void;
}

/**
 * Follows the `notify_metrics_changed` triggers (migration NotifyMetricsChanges) over a
 * connection of its own, which LISTEN needs: a pooled connection would drop the subscription
 * when released. Reconnects by itself with backoff after PostgreSQL restarts.
 */
export class MetricsChangeFeed {
  private client: pg.Client | undefined;
  private retryMs = 250;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly listener: MetricsChangeListener,
    private readonly options: MetricsChangeFeedOptions = {},
  ) {}

  /** Resolves once listening, or after the first failed attempt (retries go on in the background). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    this.listener.following(false);
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'frictionlens metrics changes' });
    let lost = false;
    const onLost = (reason: string) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      this.listener.following(false);
      client.end().catch(() => undefined);
      if (!this.stopped) {
        this.options.onError?.(`metrics change feed lost (${reason}); answers are not cached until it is back`);
        this.scheduleReconnect();
      }
    };
    client.on('error', (error) => onLost(error.message));
    client.on('end', () => onLost('connection ended'));
    client.on('notification', (message) => {
      if (message.channel === METRICS_CHANGED_CHANNEL) this.listener.changed();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${METRICS_CHANGED_CHANNEL}`);
    } catch (error) {
      onLost(error instanceof Error ? error.message : String(error));
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = 250;
    this.listener.following(true);
  }

  private scheduleReconnect(): void {
    clearTimeout(this.retry);
    const wait = this.retryMs;
    this.retryMs = Math.min(this.options.maxRetryMs ?? 10_000, this.retryMs * 2);
    this.retry = setTimeout(() => void this.connect(), wait);
    this.retry.unref();
  }
}
