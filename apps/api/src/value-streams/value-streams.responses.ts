import type { CategoryStepLink, HandlingCost, StepVolume, ValueStream, ValueStreamStep, VolumeRejection } from '@frictionlens/domain';

export interface StepResponse {
  key: string;
  valueStream: string;
  name: string;
  order: number;
  owner: string | null;
  processTimeMinutes: number | null;
  leadTimeHours: number | null;
  targetCompleteAccurate: number | null;
  unitName: string | null;
  /** The categories whose friction originates (in part) at this step. */
  categories: Array<{ category: string; weight: number }>;
}

export interface ValueStreamResponse {
  key: string;
  name: string;
  description: string | null;
  owner: string | null;
  steps: StepResponse[];
}

export interface ImportResponse {
  valueStreams: number;
  steps: number;
  links: number;
}

export interface CategoryStepsResponse {
  category: string;
  steps: Array<{ step: string; valueStream: string; weight: number }>;
}

export interface StoredVolumesResponse {
  step: string;
  stored: number;
}

export interface VolumesFileResponse {
  stored: number;
  rejected: VolumeRejection[];
}

export interface VolumesResponse {
  step: string;
  unitName: string | null;
  from: string | null;
  to: string | null;
  volumes: Array<{ day: string; units: number }>;
}

export interface HandlingCostsResponse {
  costs: HandlingCost[];
}

export function toStepResponse(step: ValueStreamStep, links: readonly CategoryStepLink[]): StepResponse {
  return {
    key: step.key,
    valueStream: step.valueStreamKey,
    name: step.name,
    order: step.order,
    owner: step.owner,
    processTimeMinutes: step.processTimeMinutes,
    leadTimeHours: step.leadTimeHours,
    targetCompleteAccurate: step.targetCompleteAccurate,
    unitName: step.unitName,
    categories: links.filter((l) => l.stepKey === step.key).map((l) => ({ category: l.categoryKey, weight: l.weight })),
  };
}

export function toValueStreamResponse(stream: ValueStream, links: readonly CategoryStepLink[]): ValueStreamResponse {
  return { key: stream.key, name: stream.name, description: stream.description, owner: stream.owner, steps: stream.steps.map((s) => toStepResponse(s, links)) };
}

export function toVolumesResponse(step: ValueStreamStep, range: { from?: string; to?: string }, volumes: readonly StepVolume[]): VolumesResponse {
  return { step: step.key, unitName: step.unitName, from: range.from ?? null, to: range.to ?? null, volumes: volumes.map((v) => ({ day: v.day, units: v.units })) };
}
