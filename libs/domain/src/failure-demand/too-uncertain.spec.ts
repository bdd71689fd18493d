import { tooUncertainToActOn } from './too-uncertain.js';
import { wilsonInterval } from './wilson.js';
import { ratePer1000 } from './poisson.js';

const share = (successes: number, trials: number) => {
  const { low, high } = wilsonInterval(successes, trials);
  return { value: successes / trials, low, high };
};

describe('tooUncertainToActOn', () => {
  it('lets through a share resting on enough contacts (30 of 100: 0.219-0.396)', () => {
    expect(tooUncertainToActOn(share(30, 100), 'share')).toBe(false);
    expect(tooUncertainToActOn(share(300, 1000), 'share')).toBe(false);
  });

  it('greys out a share whose interval spans more than 20 points (4 of 10: 0.168-0.687)', () => {
    expect(tooUncertainToActOn(share(4, 10), 'share')).toBe(true);
  });

  it('greys out a small share whose interval reaches further than half of it either side (2 of 100)', () => {
    expect(tooUncertainToActOn(share(2, 100), 'share')).toBe(true);
    expect(tooUncertainToActOn(share(200, 10_000), 'share')).toBe(false);
  });

  it('greys out a rate on few contacts, not one on many', () => {
    const rate = (count: number, units: number) => {
      const r = ratePer1000(count, units);
      return { value: r.rate, low: r.low, high: r.high };
    };
    expect(tooUncertainToActOn(rate(3, 1_000), 'rate')).toBe(true);
    expect(tooUncertainToActOn(rate(300, 100_000), 'rate')).toBe(false);
  });

  it('takes a missing figure or bound as nothing to act on', () => {
    expect(tooUncertainToActOn({ value: null, low: 0, high: 1 }, 'share')).toBe(true);
    expect(tooUncertainToActOn({ value: 0.5, low: null, high: null }, 'rate')).toBe(true);
  });

  it('keeps a share of exactly 0 on many contacts (its interval is narrow)', () => {
    expect(tooUncertainToActOn(share(0, 10_000), 'share')).toBe(false);
  });
});
