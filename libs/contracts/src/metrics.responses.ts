import { z } from 'zod';
import { answerDay, answerTime } from './api-shapes.js';

// Field names are stable: BI tools and spreadsheets read them. Counts are contacts (fractional
// where a category is split across steps); every share carries its 95% interval as <field>Low
// and <field>High.

/** What every metrics answer reflects (added by the API to each answer; CSV: the x-reflects header). */
export const MetricsReflects = z.strictObject({
  taxonomyVersion: z.number().int().nullable().describe('The taxonomy version whose failure types the figures are grouped by; null before any import.'),
  valueStreamVersion: z.number().int().describe('The value-stream map version whose steps and links the rollups were counted with.'),
  valueStreamChangedAt: answerTime.describe('When that map version was made.'),
  repeatWindowDays: z.number().describe("The repeat window the rollups' repeat contacts were counted with."),
});
export type MetricsReflects = z.infer<typeof MetricsReflects>;

const reflects = { reflects: MetricsReflects };

/** How many of a group's contacts were repeats, with the share's 95% Wilson interval. */
const repeatFields = {
  repeatContacts: z.number(),
  repeatRate: z.number().nullable().describe('repeatContacts / contacts; null when there were no contacts.'),
  repeatRateLow: z.number(),
  repeatRateHigh: z.number(),
};

const customersFields = {
  customers: z.number().int().optional().describe('With customers=true: distinct customers behind the contacts (contacts without a customer id count towards none).'),
  failureCustomers: z.number().int().optional().describe('With customers=true: distinct customers behind the failure contacts.'),
};

/** A period's (or group's) contacts by demand type, the failure-demand ratio and the repeat rate, each with its 95% Wilson interval. */
export const FailureDemandRow = z.strictObject({
  period: answerDay.describe('The first day of the day, week (Monday) or month.'),
  partial: z.boolean().describe('True when `from` or `to` cuts the period (a week from a Sunday holds one day): not comparable with whole periods.'),
  group: z.string().optional().describe('With groupBy: the group key.'),
  contacts: z.number(),
  failureContacts: z.number(),
  valueContacts: z.number(),
  unclassifiedContacts: z.number(),
  failureDemandRatio: z.number().nullable().describe('failure / (failure + value); null when no contact was classified.'),
  failureDemandRatioLow: z.number(),
  failureDemandRatioHigh: z.number(),
  adjustedFailureDemandRatio: z
    .number()
    .nullable()
    .describe("The failure-demand share corrected for classifier error (adjusted classify-and-count with the model's held-out tpr and fpr); null without a usable confusion or when tpr − fpr < 0.2."),
  adjustedFailureDemandRatioLow: z.number().nullable(),
  adjustedFailureDemandRatioHigh: z.number().nullable(),
  ...repeatFields,
  ...customersFields,
});
export type FailureDemandRow = z.infer<typeof FailureDemandRow>;

/** The model version whose held-out confusion corrects the share: the newest, the one classifiers serve. */
export const FailureDemandModel = z.strictObject({
  version: z.number().int(),
  kind: z.string(),
  trainedAt: answerTime.describe('When it was stored.'),
  tpr: z.number().nullable().describe('Held-out P(says failure | truly failure); null without a stored confusion.'),
  fpr: z.number().nullable().describe('Held-out P(says failure | truly value); null without a stored confusion.'),
  heldOutFailure: z.number().int().nullable(),
  heldOutValue: z.number().int().nullable(),
});
export type FailureDemandModel = z.infer<typeof FailureDemandModel>;

/** `GET /v1/metrics/failure-demand`. */
export const FailureDemandResponse = z.strictObject({
  from: answerDay,
  to: answerDay,
  interval: z.enum(['day', 'week', 'month']),
  groupBy: z.string().nullable(),
  model: FailureDemandModel.nullable().describe('Null when no model version is stored yet.'),
  rows: z.array(FailureDemandRow),
  ...reflects,
});
export type FailureDemandResponse = z.infer<typeof FailureDemandResponse>;

/** One failure type's part of a step's failure demand (null: no type), with its 95% Wilson interval. */
export const FailureTypeShare = z.strictObject({
  failureType: z.string().nullable(),
  failureContacts: z.number(),
  share: z.number(),
  shareLow: z.number(),
  shareHigh: z.number(),
});
export type FailureTypeShare = z.infer<typeof FailureTypeShare>;

