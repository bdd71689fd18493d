import { z } from 'zod';

const key = z.string().regex(/^[A-Za-z0-9_.?-]{1,100}$/, 'each value must be 1–100 letters, digits, "_", "-", "." or "?"');
const keys = z.array(key).min(1, 'must name at least one value').max(100, 'at most 100 values').optional();

/** What a subscription can be told about (docs/alerts.md). */
export const AlertEventV1 = z.enum(['spike', 'emerging-theme', 'countermeasure-verdict', 'weekly-digest'], {
  message: 'each event must be spike, emerging-theme, countermeasure-verdict or weekly-digest',
});
export type AlertEventV1 = z.infer<typeof AlertEventV1>;

/** Where alerts go: a generic JSON webhook, Slack's or Teams' incoming webhook, or e-mail over SMTP. */
export const AlertChannelKindV1 = z.enum(['webhook', 'slack', 'teams', 'email'], { message: 'must be webhook, slack, teams or email' });

/**
 * `POST /v1/alerts/subscriptions`. Webhook kinds (`webhook`, `slack`, `teams`) need `url`
 * (http or https), `email` needs `to`. Filters narrow spikes and verdicts to streams, steps or
 * categories; sensitivity sets how unusual a spike must be (default medium).
 */
export const AlertSubscriptionV1 = z
  .object({
    kind: AlertChannelKindV1,
    url: z.string().max(2_000, 'at most 2,000 characters').optional().describe('The webhook URL (webhook, slack, teams).'),
    to: z.email('must be an e-mail address').max(320).optional().describe('The address (email).'),
    name: z.string().min(1).max(200).optional(),
    events: z.array(AlertEventV1).min(1, 'must name at least one event').max(4).transform((events) => [...new Set(events)]),
    sensitivity: z.enum(['low', 'medium', 'high'], { message: 'must be low, medium or high' }).default('medium'),
    filters: z.object({ valueStream: keys, step: keys, category: keys }).strict().default({}),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.kind === 'email' && !s.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'an email subscription needs an address' });
    if (s.kind === 'email' && s.url) ctx.addIssue({ code: 'custom', path: ['url'], message: 'an email subscription takes to, not url' });
    if (s.kind !== 'email' && !s.url) ctx.addIssue({ code: 'custom', path: ['url'], message: `a ${s.kind} subscription needs a url` });
    if (s.kind !== 'email' && s.to) ctx.addIssue({ code: 'custom', path: ['to'], message: `a ${s.kind} subscription takes url, not to` });
  });
export type AlertSubscriptionV1 = z.infer<typeof AlertSubscriptionV1>;

/** `GET /v1/alerts/deliveries`: the delivery log, newest first. */
export const AlertDeliveriesQuery = z.object({
  subscription: z.uuid('must be a subscription id').optional(),
  status: z.enum(['pending', 'delivered', 'failed'], { message: 'must be pending, delivered or failed' }).optional(),
  limit: z.coerce.number().int('must be a whole number from 1 to 500').min(1, 'must be a whole number from 1 to 500').max(500, 'must be a whole number from 1 to 500').default(100),
});
export type AlertDeliveriesQuery = z.infer<typeof AlertDeliveriesQuery>;
