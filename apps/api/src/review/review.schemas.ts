import { z } from 'zod';
import { PeriodDates, UNCLASSIFIED_CATEGORY } from '@frictionlens/contracts';
import { decodeCursor } from './review-queue-cursor.js';

const BIGINT_MAX = 9_223_372_036_854_775_807n;

/** A contact id in a path: a positive integer (PostgreSQL bigint). */
export const ContactId = z
  .string()
  .regex(/^[1-9][0-9]*$/, 'must be a positive whole number')
  .refine((id) => !/^[0-9]+$/.test(id) || BigInt(id) <= BIGINT_MAX, 'is too large');

const LIMIT = 'must be a whole number from 1 to 200';

export const ReviewQueueQuery = z
  .object({
    limit: z.coerce.number({ error: LIMIT }).int(LIMIT).min(1, LIMIT).max(200, LIMIT).default(50),
    cursor: z
      .string()
      .transform((cursor, ctx) => {
        const position = decodeCursor(cursor);
        if (!position) ctx.addIssue({ code: 'custom', message: 'is not a cursor this API gave (pass nextCursor from the previous page as it is)' });
        return position!;
      })
      .optional()
      .describe('Where the page starts: nextCursor of the previous page, as it is.'),
    below: z.coerce
      .number({ error: 'must be a number above 0 and at most 1' })
      .gt(0, 'must be above 0')
      .max(1, 'must be at most 1')
      .optional()
      .describe('Every current classification under this confidence, classified or not, instead of the contacts the classifier left unclassified.'),
  })
  // from/to: only contacts that occurred in the period, as the metrics take it; without either, the whole queue.
  .and(PeriodDates);
export type ReviewQueueQuery = z.infer<typeof ReviewQueueQuery>;

/** `POST /v1/contacts/{id}/label`: a reviewer's word on a contact's category, and whether it was sent to the wrong place. */
export const LabelBody = z
  .object({
    category: z
      .string({ error: 'must be the key of a category of the current taxonomy' })
      .trim()
      .min(1, 'must not be blank')
      .max(100, 'must be at most 100 characters')
      .refine((c) => c !== UNCLASSIFIED_CATEGORY, `'${UNCLASSIFIED_CATEGORY}' is not a label: choose the category the contact belongs to`)
      .optional()
      .describe("The key of a category of the current taxonomy. Required unless notForHere is true; left out then, the contact keeps the category it has (its label's, else its current classification's)."),
    notForHere: z
      .boolean({ error: 'must be true or false' })
      .default(false)
      .describe("The contact was sent to the wrong place: it counts as failure demand of the failure type 'not-for-here', whatever its category's demand type."),
    reviewer: z.string().trim().min(1, 'must not be blank').max(200, 'must be at most 200 characters').optional().describe('Who labelled it.'),
  })
  .superRefine((body, ctx) => {
    if (body.category === undefined && !body.notForHere) {
      ctx.addIssue({ code: 'custom', path: ['category'], message: 'is required: the key of a category of the current taxonomy (or notForHere: true, keeping the category the contact has)' });
    }
  });
export type LabelBody = z.infer<typeof LabelBody>;