/** One value-stream step's friction in the period, each figure with its interval. */
export const StepRow = z.strictObject({
  valueStream: z.string(),
  valueStreamName: z.string(),
  step: z.string(),
  stepName: z.string(),
  contacts: z.number(),
  failureContacts: z.number(),
  failureShare: z.number().nullable().describe("The step's share of all failure demand; null when there was none at all."),
  failureShareLow: z.number(),
  failureShareHigh: z.number(),
  frictionRatePer1000: z.number().nullable().describe('Failure contacts per 1,000 units handled (Garwood interval); null without units.'),
  frictionRatePer1000Low: z.number().nullable(),
  frictionRatePer1000High: z.number().nullable(),
  observedCompleteAccurate: z.number().nullable().describe('1 − failure contacts per unit, at least 0; null without units.'),
  observedCompleteAccurateLow: z.number().nullable(),
  observedCompleteAccurateHigh: z.number().nullable(),
  change: z.number().nullable().describe('(failure − previous) / previous; null when the previous period had none.'),
  changeLow: z.number().nullable(),
  changeHigh: z.number().nullable(),
  ...repeatFields,
  units: z.number().nullable().describe('Units the step handled in the period (from its volumes); null without volumes.'),
  failuresPerMillionUnits: z.number().nullable().describe('Failure contacts per million units (Garwood interval); null without units.'),
  failuresPerMillionUnitsLow: z.number().nullable(),
  failuresPerMillionUnitsHigh: z.number().nullable(),
  targetCompleteAccurate: z.number().nullable(),
  topCategories: z.array(z.strictObject({ category: z.string(), failureContacts: z.number() })),
  failureTypes: z.array(FailureTypeShare).describe("The step's failure demand by failure type, largest first."),
  hint: z.string().nullable().describe('Where the mix points (progress chasing: lead time; done wrong: %C&A; not understood: communication), or null.'),
  ...customersFields,
});
export type StepRow = z.infer<typeof StepRow>;

/** `GET /v1/metrics/steps`. */
export const StepsResponse = z.strictObject({
  from: answerDay,
  to: answerDay,
  previousFrom: answerDay.describe('The period of equal length just before, that `change` compares with.'),
  previousTo: answerDay,
  failureContacts: z.number(),
  failureContactsAtNoStep: z.number().describe('Failure demand of categories linked to no step yet.'),
  rows: z.array(StepRow),
  ...reflects,
});
export type StepsResponse = z.infer<typeof StepsResponse>;

/** The key a row of a by-step, by-category or by-failure-type answer is about (only the one asked for is present). */
const byKeys = {
  step: z.string().nullable().optional().describe('With by=step (null: linked to no step).'),
  category: z.string().optional().describe('With by=category.'),
  failureType: z.string().nullable().optional().describe('With by=failureType (null: no type).'),
};

/** One bar of the Pareto chart. */
export const ParetoRow = z.strictObject({
  ...byKeys,
  count: z.number(),
  share: z.number().describe('count / total; 0 when the total is 0.'),
  cumulativeShare: z.number(),
  vital: z.boolean().describe('In the smallest prefix that reaches 80% of the total: the vital few.'),
  ...repeatFields,
  customers: customersFields.customers,
});
export type ParetoRow = z.infer<typeof ParetoRow>;

/** `GET /v1/metrics/pareto`. */
export const ParetoResponse = z.strictObject({
  from: answerDay,
  to: answerDay,
  by: z.enum(['step', 'category', 'failureType']),
  demandType: z.enum(['failure', 'value']),
  rows: z.array(ParetoRow),
  ...reflects,
});
export type ParetoResponse = z.infer<typeof ParetoResponse>;

export const SpikeRow = z.strictObject({
  ...byKeys,
  period: answerDay,
  count: z.number(),
  baseline: z.number().describe('Mean failure contacts per period over the baseline periods before.'),
  zScore: z.number(),
  pValue: z.number(),
  customers: customersFields.customers,
});
export type SpikeRow = z.infer<typeof SpikeRow>;

/** `GET /v1/metrics/spikes`. */
export const SpikesResponse = z.strictObject({
  from: answerDay,
  to: answerDay,
  by: z.enum(['step', 'category', 'failureType']),
  interval: z.enum(['day', 'week']),
  baselinePeriods: z.number().int(),
  alpha: z.number(),
  rows: z.array(SpikeRow).describe('Spikes, strongest first.'),
  ...reflects,
});
export type SpikesResponse = z.infer<typeof SpikesResponse>;

const annualCostFields = {
  costPerYear: z.number(),
  costPerYearLow: z.number(),
  costPerYearHigh: z.number(),
};

/** One channel's part of a row: its failure contacts and what they cost (null: the channel has no handling cost). */
export const CostChannel = z.strictObject({ channel: z.string(), failureContacts: z.number(), cost: z.number().nullable() });
export type CostChannel = z.infer<typeof CostChannel>;

