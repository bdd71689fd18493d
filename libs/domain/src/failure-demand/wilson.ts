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
  // Worked out on the side of ½ where p lies, and mirrored (the interval of 1 − p is 1 − that of p),
  // so a bound that is exactly 0 or 1 comes out exactly so (see `nearBound`). For p ≥ ½, 1 − p is exact.
  if (p <= 0.5) return nearBound(p, trials, z);
  const mirrored = nearBound(1 - p, trials, z);
  return { low: 1 - mirrored.high, high: 1 - mirrored.low };
}

/**
 * The Wilson interval for p ≤ ½ without cancellation. The textbook form centre ± halfWidth
 * subtracts two nearly equal numbers for the low bound when p is small, and at p = 0 leaves a
 * rounding error of up to ~3e-17 where the bound is 0 (BI tools showed `6.93889e-18`). The high
 * bound is a sum of positive terms; the low one follows from low · high = p² / (1 + z²/n),
 * which is exactly 0 at p = 0 and accurate to the last digits for every small p.
 */
function nearBound(p: number, trials: number, z: number): ConfidenceInterval {
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const high = (p + z2 / (2 * trials) + z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  const low = (p * p) / (denominator * high);
  return { low: Math.max(0, low), high: Math.min(1, high) };
}
