import type { StepResponse, ValueStreamResponse, VolumesResponse } from '@frictionlens/contracts';
import type { CategoryStepLink, StepVolume, ValueStream, ValueStreamStep } from '@frictionlens/domain';

// The shapes are the zod schemas of libs/contracts (value-streams.responses.ts); these map the domain's streams, steps and volumes onto them.
export type {
  CategoryStepsResponse,
  HandlingCostsResponse,
  StepResponse,
  StoredVolumesResponse,
  ValueStreamImportResponse as ImportResponse,
  ValueStreamResponse,
  VolumesFileResponse,
  VolumesResponse,
} from '@frictionlens/contracts';

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
