import type * as contracts from '@frictionlens/contracts';

/**
 * What the metrics services return: each answer of libs/contracts (metrics.responses.ts) before
 * MetricsReflectsInterceptor adds `reflects` to it (the version stamps every metrics answer carries).
 */
export type BeforeReflects<Answer extends { reflects: unknown }> = Omit<Answer, 'reflects'>;

export type FailureDemandResponse = BeforeReflects<contracts.FailureDemandResponse>;
export type StepsResponse = BeforeReflects<contracts.StepsResponse>;
export type ParetoResponse = BeforeReflects<contracts.ParetoResponse>;
export type SpikesResponse = BeforeReflects<contracts.SpikesResponse>;
export type CostResponse = BeforeReflects<contracts.CostResponse>;
export type ImpactResponse = BeforeReflects<contracts.ImpactResponse>;
export type { FailureDemandModel, FailureDemandRow, StepRow, CostRow, CostPoint, CostChannel } from '@frictionlens/contracts';
