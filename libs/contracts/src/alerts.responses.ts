import { z } from 'zod';
import { answerTime } from './api-shapes.js';
import { AlertChannelKindV1 } from './alerts.v1.js';

/** A subscription as the API shows it: never its secret (that is answered once, on creation). */
export const AlertSubscriptionResponse = z.strictObject({
  id: z.uuid(),
  kind: AlertChannelKindV1,
  url: z.string().optional().describe('Where a webhook, Slack or Teams alert is posted.'),
  to: z.string().optional().describe('Where an e-mail alert is sent.'),
  name: z.string().nullable(),
  events: z.array(z.string()),
  sensitivity: z.enum(['low', 'medium', 'high']),
  filters: z.strictObject({ valueStream: z.array(z.string()).optional(), step: z.array(z.string()).optional(), category: z.array(z.string()).optional() }),
  createdAt: answerTime,
});
export type AlertSubscriptionResponse = z.infer<typeof AlertSubscriptionResponse>;

/** `POST /v1/alerts/subscriptions`: the subscription and its signing secret, shown only this once. */
export const AlertSubscriptionCreated = z.strictObject({ ...AlertSubscriptionResponse.shape, secret: z.string().describe('Signs each delivery (docs/alerts.md); shown only this once.') });
export type AlertSubscriptionCreated = z.infer<typeof AlertSubscriptionCreated>;

export const AlertSubscriptionList = z.array(AlertSubscriptionResponse);
export type AlertSubscriptionList = z.infer<typeof AlertSubscriptionList>;

/** One alert to one subscription, and how sending it went. */
export const AlertDeliveryResponse = z.strictObject({
  id: z.string(),
  subscriptionId: z.uuid(),
  event: z.string(),
  alertStatus: z.string(),
  dedupeKey: z.string(),
  title: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: answerTime.nullable(),
  lastAttemptAt: answerTime.nullable(),
  lastResponseStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: answerTime,
  deliveredAt: answerTime.nullable(),
});
export type AlertDeliveryResponse = z.infer<typeof AlertDeliveryResponse>;

export const AlertDeliveryList = z.array(AlertDeliveryResponse);
export type AlertDeliveryList = z.infer<typeof AlertDeliveryList>;

/** `POST /v1/alerts/subscriptions/{id}/test`: the queued test alert's delivery. */
export const AlertTestResponse = z.strictObject({ deliveryId: z.string() });
export type AlertTestResponse = z.infer<typeof AlertTestResponse>;
