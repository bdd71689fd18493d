import { agreement } from './agreement.js';

const pairs = (counts: Array<[string, string, number]>) => counts.flatMap(([a, b, n]) => Array.from({ length: n }, () => [a, b] as const));

// Hand-worked: pₒ = agreements / n; pₑ = Σ (row share × column share); κ = (pₒ − pₑ) / (1 − pₑ).
describe('agreement (accuracy and Cohen’s kappa)', () => {
  it('is 0.7 and κ 0.4 for Wikipedia’s 50 applications (20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: pₑ = 0.5·0.6 + 0.5·0.4 = 0.5)', () => {
    const sut = agreement(pairs([['yes', 'yes', 20], ['yes', 'no', 5], ['no', 'yes', 10], ['no', 'no', 15]]));
    expect(sut).toEqual({ compared: 50, agreements: 35, accuracy: 0.7, kappa: expect.any(Number) });
    expect(sut.kappa).toBeCloseTo(0.4, 12);
  });

  it('is 0.8 and κ 0.6 for 4 failure/failure, 1 failure/value, 1 value/failure, 4 value/value', () => {
    const sut = agreement(pairs([['failure', 'failure', 4], ['failure', 'value', 1], ['value', 'failure', 1], ['value', 'value', 4]]));
    expect(sut.accuracy).toBe(0.8);
    expect(sut.kappa).toBeCloseTo(0.6, 12);
  });

  it('counts answers only one side gives: person a,a,b,b against model a,c,b,c → pₒ 0.5, pₑ 0.5·0.25 + 0.5·0.25 = 0.25, κ 1/3', () => {
    const sut = agreement([['a', 'a'], ['a', 'c'], ['b', 'b'], ['b', 'c']]);
    expect(sut.accuracy).toBe(0.5);
    expect(sut.kappa).toBeCloseTo(1 / 3, 12);
  });

  it('is 1 for perfect agreement on more than one answer, below 0 for less than chance', () => {
    expect(agreement([['a', 'a'], ['b', 'b']]).kappa).toBe(1);
    expect(agreement([['a', 'b'], ['b', 'a']]).kappa).toBe(-1);
  });

  it('has no kappa when both always gave one and the same answer, and nothing at all without pairs', () => {
    expect(agreement([['a', 'a'], ['a', 'a']])).toEqual({ compared: 2, agreements: 2, accuracy: 1, kappa: null });
    expect(agreement([])).toEqual({ compared: 0, agreements: 0, accuracy: null, kappa: null });
  });
});
