import type { FailureDemandRatio, FailureTypeShare, RepeatRate, StepFriction } from '@frictionlens/domain';

/** A period's (or group's) contacts by demand type, and the failure-demand ratio with its 95% Wilson interval. */
/** Also the period's repeat contacts and their share of all its contacts (95% Wilson interval). */
export interface FailureDemandRow extends Omit<FailureDemandRatio, 'ratio' | 'ratioLow' | 'ratioHigh'>, RepeatRate {
  period: string;
  /** True when `from` or `to` cuts the period (a week from a Sunday holds one day): not comparable with whole periods. */
  partial: boolean;
  group?: string;
  failureDemandRatio: number | null;
  failureDemandRatioLow: number;
  failureDemandRatioHigh: number;
  /**
   * The failure-demand share of all the period's contacts corrected for classifier error
   * (adjusted classify-and-count with the model's held-out tpr and fpr), with its approximate 95%
   * interval; null when the model has no usable held-out confusion or tpr − fpr < 0.2.
   */
  adjustedFailureDemandRatio: number | null;
  adjustedFailureDemandRatioLow: number | null;
  adjustedFailureDemandRatioHigh: number | null;
  /** With `customers=true`: distinct customers behind the period's contacts, and behind its failure contacts (contacts without a customer id count towards none). */
  customers?: number;
  failureCustomers?: number;
}

/** The model version whose held-out confusion corrects the share: the newest, the one classifiers serve. */
export interface FailureDemandModel {
  version: number;
  kind: string;
  /** When it was stored (ISO 8601, UTC). */
  trainedAt: string;
  /** Held-out P(says failure | truly failure) and P(says failure | truly value); null without a stored confusion. */
  tpr: number | null;
  fpr: number | null;
  /** Held-out texts truly failure and truly value demand that tpr and fpr rest on; null without a stored confusion. */
  heldOutFailure: number | null;
  heldOutValue: number | null;
}

/** Field names are stable: BI tools and spreadsheets read them. Counts are contacts; dates are UTC. */
export interface FailureDemandResponse {
  from: string;
  to: string;
  interval: 'day' | 'week' | 'month';
  groupBy: string | null;
  /** Null when no model version is stored yet. */
  model: FailureDemandModel | null;
  rows: FailureDemandRow[];
}

/** Also the step's repeat contacts and their share of the step's contacts (95% Wilson interval). */
export interface StepRow extends StepFriction, RepeatRate {
  valueStream: string;
  valueStreamName: string;
  step: string;
  stepName: string;
  /** Units the step handled in the period (from its volumes); null without volumes. */
  units: number | null;
  /** Failure contacts per million units (Garwood interval): what %C&A hides at millions of units; null without units. */
  failuresPerMillionUnits: number | null;
  failuresPerMillionUnitsLow: number | null;
  failuresPerMillionUnitsHigh: number | null;
  targetCompleteAccurate: number | null;
  topCategories: Array<{ category: string; failureContacts: number }>;
  /** The step's failure demand by failure type (null: no type), largest first, each share with its 95% Wilson interval. */
  failureTypes: FailureTypeShare[];
  /** Where the mix points (mostly progress chasing: lead time; done wrong: %C&A; not understood: communication), or null. */
  hint: string | null;
  /** With `customers=true`: distinct customers behind the step's contacts, and behind its failure contacts. */
  customers?: number;
  failureCustomers?: number;
}

export interface StepsResponse {
  from: string;
  to: string;
  /** The period of equal length just before, that `change` compares with. */
  previousFrom: string;
  previousTo: string;
  failureContacts: number;
  /** Failure demand of categories linked to no step yet. */
  failureContactsAtNoStep: number;
  rows: StepRow[];
}

export interface ParetoResponse {
  from: string;
  to: string;
  by: 'step' | 'category' | 'failureType';
  demandType: 'failure' | 'value';
  rows: Array<Record<string, unknown>>;
}
