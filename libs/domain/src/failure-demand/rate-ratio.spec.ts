import { rateRatio } from './rate-ratio.js';

// Expected values from the log-scale Wald formula, exp(log(r) ± qnorm(0.975)·sqrt(1/a + 1/b)),
// computed independently with SciPy.
describe('rateRatio', () => {
  it('is 0.62 (0.49–0.79) when 171 contacts in 8 weeks become 106 in 8 weeks', () => {
    const sut = rateRatio({ countBefore: 171, exposureBefore: 8, countAfter: 106, exposureAfter: 8 });
    expect(sut.ratio).toBeCloseTo(0.6198830409356725, 14);
    expect(sut.low).toBeCloseTo(0.4865014981095795, 12);
    expect(sut.high).toBeCloseTo(0.7898330959571005, 12);
  });

  it('is 0.62 (0.51–0.76) for the same windows at 90% confidence', () => {
    const sut = rateRatio({ countBefore: 171, exposureBefore: 8, countAfter: 106, exposureAfter: 8 }, 0.9);
    expect(sut.low).toBeCloseTo(0.5058266074361794, 12);
    expect(sut.high).toBeCloseTo(0.7596575166088677, 12);
  });

  it('halves when the same count is spread over twice the exposure', () => {
    const sut = rateRatio({ countBefore: 100, exposureBefore: 4, countAfter: 100, exposureAfter: 8 });
    expect(sut.ratio).toBe(0.5);
    expect(sut.low).toBeCloseTo(0.37895873993612944, 12);
    expect(sut.high).toBeCloseTo(0.6597024257631202, 12);
  });

  it('is 1.5 (0.95–2.38) for 30 then 45: a rise the data cannot yet tell from chance', () => {
    const sut = rateRatio({ countBefore: 30, exposureBefore: 1, countAfter: 45, exposureAfter: 1 });
    expect(sut.ratio).toBe(1.5);
    expect(sut.low).toBeCloseTo(0.9450638068026337, 12);
    expect(sut.high).toBeCloseTo(2.380791628887221, 12);
  });

  it('is 0 with a low of 0 and a corrected high of 0.40 when 20 contacts fall to none', () => {
    const sut = rateRatio({ countBefore: 20, exposureBefore: 1, countAfter: 0, exposureAfter: 1 });
    expect(sut.ratio).toBe(0);
    expect(sut.low).toBe(0);
    expect(sut.high).toBeCloseTo(0.4032633232654829, 12);
  });

  it('has no ratio but a corrected interval of 1.48–422 when none before become 12', () => {
    const sut = rateRatio({ countBefore: 0, exposureBefore: 1, countAfter: 12, exposureAfter: 1 });
    expect(sut.ratio).toBeNull();
    expect(sut.low).toBeCloseTo(1.4801975626428465, 12);
    expect(sut.high).toBeCloseTo(422.2409330846904, 9);
  });

  it('has no ratio and a very wide interval when both counts are 0', () => {
    const sut = rateRatio({ countBefore: 0, exposureBefore: 1, countAfter: 0, exposureAfter: 1 });
    expect(sut.ratio).toBeNull();
    expect(sut.low).toBeCloseTo(0.01984252396814992, 12);
    expect(sut.high).toBeCloseTo(50.39681451841221, 10);
  });

  it('accepts fractional counts', () => {
    const sut = rateRatio({ countBefore: 10.5, exposureBefore: 1, countAfter: 21, exposureAfter: 1 });
    expect(sut.ratio).toBe(2);
    expect(sut.low).toBeLessThan(2);
    expect(sut.high).toBeGreaterThan(2);
  });

  it.each([
    ['a negative count', { countBefore: -1, exposureBefore: 1, countAfter: 1, exposureAfter: 1 }],
    ['a NaN count', { countBefore: 1, exposureBefore: 1, countAfter: NaN, exposureAfter: 1 }],
    ['zero exposure', { countBefore: 1, exposureBefore: 0, countAfter: 1, exposureAfter: 1 }],
    ['infinite exposure', { countBefore: 1, exposureBefore: 1, countAfter: 1, exposureAfter: Infinity }],
  ])('rejects %s', (_case, input) => {
    expect(() => rateRatio(input)).toThrow(RangeError);
  });
});
