import { z } from 'zod';
import { PeriodDates } from '@frictionlens/contracts';
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

// The body is a contract of the API (the dashboard sends it too): libs/contracts review.v1.ts.
export { LabelRequestV1 as LabelBody } from '@frictionlens/contracts';
