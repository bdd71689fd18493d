import { z } from 'zod';
import { Channels, ContactKinds, MAX_METRICS_DAYS, UNCLASSIFIED_CATEGORY } from '@frictionlens/contracts';
import { MAX_SEED, NOT_FOR_HERE_FAILURE_TYPE } from '@frictionlens/domain';

export { ContactId } from '../review/review.schemas.js';

const isoDate = z.iso.date('must be a date as YYYY-MM-DD');
const KEY = /^[A-Za-z0-9_.?-]{1,100}$/;
const key = z.string().regex(KEY, 'must be 1–100 letters, digits, "_", "-", "." or "?"');
const keys = z.array(key).min(1, 'must name at least one value').max(100, 'at most 100 values');

/** A study id in a path: a positive whole number (PostgreSQL integer). */
export const StudyId = z
  .string()
  .regex(/^[1-9][0-9]*$/, 'must be a positive whole number')
  .refine((v) => v.length < 10 || Number(v) <= 2_147_483_647, 'is too large')
  .transform(Number);

export const StudyFiltersBody = z
  .object({
    valueStream: keys.optional(),
    step: keys.optional(),
    category: keys.optional(),
    channel: z.array(z.enum(Channels, { message: `each value must be one of ${Channels.join(', ')}` })).min(1).max(100).optional(),
    kind: z.array(z.enum(ContactKinds, { message: `each value must be one of ${ContactKinds.join(', ')}` })).min(1).max(100).optional(),
    product: keys.optional(),
    source: keys.optional(),
  })
  .strict();

/** `POST /v1/studies`: draw a sample of the contacts of a period for people to code. */
export const CreateStudyBody = z
  .object({
    title: z.string({ error: 'is required: what the study is for' }).trim().min(1, 'must not be blank').max(200, 'must be at most 200 characters'),
    from: isoDate,
    to: isoDate,
    filters: StudyFiltersBody.default({}),
    stratifyBy: z.enum(['step', 'channel', 'period'], { message: 'must be step, channel or period' }),
    interval: z.enum(['day', 'week', 'month'], { message: 'must be day, week or month' }).default('week'),
    marginOfError: z.number({ error: 'must be a number from 0.01 to 0.5' }).min(0.01, 'must be at least 0.01').max(0.5, 'must be at most 0.5').optional(),
    size: z.number({ error: 'must be a whole number from 1 to 10000' }).int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'must be at most 10000').optional(),
    priorShare: z.number({ error: 'must be a number from 0.01 to 0.99' }).min(0.01, 'must be at least 0.01').max(0.99, 'must be at most 0.99').optional(),
    seed: z.number({ error: `must be a whole number from 0 to ${MAX_SEED}` }).int('must be a whole number').min(0, 'must be at least 0').max(MAX_SEED, `must be at most ${MAX_SEED}`).optional(),
    blind: z.boolean({ error: 'must be true or false' }).default(false),
  })
  .strict()
  .superRefine((body, ctx) => {
    const days = (Date.parse(body.to) - Date.parse(body.from)) / 86_400_000;
    if (days <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    else if (days > MAX_METRICS_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `must be at most ${MAX_METRICS_DAYS} days after from` });
    if (body.marginOfError === undefined && body.size === undefined) ctx.addIssue({ code: 'custom', path: ['marginOfError'], message: 'is required unless size is given (e.g. 0.05 for ±5 points)' });
    if (body.marginOfError !== undefined && body.size !== undefined) ctx.addIssue({ code: 'custom', path: ['size'], message: 'give marginOfError or size, not both' });
  });
export type CreateStudyBody = z.infer<typeof CreateStudyBody>;

/** `PUT /v1/studies/{id}/contacts/{contactId}`: what a person read in the customer's words. */
export const StudyCodeBody = z
  .object({
    demandType: z.enum(['failure', 'value'], { message: 'must be failure or value' }).optional(),
    failureType: key.nullish(),
    step: key.nullish(),
    category: key
      .refine((c) => c !== UNCLASSIFIED_CATEGORY, `'${UNCLASSIFIED_CATEGORY}' is not a code: leave category out when none fits`)
      .nullish(),
    notForHere: z.boolean({ error: 'must be true or false' }).default(false),
    coder: z.string().trim().min(1, 'must not be blank').max(200, 'must be at most 200 characters').optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.notForHere) {
      if (body.demandType === 'value') ctx.addIssue({ code: 'custom', path: ['demandType'], message: 'a contact not for here is failure demand' });
      if (body.failureType && body.failureType !== NOT_FOR_HERE_FAILURE_TYPE) ctx.addIssue({ code: 'custom', path: ['failureType'], message: `a contact not for here has the failure type ${NOT_FOR_HERE_FAILURE_TYPE}` });
      return;
    }
    if (!body.demandType && !body.category) ctx.addIssue({ code: 'custom', path: ['demandType'], message: 'is required: failure or value (or a category, or notForHere: true)' });
    if (body.demandType === 'value' && body.failureType) ctx.addIssue({ code: 'custom', path: ['failureType'], message: 'only failure demand has a failure type' });
    if (body.failureType === NOT_FOR_HERE_FAILURE_TYPE) ctx.addIssue({ code: 'custom', path: ['failureType'], message: 'send notForHere: true for a contact sent to the wrong place' });
  });
export type StudyCodeBody = z.infer<typeof StudyCodeBody>;

export const StudyExportQuery = z.object({
  format: z.enum(['json', 'csv'], { message: 'must be json or csv' }).optional().describe('csv: one row per sampled contact, for a spreadsheet; also with Accept: text/csv.'),
});
