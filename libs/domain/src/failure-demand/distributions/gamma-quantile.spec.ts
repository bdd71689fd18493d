import { chiSquareQuantile, gammaQuantile } from './gamma-quantile.js';
import { regularisedGammaP } from './incomplete-gamma.js';

// Expected values computed with SciPy's chi2.ppf and gamma.ppf, the equivalents of R's qchisq and qgamma.
describe('chiSquareQuantile', () => {
  it.each([
    [0.975, 1, 5.023886187314888],
    [0.025, 20, 9.590777392264867],
    [0.95, 10, 18.307038053275146],
    [0.975, 2, 7.377758908227871],
    [0.5, 0.8, 0.2901562832868709],
    [0.975, 2000, 2125.8423024497756],
  ])('is qchisq(%s, %s) = %s', (p, df, expected) => {
    expect(chiSquareQuantile(p, df)).toBeCloseTo(expected, 9);
  });

  it('rejects zero degrees of freedom', () => {
    expect(() => chiSquareQuantile(0.5, 0)).toThrow(RangeError);
  });
});

describe('gammaQuantile', () => {
  it('is qgamma(0.025, 0.4) = 7.328e-5 for a shape below 1', () => {
    expect(gammaQuantile(0.025, 0.4) / 7.328324355345854e-5).toBeCloseTo(1, 9);
  });

  it('is qgamma(0.975, 1001) = 1063.952136 for a large shape', () => {
    expect(gammaQuantile(0.975, 1001)).toBeCloseTo(1063.952136016302, 8);
  });

  it.each([[0.001], [0.2], [0.5], [0.9], [0.999]])('inverts pgamma at p = %s', (p) => {
    for (const shape of [0.05, 0.7, 1, 3.5, 40, 5000]) {
      expect(regularisedGammaP(shape, gammaQuantile(p, shape))).toBeCloseTo(p, 11);
    }
  });

  it('is 0 at p = 0 and infinity at p = 1', () => {
    expect(gammaQuantile(0, 3)).toBe(0);
    expect(gammaQuantile(1, 3)).toBe(Infinity);
  });

  it.each([[-0.1, 1], [NaN, 1], [0.5, 0], [0.5, NaN]])('rejects p %s with shape %s', (p, shape) => {
    expect(() => gammaQuantile(p, shape)).toThrow(RangeError);
  });
});
