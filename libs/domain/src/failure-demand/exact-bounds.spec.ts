import fc from 'fast-check';
import { twoSidedZ } from './distributions/normal-quantile.js';
import { failureDemandRatio } from './failure-demand-ratio.js';
import { failureTypeMix } from './failure-type-mix.js';
import { ratePer1000 } from './poisson.js';
import { repeatRate } from './repeat-rate.js';
import { stepFriction } from './step-friction.js';
import { wilsonInterval } from './wilson.js';

// The rule: a figure that is exactly 0 or 1 (a bound at p = 0 or 1, %C&A with no failures or as
// many failures as units) is computed in a form that gives exactly 0 or 1, never 6.93889e-18 or
// 0.9999999999999999; every other figure stays as precise as before, so nothing is rounded away.

/** The textbook Wilson form, centre ± half-width: right to ~1e-16 absolute, but noisy at 0 and 1. */
function textbookWilson(successes: number, trials: number, confidence = 0.95): { low: number; high: number } {
  const z = twoSidedZ(confidence);
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { low: centre - halfWidth, high: centre + halfWidth };
}

const trialCounts = fc.oneof(fc.integer({ min: 1, max: 50_000_000 }), fc.double({ min: 0.01, max: 1e7, noNaN: true }));

describe('figures that should be 0 or 1 are exactly 0 or 1', () => {
  it('had rounding noise before: the textbook form misses 0 or 1 for hundreds of trial counts up to 1000', () => {
    const trials = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(trials.filter((n) => textbookWilson(0, n).low !== 0).length).toBeGreaterThan(100);
    expect(trials.filter((n) => textbookWilson(n, n).high !== 1).length).toBeGreaterThan(100);
  });

  it('Wilson: low is exactly 0 at 0 successes and high exactly 1 when every trial succeeded, for every number of trials', () => {
    for (let trials = 1; trials <= 5_000; trials++) {
      expect({ trials, low: wilsonInterval(0, trials).low, high: wilsonInterval(trials, trials).high }).toEqual({ trials, low: 0, high: 1 });
    }
    fc.assert(
      fc.property(trialCounts, fc.constantFrom(0.8, 0.9, 0.95, 0.99), (trials, confidence) => {
        expect(wilsonInterval(0, trials, confidence).low).toBe(0);
        expect(wilsonInterval(trials, trials, confidence).high).toBe(1);
      }),
    );
  });

  it('Wilson: every other interval agrees with the textbook form to 1e-12, holds p and stays in [0, 1]', () => {
    fc.assert(
      fc.property(trialCounts, fc.double({ min: 0, max: 1, noNaN: true }), (trials, share) => {
        const successes = share * trials;
        const sut = wilsonInterval(successes, trials);
        const textbook = textbookWilson(successes, trials);
        const p = successes / trials;
        expect(Math.abs(sut.low - textbook.low)).toBeLessThan(1e-12);
        expect(Math.abs(sut.high - textbook.high)).toBeLessThan(1e-12);
        expect(0 <= sut.low && sut.low <= p && p <= sut.high && sut.high <= 1).toBe(true);
      }),
    );
  });

  it('Wilson: a small share keeps a small, positive low bound rather than being snapped to 0', () => {
    // 1 of 10 million: low = p² / ((1 + z²/n) · high) = 1e-14 / 3.84e-7 ≈ 1.77e-8 (R: prop.test(1, 1e7, correct = FALSE) gives 1.765e-08).
    const sut = wilsonInterval(1, 10_000_000);
    expect(sut.low).toBeCloseTo(1.7653e-8, 11);
    expect(sut.low / textbookWilson(1, 10_000_000).low).toBeCloseTo(1, 6);
  });

  it('repeat rate, failure-demand ratio and failure-type mix: no repeats, no failures or only failures give exact bounds', () => {
    expect(repeatRate(0, 7)).toEqual({ repeatContacts: 0, repeatRate: 0, repeatRateLow: 0, repeatRateHigh: expect.any(Number) });
    expect(repeatRate(13, 13)).toMatchObject({ repeatRate: 1, repeatRateHigh: 1 });
    expect(failureDemandRatio({ failure: 0, value: 9, unclassified: 2 })).toMatchObject({ ratio: 0, ratioLow: 0 });
    expect(failureDemandRatio({ failure: 10, value: 0, unclassified: 0 })).toMatchObject({ ratio: 1, ratioHigh: 1 });
    expect(failureTypeMix([{ failureType: 'done-wrong', failureContacts: 13 }])).toEqual([{ failureType: 'done-wrong', failureContacts: 13, share: 1, shareLow: expect.any(Number), shareHigh: 1 }]);
  });

  it('step friction: %C&A is exactly 1 without failures and exactly 0 with as many failures as units', () => {
    const step = { contacts: 0, failureContacts: 0, units: 0, allFailureContacts: 10, previousFailureContacts: 0 };
    for (const units of [...Array.from({ length: 400 }, (_, i) => i + 1), 12_345, 987_654.5]) {
      const none = stepFriction({ ...step, units });
      const all = stepFriction({ ...step, contacts: units, failureContacts: units, allFailureContacts: units, units });
      expect({ units, none: [none.observedCompleteAccurate, none.observedCompleteAccurateHigh, none.failureShareLow], all: [all.observedCompleteAccurate, all.observedCompleteAccurateLow, all.failureShare, all.failureShareHigh, all.frictionRatePer1000] })
        .toEqual({ units, none: [1, 1, 0], all: [0, 0, 1, 1, 1000] });
    }
  });

  it('a rate per 1000 units is exact where it can be: as many contacts as units is 1000', () => {
    // 1000 / units × units is 999.9999999999999 for 15, 19, 29, …; (units × 1000) / units is 1000 (exactly so for whole units).
    for (const units of [15, 19, 29, 30, 38, 97, 1234.5, 98_765]) expect(ratePer1000(units, units).rate).toBe(1000);
    expect(ratePer1000(45, 3000).rate).toBe(15);
  });
});
