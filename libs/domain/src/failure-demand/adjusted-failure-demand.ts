import { twoSidedZ } from './distributions/normal-quantile.js';
import type { DemandCounts } from './failure-demand-ratio.js';
import { assertCount } from './guards.js';
import { wilsonInterval } from './wilson.js';

// The two kinds of demand (contracts' DemandType), said here so the dashboard can import this
// file on its own.
type DemandType = 'failure' | 'value';

/**
 * How a classifier did on held-out texts at the demand-type level: of the texts truly failure
 * demand, how many it called failure, value or left unclassified; the same for value demand.
 */
export interface DemandTypeConfusion {
  failure: DemandCounts;
  value: DemandCounts;
}

/**
 * Counts held-out predictions by demand type. A text whose true category has no demand type (an
 * out-of-scope label) is left out; a prediction of such a category, or none (null), counts as
 * unclassified: it makes the contact neither failure nor value demand.
 */
export function demandTypeConfusionOf(
  predictions: Iterable<{ label: string; predicted: string | null }>,
  demandTypeOf: (label: string) => DemandType | undefined,
): DemandTypeConfusion {
  const confusion: DemandTypeConfusion = { failure: { failure: 0, value: 0, unclassified: 0 }, value: { failure: 0, value: 0, unclassified: 0 } };
  for (const { label, predicted } of predictions) {
    const truth = demandTypeOf(label);
    if (!truth) continue;
    confusion[truth][(predicted === null ? undefined : demandTypeOf(predicted)) ?? 'unclassified']++;
  }
  return confusion;
}

/**
 * The confusion a model version's stored evaluation holds (`evaluation.demandTypeConfusion`), or
 * undefined when it holds none or not in that shape (models trained before it was stored, rules).
 */
export function demandTypeConfusionIn(evaluation: unknown): DemandTypeConfusion | undefined {
  const stored = (evaluation as { demandTypeConfusion?: unknown } | null | undefined)?.demandTypeConfusion;
  const countsIn = (row: unknown): DemandCounts | undefined => {
    const { failure, value, unclassified } = (row ?? {}) as Record<string, unknown>;
    const ok = [failure, value, unclassified].every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0);
    return ok ? { failure: failure as number, value: value as number, unclassified: unclassified as number } : undefined;
  };
  if (typeof stored !== 'object' || stored === null) return undefined;
  const failure = countsIn((stored as Record<string, unknown>).failure);
  const value = countsIn((stored as Record<string, unknown>).value);
  return failure && value ? { failure, value } : undefined;
}

/** The classifier's rates at telling failure demand, from a held-out confusion. */
export interface FailureDetectionRates {
  /** P(the model says failure | truly failure); unclassified counts as not failure. */
  tpr: number;
  /** P(the model says failure | truly value). */
  fpr: number;
  /** Held-out texts truly failure, and truly value: the sizes tpr and fpr rest on. */
  failureExamples: number;
  valueExamples: number;
}

/** tpr and fpr from a held-out confusion; undefined when it has no failure or no value texts. */
export function failureDetectionRates(confusion: DemandTypeConfusion): FailureDetectionRates | undefined {
  const failureExamples = total(confusion.failure);
  const valueExamples = total(confusion.value);
  if (failureExamples === 0 || valueExamples === 0) return undefined;
  return { tpr: confusion.failure.failure / failureExamples, fpr: confusion.value.failure / valueExamples, failureExamples, valueExamples };
}

/**
 * Below this tpr − fpr the correction divides by too little: the model barely tells failure from
 * value demand, and any noise in the observed share is multiplied by more than 5.
 */
export const MIN_DETECTION_MARGIN = 0.2;

export interface AdjustedFailureDemandShare {
  /** Estimated share of all contacts (classified or not) that are failure demand, in [0, 1]. */
  share: number;
  /** Its approximate 95% interval (see `adjustedFailureDemandShare`). */
  low: number;
  high: number;
}

/**
 * The failure-demand share corrected for classifier error: adjusted classify-and-count
 * (Forman 2008). The observed share q is the model's failure calls over **all** contacts,
 * unclassified ones included (they are calls of "not failure", as in the held-out tpr and fpr);
 * since E[q] = p·tpr + (1 − p)·fpr, the true share is p = (q − fpr) / (tpr − fpr), clipped to [0, 1].
 *
 * The interval: q's Wilson bounds pushed through the same correction, widened in quadrature by the
 * delta-method variance that tpr and fpr bring from their held-out sizes,
 * (p²·tpr(1 − tpr)/n₁ + (1 − p)²·fpr(1 − fpr)/n₀) / (tpr − fpr)², then clipped to [0, 1].
 * It assumes the held-out texts are like live demand (the same mix of kinds of text inside each
 * demand type); it cannot know when they are not.
 *
 * Undefined when nothing was counted, there is no usable confusion, or tpr − fpr < `MIN_DETECTION_MARGIN`.
 *
 * @example adjustedFailureDemandShare({ failure: 40, value: 50, unclassified: 10 }, rates(tpr 0.8, fpr 0.1)) // share 0.4286
 */
export function adjustedFailureDemandShare(counts: DemandCounts, rates: FailureDetectionRates | undefined, confidence = 0.95): AdjustedFailureDemandShare | undefined {
  assertCount('failure', counts.failure);
  assertCount('value', counts.value);
  assertCount('unclassified', counts.unclassified);
  const contacts = total(counts);
  if (!rates || contacts === 0) return undefined;
  const { tpr, fpr, failureExamples, valueExamples } = rates;
  const margin = tpr - fpr;
  // The tolerance keeps a margin of exactly 0.2 (0.6 − 0.4 is 0.19999999999999996) usable.
  if (!(margin >= MIN_DETECTION_MARGIN - 1e-12)) return undefined;
  const correct = (q: number) => (q - fpr) / margin;
  const estimate = correct(counts.failure / contacts);
  const observed = wilsonInterval(counts.failure, contacts, confidence);
  const p = clip(estimate);
  const z = twoSidedZ(confidence);
  const ratesVariance = (p * p * tpr * (1 - tpr)) / failureExamples + ((1 - p) * (1 - p) * fpr * (1 - fpr)) / valueExamples;
  const ratesHalfWidth2 = (z * z * ratesVariance) / (margin * margin);
  const below = estimate - correct(observed.low);
  const above = correct(observed.high) - estimate;
  return {
    share: p,
    low: clip(estimate - Math.sqrt(below * below + ratesHalfWidth2)),
    high: clip(estimate + Math.sqrt(above * above + ratesHalfWidth2)),
  };
}

const total = (c: DemandCounts) => c.failure + c.value + c.unclassified;
const clip = (x: number) => Math.min(1, Math.max(0, x));
