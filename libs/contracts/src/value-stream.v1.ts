import { z } from 'zod';
import { Channels } from './channel.js';
import { CategoryKey } from './taxonomy.v1.js';

const KEY_PATTERN = /^[A-Za-z0-9_.-]+$/;
const KEY_RULE = 'may hold only letters, digits, _, - and .';

const key = (what: string) =>
  z
    .string({ error: `is required: the ${what}'s key` })
    .min(1, 'must not be empty')
    .max(100, 'must be at most 100 characters')
    .regex(KEY_PATTERN, KEY_RULE);

/** A value stream's key: 1–100 letters, digits, `_`, `-` or `.`. */
export const ValueStreamKey = key('value stream').describe('Stable key of the value stream.');
export type ValueStreamKey = z.infer<typeof ValueStreamKey>;

/** A step's key: 1–100 letters, digits, `_`, `-` or `.`, unique across every value stream. */
export const StepKey = key('step').describe('Stable key of the step, unique across value streams.');
export type StepKey = z.infer<typeof StepKey>;

/** A UTC calendar day as `YYYY-MM-DD` (a real date: no 2026-02-30). */
export const CalendarDay = z.iso.date('must be a date as YYYY-MM-DD');
export type CalendarDay = z.infer<typeof CalendarDay>;

/** Most link weights carry four decimals (as stored): 1/3 is 0.3333. */
export const WEIGHT_DECIMALS = 4;

/** A link weight: the share of a category's contacts that originates at the step, above 0 and at most 1 (four decimals kept). */
export const LinkWeight = z
  .number({ error: 'must be a number above 0 and at most 1' })
  .transform((w) => Math.round(w * 10 ** WEIGHT_DECIMALS) / 10 ** WEIGHT_DECIMALS)
  .pipe(z.number().gt(0, 'must be above 0 (at least 0.0001)').max(1, 'must be at most 1'));

/** One step a category's friction originates at, with its share. */
export const StepLinkV1 = z.object({ step: StepKey, weight: LinkWeight });
export type StepLinkV1 = z.infer<typeof StepLinkV1>;

const text = (max: number) => z.string().trim().min(1, 'must not be blank').max(max, `must be at most ${max} characters`);
// null reads as absent, so a step or stream as GET shows it can be sent back.
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);
const nonNegative = (unit: string) => z.number({ error: `must be a number of ${unit}` }).min(0, 'must not be negative').max(1_000_000_000, 'is too large');

const stepFields = {
  name: optional(text(200)).describe("Shown to people; derived from the key when absent ('card-ordering' → 'Card ordering')."),
  owner: optional(text(200)).describe('Who owns the step (a person or team).'),
  processTimeMinutes: optional(nonNegative('minutes')).describe('Hands-on time per unit, in minutes.'),
  leadTimeHours: optional(nonNegative('hours')).describe('Elapsed time from the step receiving a unit to passing it on, in hours.'),
  targetCompleteAccurate: optional(z.number({ error: 'must be a fraction from 0 to 1' }).min(0, 'must be at least 0').max(1, 'must be at most 1 (0.98 = 98%)')).describe(
    'Target %C&A as a fraction (0.98 = 98%): the share of its output the next step should get complete and accurate.',
  ),
  unitName: optional(text(100)).describe('What one unit of the step\'s volume is ("cards issued").'),
};

/** The fields of a step that `PUT /v1/value-streams/steps/:step` replaces (a field left out is cleared). */
export const StepUpdateV1 = z.object({ ...stepFields, key: StepKey.optional() });
export type StepUpdateV1 = z.infer<typeof StepUpdateV1>;

/** One step of a value stream in an import document. */
export const ValueStreamStepV1 = z.object({
  key: StepKey,
  order: z.number({ error: 'must be a whole number from 1' }).int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'must be at most 10000').describe('Place in the stream, 1 first.'),
  ...stepFields,
});
export type ValueStreamStepV1 = z.infer<typeof ValueStreamStepV1>;

/** One value stream in an import document, with its steps. */
export const ValueStreamV1 = z.object({
  key: ValueStreamKey,
  name: text(200),
  description: optional(text(4000)),
  owner: optional(text(200)),
  steps: z.array(ValueStreamStepV1).min(1, 'must hold at least one step').max(1000, 'must hold at most 1000 steps'),
});
export type ValueStreamV1 = z.infer<typeof ValueStreamV1>;

/**
 * Where one category's friction originates: `step` alone (weight 1), or `steps` with weights
 * adding up to 1. `valueStream`, when given, must be the stream of every step named. Other fields
 * (a taxonomy's demandType, note, …) are ignored, so a taxonomy document's categories fit.
 */
export const CategoryStepsEntryV1 = z.object({
  key: CategoryKey,
  valueStream: optional(ValueStreamKey),
  step: optional(StepKey),
  steps: z.array(StepLinkV1).max(50, 'must hold at most 50 steps').optional(),
});
export type CategoryStepsEntryV1 = z.infer<typeof CategoryStepsEntryV1>;

