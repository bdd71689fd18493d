import { concatenateNormalised, normaliseInPlace, poolInto } from './pooling.js';

// Two rows of three tokens with two dimensions: [batch, tokens, dimensions], row-major.
const HIDDEN = Float32Array.from([
  // row 0: tokens (1, 0), (3, 4), (100, 100) — the last one is padding
  1, 0, 3, 4, 100, 100,
  // row 1: tokens (0, 2), (0, 4), (6, 0)
  0, 2, 0, 4, 6, 0,
]);
const MASK = BigInt64Array.from([1n, 1n, 0n, 1n, 1n, 1n]);

describe('poolInto', () => {
  it('averages the tokens the mask keeps, leaving padding out, then scales to length 1', () => {
    // mean of (1, 0) and (3, 4) is (2, 2)
    const pooled = poolInto(HIDDEN, MASK, 0, 3, 2, 'mean', new Float32Array(2));
    expect(Array.from(pooled)).toEqual([Math.SQRT1_2, Math.SQRT1_2].map(Math.fround));
  });

  it('takes the first ([CLS]) token for cls pooling', () => {
    // row 1's first token is (0, 2)
    expect(Array.from(poolInto(HIDDEN, MASK, 1, 3, 2, 'cls', new Float32Array(2)))).toEqual([0, 1]);
  });

  it('reads the right row of a batch', () => {
    // mean of (0, 2), (0, 4), (6, 0) is (2, 2)
    const pooled = poolInto(HIDDEN, MASK, 1, 3, 2, 'mean', new Float32Array(2));
    expect(pooled[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(pooled[1]).toBeCloseTo(Math.SQRT1_2, 6);
  });
});

describe('normaliseInPlace', () => {
  it('is 3-4-5', () => {
    expect(Array.from(normaliseInPlace(Float32Array.from([3, 4])))).toEqual([0.6, 0.8].map(Math.fround));
  });

  it('leaves a zero vector at zero', () => {
    expect(Array.from(normaliseInPlace(new Float32Array(3)))).toEqual([0, 0, 0]);
  });
});

describe('concatenateNormalised', () => {
  it('puts unit vectors side by side as one unit vector', () => {
    const joined = concatenateNormalised([Float32Array.from([1, 0]), Float32Array.from([0.6, 0.8])]);
    expect(joined).toHaveLength(4);
    expect(Math.hypot(...joined)).toBeCloseTo(1, 6);
    expect(joined[0]).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('returns a single vector as it is', () => {
    const only = Float32Array.from([1, 0]);
    expect(concatenateNormalised([only])).toBe(only);
  });
});
