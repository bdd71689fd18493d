import { wilsonInterval } from './wilson.js';

// Expected values from the Wilson formula computed independently with SciPy; R's
// prop.test(x, n, correct = FALSE)$conf.int gives the same interval (0.2189–0.3958 for 30 of 100).
describe('wilsonInterval', () => {
  it('is 0.219–0.396 for 30 of 100', () => {
    const sut = wilsonInterval(30, 100);
    expect(sut.low).toBeCloseTo(0.2189488529493276, 12);
    expect(sut.high).toBeCloseTo(0.3958485463334666, 12);
  });

  it('is 0.231–0.380 for 30 of 100 at 90% confidence', () => {
    const sut = wilsonInterval(30, 100, 0.9);
    expect(sut.low).toBeCloseTo(0.2307049543691453, 12);
    expect(sut.high).toBeCloseTo(0.3798321339441244, 12);
  });

  it('starts at exactly 0 and still allows 16% for 0 of 20', () => {
    const sut = wilsonInterval(0, 20);
    expect(sut.low).toBe(0);
    expect(sut.high).toBeCloseTo(0.16112515805281938, 12);
  });

  it('ends at exactly 1 and still allows 84% for 20 of 20', () => {
    const sut = wilsonInterval(20, 20);
    expect(sut.low).toBeCloseTo(0.8388748419471806, 12);
    expect(sut.high).toBe(1);
  });

  it('is 0.081–0.558 for a fractional 2.5 of 10', () => {
    const sut = wilsonInterval(2.5, 10);
    expect(sut.low).toBeCloseTo(0.08094782420999444, 12);
    expect(sut.high).toBeCloseTo(0.5578185757214501, 12);
  });

  it('is the whole of 0–1 when there are no trials', () => {
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it('tolerates successes that overshoot the trials by a floating-point rounding error', () => {
    expect(wilsonInterval(0.1 + 0.2, 0.3).high).toBe(1);
  });

  it.each([
    [-1, 10],
    [NaN, 10],
    [1, Infinity],
    [11, 10],
  ])('rejects %s successes of %s trials', (successes, trials) => {
    expect(() => wilsonInterval(successes, trials)).toThrow(RangeError);
  });

  it('rejects a confidence given as a percentage', () => {
    expect(() => wilsonInterval(1, 2, 95)).toThrow(RangeError);
  });
});