/** An ISO 4217 currency code, upper case. */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR');

/** What handling one contact costs on a channel (kept to the cent). */
export const HandlingCostV1 = z.object({
  channel: z.enum(Channels, { message: `must be one of ${Channels.join(', ')}` }),
  costPerContact: z
    .number({ error: 'must be a number' })
    .min(0, 'must not be negative')
    .max(9_999_999_999.99, 'is too large')
    .transform((c) => Math.round(c * 100) / 100),
  currency: CurrencyCode.default('EUR'),
});
export type HandlingCostV1 = z.infer<typeof HandlingCostV1>;

/**
 * The value-stream model as imported (`POST /v1/value-streams/import`) and exported
 * (`GET /v1/value-streams/export`): streams with their ordered steps, where each category's friction
 * originates, and (optionally) handling costs per channel. Unknown fields are ignored, so the demo
 * scenario (a taxonomy document with `valueStreams`) imports as it is.
 */
export const ValueStreamDocumentV1 = z
  .object({
    description: z.string().optional().describe('What the model is for; not stored.'),
    valueStreams: z.array(ValueStreamV1).min(1, 'must hold at least one value stream').max(1000, 'must hold at most 1000 value streams'),
    categories: z.array(CategoryStepsEntryV1).max(10_000, 'must hold at most 10000 categories').optional(),
    handlingCosts: z.array(HandlingCostV1).max(Channels.length, `must hold at most ${Channels.length} costs, one per channel`).optional(),
  })
  .meta({ title: 'FrictionLens value streams v1', description: 'Value streams, their steps, where each category originates, handling costs.' });
export type ValueStreamDocumentV1 = z.infer<typeof ValueStreamDocumentV1>;
/** A value-stream document as written (before parsing): what an export gives and an import takes. */
export type ValueStreamDocumentV1Input = z.input<typeof ValueStreamDocumentV1>;

/** The body of `PUT /v1/categories/:category/steps`: the category's links (empty: not linked). */
export const CategoryStepsV1 = z.object({
  steps: z.array(StepLinkV1, { error: 'must be a list of { step, weight } (empty: not linked)' }).max(50, 'must hold at most 50 steps'),
});
export type CategoryStepsV1 = z.infer<typeof CategoryStepsV1>;

/** Most rows one JSON volumes request may hold. */
export const MAX_VOLUME_ROWS = 10_000;

/** Units a step handled on one day; a whole number. */
export const VolumeUnits = z
  .number({ error: 'must be a whole number of units' })
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .max(Number.MAX_SAFE_INTEGER, 'is too large');

/** The body of `PUT /v1/value-streams/steps/:step/volumes`: units per day, stored over what was there. */
export const StepVolumesV1 = z.object({
  volumes: z
    .array(z.object({ day: CalendarDay, units: VolumeUnits }), { error: 'must be a list of { day, units }' })
    .min(1, 'must hold at least one day')
    .max(MAX_VOLUME_ROWS, `must hold at most ${MAX_VOLUME_ROWS} days`),
});
export type StepVolumesV1 = z.infer<typeof StepVolumesV1>;

/** `GET /v1/value-streams/steps/:step/volumes?from&to`: `from` inclusive, `to` exclusive, like the metrics API. */
export const VolumeRangeQuery = z
  .object({ from: CalendarDay.optional(), to: CalendarDay.optional() })
  .refine((q) => !q.from || !q.to || q.from < q.to, { path: ['to'], message: 'must be after from' });
export type VolumeRangeQuery = z.infer<typeof VolumeRangeQuery>;

export const CountermeasureStatuses = ['planned', 'in-progress', 'done', 'abandoned'] as const;
/** Where prevention work stands. */
export const CountermeasureStatus = z.enum(CountermeasureStatuses, { message: `must be one of ${CountermeasureStatuses.join(', ')}` });
export type CountermeasureStatus = z.infer<typeof CountermeasureStatus>;

/** The body of `POST /v1/countermeasures` and `PUT /v1/countermeasures/:id` (a PUT replaces every field). */
export const CountermeasureV1 = z.object({
  step: StepKey,
  categories: z
    .array(CategoryKey)
    .max(200, 'must hold at most 200 categories')
    .default([])
    .transform((keys) => [...new Set(keys)])
    .describe('Categories it targets (empty: every category of the step).'),
  title: text(200),
  description: optional(text(4000)),
  owner: optional(text(200)),
  startedOn: CalendarDay,
  status: CountermeasureStatus,
});
export type CountermeasureV1 = z.infer<typeof CountermeasureV1>;

/** The body of `PUT /v1/handling-costs`: every channel's cost (channels left out have none). */
export const HandlingCostsV1 = z.object({
  costs: z.array(HandlingCostV1, { error: 'must be a list of { channel, costPerContact, currency? }' }).max(Channels.length, `must hold at most ${Channels.length} costs, one per channel`),
});
export type HandlingCostsV1 = z.infer<typeof HandlingCostsV1>;
