import { normalQuantile, twoSidedZ } from './normal-quantile.js';

// Expected values computed with SciPy's norm.ppf, the equivalent of R's qnorm.
describe('normalQuantile', () => {
  it.each([
    [0.975, 1.959963984540054],
    [0.995, 2.5758293035489004],
    [0.5, 0],
    [0.3, -0.5244005127080409],
    [0.8, 0.8416212335729143],
    [0.001, -3.090232306167813],
    [1e-10, -6.361340902404056],
  ])('is qnorm(%s) = %s', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 12);
  });

  it('is symmetric about one half', () => {
    expect(normalQuantile(0.025)).toBeCloseTo(-normalQuantile(0.975), 15);
  });

  it('is minus and plus infinity at 0 and 1', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });

  it.each([[-0.1], [1.1], [NaN]])('rejects the probability %s', (p) => {
    expect(() => normalQuantile(p)).toThrow(RangeError);
  });
});

describe('twoSidedZ', () => {
  it('is 1.96 for 95% confidence', () => {
    expect(twoSidedZ(0.95)).toBeCloseTo(1.959963984540054, 12);
  });

  it('is 2.58 for 99% confidence', () => {
    expect(twoSidedZ(0.99)).toBeCloseTo(2.5758293035489004, 12);
  });

  it.each([[0], [1], [95], [NaN]])('rejects a confidence of %s', (confidence) => {
    expect(() => twoSidedZ(confidence)).toThrow(RangeError);
  });
});
