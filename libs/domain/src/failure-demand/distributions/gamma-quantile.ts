import { logGamma, regularisedGammaP } from './incomplete-gamma.js';

const MAX_STEPS = 100;
const TOLERANCE = 1e-13;

/**
 * The quantile of a Gamma(shape, scale 1) distribution: the x with P(shape, x) = p (R's
 * `qgamma(p, shape)`). Returns 0 at p = 0 and Infinity at p = 1. Throws a RangeError for a shape
 * that is not finite and > 0, or a p outside [0, 1].
 */
export function gammaQuantile(p: number, shape: number): number {
  if (!(shape > 0) || shape === Infinity) throw new RangeError(`the gamma shape must be finite and > 0, got ${shape}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a probability must lie in [0, 1], got ${p}`);
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  // Numerical Recipes' invgammp (3rd ed., §6.2.1): a Wilson–Hilferty or small-shape first guess,
  // then Halley steps on P(shape, x) − p, which converge cubically.
  const a1 = shape - 1;
  const logA1 = shape > 1 ? Math.log(a1) : 0;
  const lnGamma = logGamma(shape);
  // Density e^(−x) x^(a−1) / Γ(a), scaled around the mode when shape > 1 so it cannot overflow.
  const densityScale = shape > 1 ? Math.exp(a1 * (logA1 - 1) - lnGamma) : 0;
  let x = firstGuess(p, shape);
  for (let step = 0; step < MAX_STEPS; step++) {
    if (x <= 0) return 0;
    const error = regularisedGammaP(shape, x) - p;
    const density = shape > 1
      ? densityScale * Math.exp(-(x - a1) + a1 * (Math.log(x) - logA1))
      : Math.exp(-x + a1 * Math.log(x) - lnGamma);
    if (density === 0) break;
    const newton = error / density;
    const move = newton / (1 - 0.5 * Math.min(1, newton * (a1 / x - 1)));
    x -= move;
    if (x <= 0) x = 0.5 * (x + move); // never step below zero: halve the previous x instead
    if (Math.abs(move) < TOLERANCE * x) break;
  }
  return x;
}

function firstGuess(p: number, shape: number): number {
  if (shape > 1) {
    const tail = p < 0.5 ? p : 1 - p;
    const t = Math.sqrt(-2 * Math.log(tail));
    let z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
    if (p < 0.5) z = -z;
    return Math.max(1e-3, shape * (1 - 1 / (9 * shape) - z / (3 * Math.sqrt(shape))) ** 3);
  }
  const t = 1 - shape * (0.253 + shape * 0.12);
  return p < t ? (p / t) ** (1 / shape) : 1 - Math.log(1 - (p - t) / (1 - t));
}

/**
 * The quantile of a chi-square distribution with `degreesOfFreedom` (> 0, may be fractional):
 * R's `qchisq(p, df)`, computed as 2 × the Gamma(df / 2) quantile.
 */
export function chiSquareQuantile(p: number, degreesOfFreedom: number): number {
  if (!(degreesOfFreedom > 0)) throw new RangeError(`degrees of freedom must be > 0, got ${degreesOfFreedom}`);
  return 2 * gammaQuantile(p, degreesOfFreedom / 2);
}