export const CostRow = z.strictObject({
  ...byKeys,
  failureContacts: z.number(),
  cost: z.number().describe('Failure contacts × handling cost of their channel.'),
  ...annualCostFields,
  currency: z.string().nullable(),
  uncostedContacts: z.number().describe('Failure contacts on channels with no handling cost set (not in `cost`).'),
  previousCost: z.number().describe("The same key's cost in the period of equal length just before."),
  channels: z.array(CostChannel).describe('The cost by channel, most costly first.'),
  customers: customersFields.customers,
});
export type CostRow = z.infer<typeof CostRow>;

/** With `interval`: one key's failure demand in one day, week or month, and what it cost. */
export const CostPoint = z.strictObject({
  period: answerDay.describe('The first day of the day, week (Monday) or month.'),
  partial: z.boolean().describe('The period is cut by from or to, so holds fewer days than its neighbours.'),
  ...byKeys,
  failureContacts: z.number(),
  cost: z.number(),
  costLow: z.number().describe("The 95% interval of the cost at the rate this period shows."),
  costHigh: z.number(),
  uncostedContacts: z.number(),
});
export type CostPoint = z.infer<typeof CostPoint>;

/** `GET /v1/metrics/cost`. */
export const CostResponse = z.strictObject({
  from: answerDay,
  to: answerDay,
  previousFrom: answerDay,
  previousTo: answerDay,
  days: z.number().int().describe('Days in the period: `costPerYear` is `cost` × 365 / days.'),
  by: z.enum(['step', 'category', 'failureType']),
  totalCost: z.number(),
  totalCostPerYear: z.number(),
  totalCostPerYearLow: z.number(),
  totalCostPerYearHigh: z.number(),
  costPerYear: z.number().optional(),
  costPerYearLow: z.number().optional(),
  costPerYearHigh: z.number().optional(),
  currency: z.string().nullable(),
  uncostedChannels: z.array(z.string()).describe('Channels with failure contacts in the period but no handling cost: set one with PUT /v1/handling-costs.'),
  channels: z.array(z.strictObject({ ...CostChannel.shape, ...annualCostFields })).describe("The whole period's failure demand by channel, most costly first."),
  rows: z.array(CostRow),
  interval: z.enum(['day', 'week', 'month']).optional(),
  series: z.array(CostPoint).optional().describe('With `interval`: every key of `rows` in every period, zeros included.'),
  ...reflects,
});
export type CostResponse = z.infer<typeof CostResponse>;

/** A window's failure contacts, per week and per 1,000 units handled, each with its Garwood interval. */
export const ImpactWindowRates = z.strictObject({
  count: z.number(),
  weeks: z.number(),
  units: z.number().nullable(),
  perWeek: z.number().nullable(),
  perWeekLow: z.number().nullable(),
  perWeekHigh: z.number().nullable(),
  per1000Units: z.number().nullable(),
  per1000UnitsLow: z.number().nullable(),
  per1000UnitsHigh: z.number().nullable(),
});
export type ImpactWindowRates = z.infer<typeof ImpactWindowRates>;

/** The after/before rate ratio (below 1: less failure demand) with its 95% interval; ratio null when nothing happened before. */
export const RateRatio = z.strictObject({ ratio: z.number().nullable(), low: z.number(), high: z.number() });
export type RateRatio = z.infer<typeof RateRatio>;

/** What the verdict and `rateRatio` compare: failure contacts per 1,000 units handled (`units`) or per week (`weeks`). */
export const ImpactBasis = z.enum(['units', 'weeks']);
export type ImpactBasis = z.infer<typeof ImpactBasis>;

/** `GET /v1/metrics/countermeasures/{id}/impact`. */
export const ImpactResponse = z.strictObject({
  countermeasure: z.strictObject({ id: z.number().int(), title: z.string(), step: z.string(), categories: z.array(z.string()), startedOn: answerDay, status: z.string() }),
  beforeFrom: answerDay,
  afterTo: answerDay,
  before: ImpactWindowRates,
  after: ImpactWindowRates,
  basis: ImpactBasis,
  rateRatio: z.number().nullable().describe('The after/before ratio on `basis`; below 1 means less failure demand.'),
  rateRatioLow: z.number().nullable(),
  rateRatioHigh: z.number().nullable(),
  rateRatioPerWeek: RateRatio.nullable(),
  rateRatioPer1000Units: RateRatio.nullable().describe('When both windows have units.'),
  verdict: z.enum(['reduced', 'increased', 'no clear change', 'too little data']),
  summary: z.string(),
  ...reflects,
});
export type ImpactResponse = z.infer<typeof ImpactResponse>;
