import { z } from 'zod';
import { Channels } from './channel.js';
import { ContactKinds } from './contact-kind.js';

/** The longest period one metrics request may span, so every answer stays fast. */
export const MAX_METRICS_DAYS = 1_100;

const isoDate = z.iso.date('must be a date as YYYY-MM-DD');
const key = z.string().regex(/^[A-Za-z0-9_.?-]{1,100}$/, 'each value must be 1–100 letters, digits, "_", "-", "." or "?"');

/** A comma-separated list (`channel=email,phone`): at most 100 values, each checked by `item`. */
const listOf = <T extends string>(item: z.ZodType<T, string>) =>
  z
    .string()
    .transform((value) => value.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(item).min(1, 'must name at least one value').max(100, 'at most 100 values'));

/** Filters every metric takes; each narrows to contacts matching any of its values. */
export const MetricsFilters = z.object({
  valueStream: listOf(key).optional().describe('Value-stream keys.'),
  step: listOf(key).optional().describe('Step keys; a category split across steps counts only its share at these steps.'),
  category: listOf(key).optional().describe('Category keys (unclassified included as `unclassified`).'),
  channel: listOf(z.enum(Channels, { message: `each value must be one of ${Channels.join(', ')}` })).optional(),
  kind: listOf(z.enum(ContactKinds, { message: `each value must be one of ${ContactKinds.join(', ')}` })).optional(),
  product: listOf(key).optional().describe('Product SKUs.'),
  source: listOf(key).optional().describe('Sending systems (zendesk, salesforce, ...).'),
  failureType: listOf(key)
    .optional()
    .describe("Failure types (progress-chasing, done-wrong, ..., repeat, not-for-here): failure demand of these types, a contact's own (repeat, not for here) before its category's in the current taxonomy version."),
});
export type MetricsFilters = z.infer<typeof MetricsFilters>;

/**
 * `customers=true` adds the distinct customers behind each row's contacts. Distinct counts cannot
 * be summed from the rollups, so they are counted from the contact rows: exact, and slower the
 * more contacts the period holds, hence asked for rather than always given.
 */
export const CustomersOption = z.object({
  customers: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .transform((value) => value === 'true')
    .optional()
    .describe('true: also the distinct (hashed) customers behind each row, counted from the contacts (slower on long periods).'),
});


/**
 * The days a metrics period may name. Wider than any contact history or plan, and narrow enough
 * that every day worked out from them (the previous period of `steps`, a spike test's baseline)
 * reads the same in JavaScript and PostgreSQL. Before it, year 10000 made a period list endless.
 */
export const METRICS_FIRST_DAY = '1900-01-01';
export const METRICS_LAST_DAY = '2999-12-31';

const DAY_MS = 86_400_000;
const timeOf = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);
const IN_RANGE = `must be a date from ${METRICS_FIRST_DAY} to ${METRICS_LAST_DAY}`;

/**
 * The period of a metrics request: `from` inclusive, `to` exclusive, both UTC dates. Without
 * them the last 12 full weeks up to today are used. A `to` after METRICS_LAST_DAY, such as the
 * `9999-12-31` BI tools send for "no end date", means no end: the period runs up to and
 * including today (`to` becomes tomorrow), and the answer says so in its `to`.
 */
export const MetricsPeriod = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    format: z.enum(['json', 'csv'], { message: 'must be json or csv' }).optional().describe('csv: the rows as a spreadsheet; also with Accept: text/csv.'),
  })
  .superRefine(checkPeriodDays)
  .transform(resolvePeriodEnd);

/**
 * A period with the same rules and messages as MetricsPeriod, for a request that is not a metric
 * (no `format`): the review queue's. Left out, both mean no period at all.
 */
export const PeriodDates = z
  .object({ from: isoDate.optional(), to: isoDate.optional() })
  .superRefine(checkPeriodDays)
  .transform(resolvePeriodEnd);
export type PeriodDates = z.infer<typeof PeriodDates>;

interface PeriodDays {
  from?: string | undefined;
  to?: string | undefined;
}

function checkPeriodDays(period: PeriodDays, ctx: z.RefinementCtx): void {
  const outside = (day: string) => timeOf(day) < timeOf(METRICS_FIRST_DAY) || timeOf(day) > timeOf(METRICS_LAST_DAY);
  if (period.from && outside(period.from)) ctx.addIssue({ code: 'custom', path: ['from'], message: `${IN_RANGE}, not ${period.from}` });
  if (period.to && timeOf(period.to) < timeOf(METRICS_FIRST_DAY)) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `${IN_RANGE} (or after ${METRICS_LAST_DAY} for no end date), not ${period.to}` });
  }
}

