import nodemailer, { type Transporter } from 'nodemailer';
import { DELIVERY_ID_HEADER, emailMessage, SIGNATURE_HEADER, signWebhook, webhookBody, type Alert, type AlertChannelKind } from '@frictionlens/domain';

/** One delivery as a sender sees it: where, the opened secret, the alert and the idempotency key. */
export interface OutgoingAlert {
  deliveryId: string;
  subscriptionId: string;
  kind: AlertChannelKind;
  target: string;
  secret: string;
  alert: Alert;
}

/** What an attempt came to; `delivered: false` is retried with backoff. */
export interface SendOutcome {
  delivered: boolean;
  responseStatus: number | null;
  error: string | null;
}

export interface AlertSender {
  send(outgoing: OutgoingAlert): Promise<SendOutcome>;
}

const WEBHOOK_TIMEOUT_MS = 10_000;

/** Webhooks (generic, Slack, Teams) by signed HTTP POST, e-mail by SMTP. */
export class AlertSenders implements AlertSender {
  private readonly mail?: Transporter;

  constructor(private readonly smtp: { url?: string; from: string }) {
    this.mail = smtp.url ? nodemailer.createTransport(smtp.url) : undefined;
  }

  send(outgoing: OutgoingAlert): Promise<SendOutcome> {
    return outgoing.kind === 'email' ? this.sendMail(outgoing) : this.post(outgoing, outgoing.kind);
  }

  close(): void {
    this.mail?.close();
  }

  private async post(outgoing: OutgoingAlert, kind: Exclude<AlertChannelKind, 'email'>): Promise<SendOutcome> {
    const body = webhookBody(kind, outgoing.alert, outgoing);
    try {
      const response = await fetch(outgoing.target, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'FrictionLens-Alerts/1',
          [DELIVERY_ID_HEADER]: outgoing.deliveryId,
          'x-frictionlens-event': outgoing.alert.event,
          [SIGNATURE_HEADER]: signWebhook(outgoing.secret, body, new Date()),
        },
        body,
      });
      await response.body?.cancel();
      const delivered = response.status >= 200 && response.status < 300;
      return { delivered, responseStatus: response.status, error: delivered ? null : `the receiver answered HTTP ${response.status}` };
    } catch (error) {
      return { delivered: false, responseStatus: null, error: describe(error) };
    }
  }

  private async sendMail(outgoing: OutgoingAlert): Promise<SendOutcome> {
    if (!this.mail) return { delivered: false, responseStatus: null, error: 'SMTP_URL is not set: e-mail alerts cannot be sent' };
    const { subject, text } = emailMessage(outgoing.alert, outgoing);
    try {
      // The Message-ID is the delivery id: a mail system that sees a retry of it can drop the copy.
      await this.mail.sendMail({ from: this.smtp.from, to: outgoing.target, subject, text, messageId: `<${outgoing.deliveryId}@frictionlens>`, headers: { 'X-FrictionLens-Delivery-Id': outgoing.deliveryId } });
      return { delivered: true, responseStatus: null, error: null };
    } catch (error) {
      return { delivered: false, responseStatus: null, error: describe(error) };
    }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return (cause instanceof Error ? `${error.message}: ${cause.message}` : error.message).slice(0, 500);
}
