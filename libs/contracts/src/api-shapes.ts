import { z } from 'zod';

/**
 * Building blocks of the API's answer schemas. Answers are strict objects: a field the server
 * sends that the schema does not name fails the e2e tests that parse answers with it, so the
 * contract cannot silently fall behind the code.
 */
export const answerDay = z.iso.date().describe('A UTC date, YYYY-MM-DD.');
export const answerTime = z.iso.datetime().describe('An instant, ISO 8601 in UTC.');
export const wholeNumber = z.number().int();

/** Free-form JSON an answer passes on as it was stored (a model's explanation, a run's parameters). */
export const JsonRecord = z.record(z.string(), z.unknown());

/** A category the model found likely, with its probability. */
export const CategoryProbability = z.strictObject({ category: z.string(), probability: z.number() });

/** Coded and not yet coded contacts of a study sample. */
export const StudyProgress = z.strictObject({ coded: wholeNumber, remaining: wholeNumber });

/**
 * Why the model decided a contact's category, as the classifier wrote it: the deciding terms
 * with their weights, or the rule that fired. Other fields it writes pass through as they are.
 */
export const ClassificationExplanation = z.looseObject({
  terms: z.array(z.object({ term: z.string(), weight: z.number() })).optional(),
  decidedBy: z.enum(['model', 'rule', 'model+rule']).optional(),
  rule: z.object({ label: z.string(), phrase: z.string().describe('The phrase as the rule wrote it.') }).optional().describe('The keyword rule that fired, when one did.'),
});
export type ClassificationExplanation = z.infer<typeof ClassificationExplanation>;
