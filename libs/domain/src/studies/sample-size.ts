import { twoSidedZ } from '../failure-demand/distributions/normal-quantile.js';
import { assertConfidence } from '../failure-demand/guards.js';

export interface SampleSizeOptions {
  /** Half the width of the interval wanted around the share, e.g. 0.05 for ±5 points. */
  marginOfError: number;
  /** How many contacts the sample is drawn from. */
  population: number;
  /** What the share is expected to be; 0.5 (the default) needs the most contacts, so it is safe when nothing is known. */
  priorShare?: number;
  confidence?: number;
}

/**
 * How many contacts to code so that the coded share lands within `marginOfError` of the
 * population's share (95% by default): n₀ = z²·p(1−p)/e², then the finite-population correction
 * n = n₀ / (1 + (n₀ − 1)/N), rounded up and never above N.
 *
 * @example sampleSizeForMargin({ marginOfError: 0.05, population: 1000 }) // 278 (385 for a very large population)
 */
export function sampleSizeForMargin(options: SampleSizeOptions): number {
  const { marginOfError, population, priorShare = 0.5, confidence = 0.95 } = options;
  assertShare('marginOfError', marginOfError, { open: true });
  assertShare('priorShare', priorShare);
  assertPopulation(population);
  assertConfidence(confidence);
  if (population === 0) return 0;
  const z = twoSidedZ(confidence);
  // A prior of exactly 0 or 1 would ask for no sample at all; one contact is the least that says anything.
  const infinite = Math.max(1, (z * z * priorShare * (1 - priorShare)) / (marginOfError * marginOfError));
  const corrected = infinite / (1 + (infinite - 1) / population);
  // A rounding error of 1e-9 must not cost a whole extra contact (384.0000000001 → 384).
  return Math.min(population, Math.ceil(corrected - 1e-9));
}

/**
 * The margin of error (95% by default) a sample of `sampleSize` from `population` gives for a share
 * near `priorShare`: z·√(p(1−p)/n · (N−n)/(N−1)). 0 when the whole population is coded.
 */
export function marginOfErrorFor(options: { sampleSize: number; population: number; priorShare?: number; confidence?: number }): number {
  const { sampleSize, population, priorShare = 0.5, confidence = 0.95 } = options;
  assertPopulation(population);
  assertShare('priorShare', priorShare);
  assertConfidence(confidence);
  if (!Number.isInteger(sampleSize) || sampleSize < 1 || sampleSize > population) {
    throw new RangeError(`sampleSize must be a whole number from 1 to the population (${population}), got ${sampleSize}`);
  }
  if (population === 1) return 0;
  const correction = (population - sampleSize) / (population - 1);
  return twoSidedZ(confidence) * Math.sqrt(((priorShare * (1 - priorShare)) / sampleSize) * correction);
}

function assertShare(name: string, value: number, options: { open?: boolean } = {}): void {
  const ok = options.open ? value > 0 && value < 1 : value >= 0 && value <= 1;
  if (!Number.isFinite(value) || !ok) throw new RangeError(`${name} must lie ${options.open ? 'strictly ' : ''}between 0 and 1, got ${value}`);
}

function assertPopulation(population: number): void {
  if (!Number.isInteger(population) || population < 0) throw new RangeError(`population must be a whole number ≥ 0, got ${population}`);
}
