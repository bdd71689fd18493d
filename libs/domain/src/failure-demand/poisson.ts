import { chiSquareQuantile } from './distributions/gamma-quantile.js';
import { regularisedGammaP } from './distributions/incomplete-gamma.js';
import { assertConfidence, assertCount, assertPositive } from './guards.js';
import type { ConfidenceInterval } from './confidence-interval.js';

/** A rate with its confidence interval. */
export interface RateInterval extends ConfidenceInterval {
  rate: number;
}

/**
 * The exact (Garwood) confidence interval for the mean of a Poisson count:
 * low = qchisq(α/2, 2·count) / 2 and high = qchisq(1 − α/2, 2·count + 2) / 2, with low = 0 for a
 * count of 0. It is "exact" in that it never covers less than the stated confidence, which
 * matters for the small counts of one category on one day.
 *
 * A fractional count (split contacts) uses the same formula with fractional degrees of freedom,
 * which moves smoothly between the whole-number intervals. Throws a RangeError for a negative or
 * non-finite count, or a confidence outside (0, 1).
 *
 * @example poissonInterval(10) // { low: 4.795…, high: 18.390… }
 */
export function poissonInterval(count: number, confidence = 0.95): ConfidenceInterval {
  assertCount('count', count);
  assertConfidence(confidence);
  const alpha = 1 - confidence;
  const low = count === 0 ? 0 : chiSquareQuantile(alpha / 2, 2 * count) / 2;
  return { low, high: chiSquareQuantile(1 - alpha / 2, 2 * count + 2) / 2 };
}

/**
 * P(X ≥ observed) for X ~ Poisson(mean): how surprising a count this high is if nothing changed.
 *
 * A fractional `observed` is rounded down first, so 4.6 contacts are judged as 4. That makes the
 * probability larger (the test more cautious) than treating 4.6 as 5 would. An observed count
 * below 1 gives 1; a mean of 0 gives 0 for any observed count of at least 1. Throws a RangeError
 * for negative or non-finite arguments.
 */
export function poissonUpperTail(observed: number, mean: number): number {
  assertCount('observed', observed);
  assertCount('mean', mean);
  const k = Math.floor(observed);
  if (k <= 0) return 1;
  if (mean === 0) return 0;
  // P(X ≥ k) = P(k, mean), the regularised lower incomplete gamma function. Its series computes
  // the small tails that spike detection cares about directly, without cancellation.
  return regularisedGammaP(k, mean);
}

/**
 * A count per 1000 units (say, failure contacts per 1000 orders handled) with the Garwood interval
 * of the count scaled the same way. Throws a RangeError unless `units` is finite and > 0: with no
 * units there is no rate, and callers should report null rather than call this.
 *
 * @example ratePer1000(45, 3000) // { rate: 15, low: 10.94…, high: 20.07… }
 */
export function ratePer1000(count: number, units: number, confidence = 0.95): RateInterval {
  assertPositive('units', units);
  const { low, high } = poissonInterval(count, confidence);
  // Multiplied before dividing, so that as many contacts as units is exactly 1000, not 999.9999999999999.
  const per1000 = (n: number) => (n * 1000) / units;
  return { rate: per1000(count), low: per1000(low), high: per1000(high) };
}
