import { z } from 'zod';
import * as alerts from './alerts.responses.js';
import * as contacts from './contacts.responses.js';
import * as discoveries from './discoveries.responses.js';
import * as metrics from './metrics.responses.js';
import * as studies from './studies.responses.js';
import * as taxonomy from './taxonomy.responses.js';
import * as valueStreams from './value-streams.responses.js';

/**
 * Every schema of an API answer, by the name the OpenAPI document gives it under
 * `components.schemas`: each module's zod schemas (not its types), registered under their own
 * export names, so a client generator sees the names the code uses.
 */
export const apiAnswerSchemas = z.registry<{ id: string }>();

for (const module of [alerts, contacts, discoveries, metrics, studies, taxonomy, valueStreams]) {
  for (const [name, value] of Object.entries(module)) {
    if (value instanceof z.ZodType) apiAnswerSchemas.add(value, { id: name });
  }
}

/** The registered name of an answer schema, or undefined for one that is not an API answer. */
export function apiAnswerName(schema: z.ZodType): string | undefined {
  return apiAnswerSchemas.get(schema)?.id;
}
