import type { CountermeasureStatus } from '@frictionlens/contracts';
import type { Countermeasure } from '@frictionlens/domain';

export interface CountermeasureResponse {
  id: number;
  step: string;
  valueStream: string;
  /** Categories it targets (empty: every category of the step). */
  categories: string[];
  title: string;
  description: string | null;
  owner: string | null;
  startedOn: string;
  status: CountermeasureStatus;
  createdAt: string;
}

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
