import pg from 'pg';

export { METRICS_CHANGED_CHANNEL } from '../migrations/1764800000000-NotifyMetricsChanges.js';
export { API_KEYS_CHANGED_CHANNEL } from '../migrations/1764900000000-NotifyApiKeyChanges.js';

export interface ChangeListener {
  /** A transaction that changed the tables behind the channel has committed. */
  changed(): void;
  /** Whether changes are being heard: false from a lost connection until it is back. */
  following(following: boolean): void;
}

export interface ChangeFeedOptions {
  /** How the connection shows in pg_stat_activity. */
  applicationName: string;
  /** Longest wait between reconnection attempts. */
  maxRetryMs?: number;
  onError?: (message: string) => void;
}

/**
 * Follows one channel of the change triggers (migrations NotifyMetricsChanges and
 * NotifyApiKeyChanges) over a connection of its own, which LISTEN needs: a pooled connection
 * would drop the subscription when released. Reconnects by itself with backoff after
 * PostgreSQL restarts, and says when it is not following, since changes then go unheard.
 */
export class ChangeFeed {
  private client: pg.Client | undefined;
  private retryMs = 250;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly channel: string,
    private readonly listener: ChangeListener,
    private readonly options: ChangeFeedOptions,
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
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: this.options.applicationName });
    let lost = false;
    const onLost = (reason: string) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      this.listener.following(false);
      client.end().catch(() => undefined);
      if (!this.stopped) {
        this.options.onError?.(`${this.options.applicationName}: connection lost (${reason}); reconnecting`);
        this.scheduleReconnect();
      }
    };
    client.on('error', (error) => onLost(error.message));
    client.on('end', () => onLost('connection ended'));
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.listener.changed();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
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
