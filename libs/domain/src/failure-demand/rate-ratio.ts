import { twoSidedZ } from './distributions/normal-quantile.js';
import { assertCount, assertPositive } from './guards.js';
import type { ConfidenceInterval } from './confidence-interval.js';

/** Two counts, each over its exposure: weeks of calendar time or units of work handled. */
export interface RateRatioInput {
  countBefore: number;
  exposureBefore: number;
  countAfter: number;
  exposureAfter: number;
}

/** The after/before rate ratio (below 1 means fewer per week or per unit) and its interval. */
export interface RateRatio extends ConfidenceInterval {
  /** null when nothing happened before: the ratio is then unbounded. */
  ratio: number | null;
}

/**
 * Compares the rate after a change with the rate before it:
 * ratio = (countAfter / exposureAfter) / (countBefore / exposureBefore). The interval is the Wald
 * interval on the log scale, log(ratio) ± z·√(1/countBefore + 1/countAfter), the usual large-count
 * approximation for a ratio of two Poisson rates.
 *
 * When either count is 0 the log is undefined, so 0.5 is added to both counts for the interval
 * only (a continuity correction); the interval is then widened if needed to contain the estimate,
 * so 0 after gives a low of exactly 0. With 0 before the ratio is null. Both corrections make the
 * interval approximate, so read a comparison that rests on a zero count with care.
 *
 * Throws a RangeError for negative or non-finite counts, or exposures that are not finite and > 0.
 *
 * @example rateRatio({ countBefore: 171, exposureBefore: 8, countAfter: 106, exposureAfter: 8 })
 * // { ratio: 0.620, low: 0.487, high: 0.790 }
 */
export function rateRatio(input: RateRatioInput, confidence = 0.95): RateRatio {
  const { countBefore, exposureBefore, countAfter, exposureAfter } = input;
  assertCount('countBefore', countBefore);
  assertCount('countAfter', countAfter);
  assertPositive('exposureBefore', exposureBefore);
  assertPositive('exposureAfter', exposureAfter);
  const z = twoSidedZ(confidence);
  const ratio = countBefore === 0 ? null : countAfter / exposureAfter / (countBefore / exposureBefore);
  const correction = countBefore === 0 || countAfter === 0 ? 0.5 : 0;
  const before = countBefore + correction;
  const after = countAfter + correction;
  const logCentre = Math.log(after / exposureAfter / (before / exposureBefore));
  const margin = z * Math.sqrt(1 / before + 1 / after);
  const low = Math.exp(logCentre - margin);
  const high = Math.exp(logCentre + margin);
  return { ratio, low: ratio === null ? low : Math.min(low, ratio), high: ratio === null ? high : Math.max(high, ratio) };
}
