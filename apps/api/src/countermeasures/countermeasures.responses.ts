import type { CountermeasureResponse } from '@frictionlens/contracts';
import type { Countermeasure } from '@frictionlens/domain';

// The shape is the zod schema of libs/contracts (value-streams.responses.ts); this maps the domain's countermeasure onto it.
export type { CountermeasureResponse };

export function toCountermeasureResponse(c: Countermeasure): CountermeasureResponse {
  return {
    id: c.id,
    step: c.stepKey,
    valueStream: c.valueStreamKey,
    categories: c.categoryKeys,
    title: c.title,
    description: c.description,
    owner: c.owner,
    startedOn: c.startedOn,
    status: c.status,
    createdAt: c.createdAt.toISOString(),
  };
}
