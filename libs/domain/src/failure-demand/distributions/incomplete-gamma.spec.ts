import { logGamma, regularisedGammaP, regularisedGammaQ } from './incomplete-gamma.js';

// Expected values computed with SciPy's gammaln, gammainc and gammaincc, the equivalents of R's
// lgamma, pgamma(x, a) and pgamma(x, a, lower = FALSE).
describe('logGamma', () => {
  it.each([
    [0.5, 0.5723649429247],
    [1, 0],
    [2, 0],
    [10, 12.801827480081469],
    [0.1, 2.252712651734206],
  ])('is lgamma(%s) = %s', (x, expected) => {
    expect(logGamma(x)).toBeCloseTo(expected, 12);
  });

  it('is lgamma(1e5) = 1051287.7089736569 to 14 significant digits', () => {
    expect(logGamma(1e5) / 1051287.7089736569).toBeCloseTo(1, 14);
  });

  it.each([[0], [-1], [NaN], [Infinity]])('rejects %s', (x) => {
    expect(() => logGamma(x)).toThrow(RangeError);
  });
});

describe('regularisedGammaP', () => {
  it('is pgamma(2, 3) = 0.3233235838 (the series side)', () => {
    expect(regularisedGammaP(3, 2)).toBeCloseTo(0.32332358381693654, 14);
  });

  it('is pgamma(90, 100) = 0.1582209892 for a large shape', () => {
    expect(regularisedGammaP(100, 90)).toBeCloseTo(0.15822098918643007, 12);
  });

  it('is 1 − e^(−x) for shape 1 on both sides of the switch', () => {
    expect(regularisedGammaP(1, 0.5)).toBeCloseTo(1 - Math.exp(-0.5), 15);
    expect(regularisedGammaP(1, 5)).toBeCloseTo(1 - Math.exp(-5), 15);
  });

  it('keeps the relative accuracy of a tiny lower tail: P(X ≥ 20) for Poisson(2) = 6.44e-14', () => {
    expect(regularisedGammaP(20, 2) / 6.443731393112101e-14).toBeCloseTo(1, 10);
  });

  it('is 0 at x = 0 and 1 at infinity', () => {
    expect(regularisedGammaP(2.5, 0)).toBe(0);
    expect(regularisedGammaP(2.5, Infinity)).toBe(1);
  });

  it.each([[0, 1], [-1, 1], [NaN, 1], [1, -1], [1, NaN]])('rejects shape %s with x %s', (a, x) => {
    expect(() => regularisedGammaP(a, x)).toThrow(RangeError);
  });
});

describe('regularisedGammaQ', () => {
  it('is pgamma(4, 0.5, lower = FALSE) = 0.0046777350 (the continued-fraction side)', () => {
    expect(regularisedGammaQ(0.5, 4)).toBeCloseTo(0.004677734981047276, 14);
  });

  it('is pgamma(10200, 1e4, lower = FALSE) = 0.0232873221 for a very large shape', () => {
    expect(regularisedGammaQ(1e4, 1.02e4)).toBeCloseTo(0.02328732213359879, 10);
  });

  it('is 1 − P', () => {
    expect(regularisedGammaQ(3, 2) + regularisedGammaP(3, 2)).toBeCloseTo(1, 15);
  });
});