function resolvePeriodEnd<T extends PeriodDays>(period: T, ctx: z.RefinementCtx): T {
  const today = Date.parse(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
  const to = period.to && timeOf(period.to) > timeOf(METRICS_LAST_DAY) ? dayOf(today + DAY_MS) : period.to;
  if (period.from) {
    // Without `to`, the period ends on this week's Monday (defaultPeriod in libs/domain).
    const end = to ?? dayOf(today - ((new Date(today).getUTCDay() + 6) % 7) * DAY_MS);
    const days = (timeOf(end) - timeOf(period.from)) / DAY_MS;
    const toSaid = to === undefined ? ` (to defaults to this week's Monday, ${end})` : to !== period.to ? ` (a to after ${METRICS_LAST_DAY} means today included: ${end})` : '';
    if (to !== undefined && days <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: `must be after from${toSaid}` });
    else if (days > MAX_METRICS_DAYS) {
      ctx.addIssue({ code: 'custom', path: [to === undefined ? 'from' : 'to'], message: to === undefined ? `must be at most ${MAX_METRICS_DAYS} days before to${toSaid}` : `must be at most ${MAX_METRICS_DAYS} days after from${toSaid}` });
    }
  }
  return to === period.to ? period : { ...period, to };
}

/** What a metric can be grouped by; `failureType` is the category's in the current taxonomy version. */
export const MetricsDimensions = ['channel', 'kind', 'step', 'valueStream', 'category', 'product', 'source', 'failureType'] as const;
export type MetricsDimension = (typeof MetricsDimensions)[number];


/** `GET /v1/metrics/failure-demand`: the failure-demand ratio over time. */
export const FailureDemandQuery = z
  .object({
    interval: z.enum(['day', 'week', 'month'], { message: 'must be day, week or month' }).default('week'),
    groupBy: z.enum(MetricsDimensions, { message: `must be one of ${MetricsDimensions.join(', ')}` }).optional(),
  })
  .extend(MetricsFilters.shape)
  .extend(CustomersOption.shape)
  .and(MetricsPeriod);
export type FailureDemandQuery = z.infer<typeof FailureDemandQuery>;

/** `GET /v1/metrics/steps`: friction per value-stream step. */
export const StepsQuery = MetricsFilters.extend(CustomersOption.shape).and(MetricsPeriod);
export type StepsQuery = z.infer<typeof StepsQuery>;

/** `GET /v1/metrics/pareto`: steps, categories or failure types by failure demand, largest first. */
export const ParetoQuery = z
  .object({
    by: z.enum(['step', 'category', 'failureType'], { message: 'must be step, category or failureType' }).default('category'),
    demandType: z.enum(['failure', 'value'], { message: 'must be failure or value' }).default('failure'),
  })
  .extend(MetricsFilters.shape)
  .extend(CustomersOption.shape)
  .and(MetricsPeriod);
export type ParetoQuery = z.infer<typeof ParetoQuery>;

/** `GET /v1/metrics/spikes`: days or weeks when a category's or step's failure demand was improbably high. */
export const SpikesQuery = z
  .object({
    by: z.enum(['step', 'category', 'failureType'], { message: 'must be step, category or failureType' }).default('category'),
    interval: z.enum(['day', 'week'], { message: 'must be day or week' }).default('week'),
    baselinePeriods: z.coerce.number().int('must be a whole number').min(2, 'must be at least 2').max(52, 'must be at most 52').default(8),
    alpha: z.coerce.number().gt(0, 'must be above 0').max(0.05, 'must be at most 0.05').default(0.001),
  })
  .extend(MetricsFilters.shape)
  .extend(CustomersOption.shape)
  .and(MetricsPeriod);
export type SpikesQuery = z.infer<typeof SpikesQuery>;

/** `GET /v1/metrics/cost`: what handling failure demand cost, by step or category, and with `interval` over time. */
export const CostQuery = z
  .object({
    by: z.enum(['step', 'category', 'failureType'], { message: 'must be step, category or failureType' }).default('step'),
    interval: z
      .enum(['day', 'week', 'month'], { message: 'must be day, week or month' })
      .optional()
      .describe('Also `series`: the cost of each step, category or failure type per day, week or month, with its 95% interval (JSON only).'),
  })
  .extend(MetricsFilters.shape)
  .extend(CustomersOption.shape)
  .and(MetricsPeriod);
export type CostQuery = z.infer<typeof CostQuery>;

/** `GET /v1/metrics/countermeasures/{id}/impact`: failure demand before against after the start. */
export const ImpactQuery = z.object({
  weeks: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(52, 'must be at most 52').default(8),
});
export type ImpactQuery = z.infer<typeof ImpactQuery>;

const DRILL_DOWN_LIMIT = 'must be a whole number from 1 to 200';

/**
 * `GET /v1/contacts`: the contacts behind a figure, newest first, with the metrics filters and
 * period. `step` and `valueStream` mean the categories linked to those steps (or the stream's steps).
 */
export const ContactsQuery = z
  .object({
    demandType: z.enum(['failure', 'value', 'unclassified'], { message: 'must be failure, value or unclassified' }).optional().describe('Only contacts of this demand type (a label\'s category decides when there is one).'),
    limit: z.coerce.number({ error: DRILL_DOWN_LIMIT }).int(DRILL_DOWN_LIMIT).min(1, DRILL_DOWN_LIMIT).max(200, DRILL_DOWN_LIMIT).default(50).describe('Contacts per page, 1–200.'),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,200}$/, 'is not a cursor this API gave (pass nextCursor from the previous page as it is)')
      .optional()
      .describe('`nextCursor` of the previous page, as it is (opaque).'),
  })
  .extend(MetricsFilters.shape)
  .and(MetricsPeriod);
export type ContactsQuery = z.infer<typeof ContactsQuery>;
