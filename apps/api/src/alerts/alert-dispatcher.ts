import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TransactionRunner } from '@frictionlens/persistence';
import { RUNTIME, type Runtime } from '@frictionlens/platform';
import { AlertDispatch } from './alert-dispatch.js';
import { AlertSenders } from './alert-senders.js';
import { SecretBox } from './secret-box.js';

/**
 * Runs the alert outbox wherever the API runs: every ALERTS_DISPATCH_INTERVAL_MS, and at once
 * when a delivery was just queued on this instance (`nudge`). Several instances share the rows.
 */
@Injectable()
export class AlertDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertDispatcher.name);
  readonly secrets: SecretBox;
  private readonly senders: AlertSenders;
  private readonly dispatch: AlertDispatch;
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime, transactions: TransactionRunner) {
    const config = runtime.config;
    this.secrets = new SecretBox(config.ALERTS_SECRET_KEY);
    this.senders = new AlertSenders({ url: config.SMTP_URL, from: config.SMTP_FROM });
    this.dispatch = new AlertDispatch(transactions, this.senders, this.secrets, { baseMs: config.ALERTS_RETRY_BASE_SECONDS * 1_000, maxMs: 3_600_000, maxAttempts: config.ALERTS_MAX_ATTEMPTS });
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
    this.senders.close();
  }

  /** Looks for due deliveries now rather than at the next tick. */
  nudge(): void {
    if (this.round) this.again = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.round = this.drain()
        .catch((error: unknown) => this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'alert dispatch failed; trying again'))
        .finally(() => {
          this.round = undefined;
          const soon = this.again;
          this.again = false;
          this.schedule(soon ? 0 : this.runtime.config.ALERTS_DISPATCH_INTERVAL_MS);
        });
    }, ms);
  }

  // While full batches come back there may be more due at once.
  private async drain(): Promise<void> {
    while (!this.stopped && (await this.dispatch.runOnce()) >= 20) {
      // next batch
    }
  }
}
