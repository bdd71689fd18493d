import { poissonInterval, poissonUpperTail, ratePer1000 } from './poisson.js';

// Expected values computed with SciPy; the R equivalents are poisson.test(x)$conf.int (qgamma for
// fractional counts) and ppois(k − 1, m, lower = FALSE).
describe('poissonInterval', () => {
  it('is 0–3.69 for a count of 0', () => {
    const sut = poissonInterval(0);
    expect(sut.low).toBe(0);
    expect(sut.high).toBeCloseTo(3.6888794541139354, 10);
  });

  it('is 0.025–5.57 for a count of 1', () => {
    const sut = poissonInterval(1);
    expect(sut.low).toBeCloseTo(0.025317807984289876, 12);
    expect(sut.high).toBeCloseTo(5.571643390938898, 10);
  });

  it('is 4.80–18.39 for a count of 10', () => {
    const sut = poissonInterval(10);
    expect(sut.low).toBeCloseTo(4.7953886961324335, 10);
    expect(sut.high).toBeCloseTo(18.39035604201778, 10);
  });

  it('is 938.97–1063.95 for a count of 1000', () => {
    const sut = poissonInterval(1000);
    expect(sut.low).toBeCloseTo(938.9730184076952, 8);
    expect(sut.high).toBeCloseTo(1063.952136016302, 8);
  });

  it('is 1.97–10.51 for a count of 5 at 90% confidence', () => {
    const sut = poissonInterval(5, 0.9);
    expect(sut.low).toBeCloseTo(1.9701495680595302, 10);
    expect(sut.high).toBeCloseTo(10.513034908741535, 10);
  });

  it('is 0.454–8.16 for a fractional count of 2.6, between the intervals for 2 and 3', () => {
    const sut = poissonInterval(2.6);
    expect(sut.low).toBeCloseTo(0.4540879534024642, 10);
    expect(sut.high).toBeCloseTo(8.160074626722198, 10);
  });

  it('is above zero but tiny at the low end for a fractional count of 0.4', () => {
    const sut = poissonInterval(0.4);
    expect(sut.low / 7.328324355345854e-5).toBeCloseTo(1, 8);
    expect(sut.high).toBeCloseTo(4.485881884525789, 10);
  });

  it.each([[-1], [NaN], [Infinity]])('rejects a count of %s', (count) => {
    expect(() => poissonInterval(count)).toThrow(RangeError);
  });
});

describe('poissonUpperTail', () => {
  it('is 0.0011 for 10 or more when 3 are expected', () => {
    expect(poissonUpperTail(10, 3)).toBeCloseTo(0.0011024881301154815, 14);
  });

  it('is 2.5e-7 for 30 or more when 10 are expected', () => {
    expect(poissonUpperTail(30, 10) / 2.509951201527959e-7).toBeCloseTo(1, 9);
  });

  it('is 0.0527 for 5 or more when 2 are expected', () => {
    expect(poissonUpperTail(5, 2)).toBeCloseTo(0.052653017343711125, 14);
  });

  it('rounds a fractional count down: 5.9 is judged as 5', () => {
    expect(poissonUpperTail(5.9, 2)).toBe(poissonUpperTail(5, 2));
  });

  it('is 1 for a count below 1, whatever the mean', () => {
    expect(poissonUpperTail(0, 2)).toBe(1);
    expect(poissonUpperTail(0.7, 0)).toBe(1);
  });

  it('is 0 for any contact at all when none are expected', () => {
    expect(poissonUpperTail(1, 0)).toBe(0);
  });

  it.each([[-1, 2], [NaN, 2], [3, -1], [3, NaN]])('rejects observed %s with mean %s', (observed, mean) => {
    expect(() => poissonUpperTail(observed, mean)).toThrow(RangeError);
  });
});

describe('ratePer1000', () => {
  it('is 15 (10.9–20.1) per 1000 for 45 failures in 3000 units', () => {
    const sut = ratePer1000(45, 3000);
    expect(sut.rate).toBe(15);
    expect(sut.low).toBeCloseTo(10.941102929411487, 9);
    expect(sut.high).toBeCloseTo(20.071180165652937, 9);
  });

  it('is 12 (2.5–35.1) per 1000 for 3 failures in 250 units', () => {
    const sut = ratePer1000(3, 250);
    expect(sut.rate).toBe(12);
    expect(sut.low).toBeCloseTo(2.4746884915824054, 9);
    expect(sut.high).toBeCloseTo(35.06909227896929, 9);
  });

  it('is 0 with room for 3.7 failures when none were seen in 1000 units', () => {
    const sut = ratePer1000(0, 1000);
    expect(sut.rate).toBe(0);
    expect(sut.low).toBe(0);
    expect(sut.high).toBeCloseTo(3.6888794541139354, 10);
  });

  it.each([[0], [-5], [NaN]])('rejects %s units', (units) => {
    expect(() => ratePer1000(1, units)).toThrow(RangeError);
  });
});
