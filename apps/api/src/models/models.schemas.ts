import { z } from 'zod';

/** The most model versions one answer lists. */
export const MAX_MODELS = 100;

const LIMIT = `must be a whole number from 1 to ${MAX_MODELS}`;

/** `GET /v1/models`: how many versions to list, newest first. */
export const ModelsQuery = z.object({
  limit: z.coerce.number({ error: LIMIT }).int(LIMIT).min(1, LIMIT).max(MAX_MODELS, LIMIT).default(MAX_MODELS).describe(`Model versions to list, newest first: 1–${MAX_MODELS}.`),
});
export type ModelsQuery = z.infer<typeof ModelsQuery>;
