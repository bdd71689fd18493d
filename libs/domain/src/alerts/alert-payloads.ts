import type { AlertEvent } from './alert-rules.js';

/** Where a subscription's alerts go, and in which body. */
export const AlertChannelKinds = ['webhook', 'slack', 'teams', 'email'] as const;
export type AlertChannelKind = (typeof AlertChannelKinds)[number];

/** One alert as FrictionLens states it, before it is shaped for a receiver. */
export interface Alert {
  event: AlertEvent | 'test';
  /** `open`: an issue began; `resolved`: it ended; `info`: an event with no end (a verdict change, a digest, a test). */
  status: 'open' | 'resolved' | 'info';
  /** The stable name (the same for its open and resolved alerts). */
  dedupeKey: string;
  /** One line in plain words. */
  title: string;
  /** A few sentences in plain words. */
  summary: string;
  /** ISO time the evaluation saw it. */
  occurredAt: string;
  /** The figures behind it, named (period, count, baseline, …). */
  figures: Record<string, string | number | null>;
  /** Where in the dashboard to look (a path such as `#/steps/card-production`). */
  link?: string;
}

/** The generic webhook body: the alert with the delivery's own id and the subscription's. */
export interface GenericAlertBody extends Alert {
  deliveryId: string;
  subscriptionId: string;
}

const STATUS_WORD: Record<Alert['status'], string> = { open: 'New', resolved: 'Resolved', info: 'Update' };

function headline(alert: Alert): string {
  return `${STATUS_WORD[alert.status]}: ${alert.title}`;
}

function figureLines(alert: Alert): string[] {
  return Object.entries(alert.figures).map(([name, value]) => `${name}: ${value ?? 'n/a'}`);
}

/** The body a generic webhook receives. */
export function genericBody(alert: Alert, ids: { deliveryId: string; subscriptionId: string }): GenericAlertBody {
  return { deliveryId: ids.deliveryId, subscriptionId: ids.subscriptionId, ...alert };
}

/** A body Slack's incoming webhooks accept: `text` (the notification) and Block Kit blocks. */
export function slackBody(alert: Alert): { text: string; blocks: unknown[] } {
  const text = headline(alert);
  // Slack reads <, > and & in mrkdwn as markup; escaped, a category name stays text.
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: text.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: escape(alert.summary) } },
      ...(Object.keys(alert.figures).length ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: escape(figureLines(alert).join(' · ')) }] }] : []),
    ],
  };
}

/** A body Microsoft Teams' incoming webhooks (Workflows) accept: a message with one Adaptive Card. */
export function teamsBody(alert: Alert): { type: 'message'; attachments: unknown[] } {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: headline(alert), weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'TextBlock', text: alert.summary, wrap: true },
            { type: 'FactSet', facts: Object.entries(alert.figures).map(([title, value]) => ({ title, value: String(value ?? 'n/a') })) },
          ],
        },
      },
    ],
  };
}

/** The raw JSON a webhook of this kind receives (the bytes that are signed). */
export function webhookBody(kind: Exclude<AlertChannelKind, 'email'>, alert: Alert, ids: { deliveryId: string; subscriptionId: string }): string {
  if (kind === 'slack') return JSON.stringify(slackBody(alert));
  if (kind === 'teams') return JSON.stringify(teamsBody(alert));
  return JSON.stringify(genericBody(alert, ids));
}

/** An e-mail's subject and plain-text body (plain text only: nothing in it is markup). */
export function emailMessage(alert: Alert, ids: { deliveryId: string }): { subject: string; text: string } {
  const text = [alert.summary, '', ...figureLines(alert), '', `Delivery ${ids.deliveryId} · ${alert.dedupeKey}`].join('\n');
  return { subject: `[FrictionLens] ${headline(alert)}`.replace(/[\r\n]+/g, ' '), text };
}
