import { twoSidedZ } from './distributions/normal-quantile.js';
import { assertAtMost, assertCount } from './guards.js';
import type { ConfidenceInterval } from './confidence-interval.js';

/**
 * The Wilson score interval for a proportion `successes / trials`. Unlike the textbook
 * p ± z·√(p(1−p)/n), it stays inside [0, 1] and does not collapse to a point at 0 or 1, which
 * matters for the small daily counts of one category at one step.
 *
 * `successes` may be fractional (a contact split across steps counts 0.6 here and 0.4 there).
 * With no trials nothing is known, so the interval is the whole of {0, 1}. Throws a RangeError for
 * negative or non-finite counts, more successes than trials, or a confidence outside (0, 1).
 *
 * @example wilsonInterval(30, 100) // { low: 0.2189…, high: 0.3958… }
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): ConfidenceInterval {
  assertCount('successes', successes);
  assertCount('trials', trials);
  assertAtMost('successes', successes, 'trials', trials);
  const z = twoSidedZ(confidence);
  if (trials === 0) return { low: 0, high: 1 };
  const p = Math.min(1, successes / trials);
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // At p = 0 or 1 the exact bound is 0 or 1; clamping removes a rounding error of about 1e-17.
  return { low: Math.max(0, centre - halfWidth), high: Math.min(1, centre + halfWidth) };
}
