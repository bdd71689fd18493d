import { Logger } from '@nestjs/common';
import { nextAttemptDelayMs, type Alert, type AlertChannelKind, type BackoffOptions } from '@frictionlens/domain';
import type { ClaimedDelivery, TransactionRunner } from '@frictionlens/persistence';
import type { AlertSender, SendOutcome } from './alert-senders.js';
import type { SecretBox } from './secret-box.js';

/** Deliveries one dispatcher claims at a time (sent at once, committed together). */
const BATCH = 20;

/**
 * One round of the outbox: claim due deliveries, send them, record each attempt. The claim, the
 * sends and the records share one transaction, so the rows stay locked (FOR UPDATE SKIP LOCKED)
 * while they are sent: another instance skips them, and a dispatcher that dies before its commit
 * leaves them pending with the attempt uncounted. They are then sent again with the same delivery
 * id, which receivers use to drop a copy (at-least-once on the wire, once by idempotency key).
 */
export class AlertDispatch {
  private readonly logger = new Logger(AlertDispatch.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly sender: AlertSender,
    private readonly secrets: SecretBox,
    private readonly backoff: BackoffOptions,
  ) {}

  /** Sends what is due; how many deliveries were attempted. `beforeCommit` lets tests stop between send and commit. */
  async runOnce(beforeCommit?: () => Promise<void>): Promise<number> {
    return this.transactions.run(async (tx) => {
      const alerts = tx.alerts;
      const claimed = await alerts.claimDue(BATCH);
      const outcomes = await Promise.all(claimed.map((d) => this.attempt(d)));
      for (const [i, delivery] of claimed.entries()) {
        const outcome = outcomes[i]!;
        const attempts = delivery.attempts + 1;
        const delay = outcome.delivered ? undefined : nextAttemptDelayMs(attempts, this.backoff);
        await alerts.recordAttempt(delivery.id, { ...outcome, ...(delay !== undefined && { nextAttemptAt: new Date(Date.now() + delay) }) });
        if (!outcome.delivered) {
          // The receiver's answer, never the body: bodies can hold customers' words.
          this.logger.warn({ deliveryId: delivery.id, subscriptionId: delivery.subscriptionId, attempts, responseStatus: outcome.responseStatus, error: outcome.error, retryInMs: delay ?? null }, delay === undefined ? 'alert delivery failed for good' : 'alert delivery failed; retrying');
        }
      }
      await beforeCommit?.();
      return claimed.length;
    });
  }

  private async attempt(delivery: ClaimedDelivery): Promise<SendOutcome> {
    try {
      const secret = this.secrets.open(delivery.subscription.secret);
      const kind = delivery.subscription.kind as AlertChannelKind;
      return await this.sender.send({ deliveryId: delivery.id, subscriptionId: delivery.subscriptionId, kind, target: delivery.subscription.target, secret, alert: delivery.alert as unknown as Alert });
    } catch (error) {
      return { delivered: false, responseStatus: null, error: error instanceof Error ? error.message : String(error) };
    }
  }
}
