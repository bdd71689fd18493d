import { marginOfErrorFor, sampleSizeForMargin } from './sample-size.js';

// n₀ = z²·p(1−p)/e² with z = 1.959964 (95%), then n = n₀ / (1 + (n₀ − 1)/N), rounded up.
describe('sampleSizeForMargin', () => {
  it('is 385 for ±5 points on a very large population (n₀ = 3.841459 × 0.25 / 0.0025 = 384.15)', () => {
    expect(sampleSizeForMargin({ marginOfError: 0.05, population: 10_000_000 })).toBe(385);
  });

  it('is 278 for ±5 points on 1,000 contacts (384.15 / (1 + 383.15/1000) = 277.74)', () => {
    expect(sampleSizeForMargin({ marginOfError: 0.05, population: 1000 })).toBe(278);
  });

  it('is 80 for ±5 points on 100 contacts (384.15 / 4.8315 = 79.51)', () => {
    expect(sampleSizeForMargin({ marginOfError: 0.05, population: 100 })).toBe(80);
  });

  it('needs fewer contacts with a prior share away from one half: 323 for p = 0.3 (3.841459 × 0.21 / 0.0025 = 322.68)', () => {
    expect(sampleSizeForMargin({ marginOfError: 0.05, population: 10_000_000, priorShare: 0.3 })).toBe(323);
  });

  it('is 97 for ±10 points on a large population (3.841459 × 0.25 / 0.01 = 96.04)', () => {
    expect(sampleSizeForMargin({ marginOfError: 0.1, population: 1_000_000 })).toBe(97);
  });

  it('never asks for more contacts than there are, and for none of an empty population', () => {
    expect(sampleSizeForMargin({ marginOfError: 0.01, population: 7 })).toBe(7);
    expect(sampleSizeForMargin({ marginOfError: 0.05, population: 0 })).toBe(0);
  });

  it('refuses a margin outside (0, 1), a prior outside [0, 1] and a fractional population', () => {
    expect(() => sampleSizeForMargin({ marginOfError: 0, population: 10 })).toThrow(RangeError);
    expect(() => sampleSizeForMargin({ marginOfError: 0.05, population: 10, priorShare: 1.2 })).toThrow(RangeError);
    expect(() => sampleSizeForMargin({ marginOfError: 0.05, population: 10.5 })).toThrow(RangeError);
  });
});

describe('marginOfErrorFor', () => {
  it('is ±9.8 points for 100 of a very large population (1.959964 × √(0.25/100))', () => {
    expect(marginOfErrorFor({ sampleSize: 100, population: 1e9 })).toBeCloseTo(0.0979982, 6);
  });

  it('shrinks with the finite-population correction: 100 of 1,000 gives 1.959964 × 0.05 × √(900/999) = 0.09302', () => {
    expect(marginOfErrorFor({ sampleSize: 100, population: 1000 })).toBeCloseTo(0.0930158, 6);
  });

  it('is 0 when the whole population is coded, and refuses a sample larger than it', () => {
    expect(marginOfErrorFor({ sampleSize: 50, population: 50 })).toBe(0);
    expect(() => marginOfErrorFor({ sampleSize: 51, population: 50 })).toThrow(RangeError);
  });

  it('gives back the margin a size was computed for (within rounding up)', () => {
    const n = sampleSizeForMargin({ marginOfError: 0.05, population: 1000 });
    expect(marginOfErrorFor({ sampleSize: n, population: 1000 })).toBeLessThanOrEqual(0.05);
    expect(marginOfErrorFor({ sampleSize: n - 1, population: 1000 })).toBeGreaterThan(0.05);
  });
});
