// Lanczos' approximation (g = 7, nine terms), relative error about 1e-15 for positive arguments.
const LANCZOS_G = 7;
const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
// Stops the continued fraction's denominators from reaching zero (modified Lentz).
const TINY = 1e-300;

/** ln Γ(x) for x > 0 (R's `lgamma`). Throws a RangeError otherwise. */
export function logGamma(x: number): number {
  if (!(x > 0) || x === Infinity) throw new RangeError(`logGamma needs a finite x > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x); // reflection
  const y = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * The regularised lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a), the CDF of a
 * Gamma(shape a, scale 1) variable (R's `pgamma(x, a)`). For a whole a it is also P(X ≥ a) for
 * X ~ Poisson(x). Needs a > 0 and x ≥ 0; throws a RangeError otherwise.
 */
export function regularisedGammaP(a: number, x: number): number {
  checkArguments(a, x);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  // The series converges fast below a + 1, the continued fraction above it. Each is computed
  // directly in its own tail, so small tail probabilities keep their relative accuracy.
  return x < a + 1 ? lowerSeries(a, x) : 1 - upperContinuedFraction(a, x);
}

/** The regularised upper incomplete gamma function Q(a, x) = 1 − P(a, x) (R's `pgamma(x, a, lower = FALSE)`). */
export function regularisedGammaQ(a: number, x: number): number {
  checkArguments(a, x);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - lowerSeries(a, x) : upperContinuedFraction(a, x);
}

function checkArguments(a: number, x: number): void {
  if (!(a > 0) || a === Infinity) throw new RangeError(`the gamma shape must be finite and > 0, got ${a}`);
  if (!(x >= 0)) throw new RangeError(`the gamma argument must be ≥ 0, got ${x}`);
}

// Both expansions need O(√a) terms near x ≈ a; this bound leaves a wide margin.
function maxTerms(a: number): number {
  return 500 + Math.ceil(20 * Math.sqrt(a));
}

// e^(−x) x^a / Γ(a), the factor both expansions share, taken through logs to avoid overflow.
function prefactor(a: number, x: number): number {
  return Math.exp(a * Math.log(x) - x - logGamma(a));
}

function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1, limit = maxTerms(a); n <= limit; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * Number.EPSILON) break;
  }
  return Math.min(1, sum * prefactor(a, x));
}

function upperContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1, limit = maxTerms(a); i <= limit; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < Number.EPSILON) break;
  }
  return Math.min(1, prefactor(a, x) * h);
}
