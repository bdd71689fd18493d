import { z } from 'zod';
import { UNCLASSIFIED_CATEGORY } from './contact-classified.v1.js';

/** `POST /v1/contacts/{id}/label`: a reviewer's word on a contact's category, and whether it was sent to the wrong place. */
export const LabelRequestV1 = z
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
export type LabelRequestV1 = z.infer<typeof LabelRequestV1>;
export type LabelRequestV1Input = z.input<typeof LabelRequestV1>;
