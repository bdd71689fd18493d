import { repeatRate } from './repeat-rate.js';

describe('repeatRate', () => {
  it('gives the share of repeats with its Wilson interval (30 of 100: 0.219-0.396)', () => {
    const rate = repeatRate(30, 100);
    expect(rate.repeatContacts).toBe(30);
    expect(rate.repeatRate).toBeCloseTo(0.3, 12);
    expect(rate.repeatRateLow).toBeCloseTo(0.2189, 4);
    expect(rate.repeatRateHigh).toBeCloseTo(0.3958, 4);
  });

  it('knows nothing without contacts', () => {
    expect(repeatRate(0, 0)).toEqual({ repeatContacts: 0, repeatRate: null, repeatRateLow: 0, repeatRateHigh: 1 });
  });

  it('takes fractional counts of contacts split across steps', () => {
    expect(repeatRate(0.6, 2.4).repeatRate).toBeCloseTo(0.25, 12);
  });

  it('refuses more repeats than contacts, and negative counts', () => {
    expect(() => repeatRate(3, 2)).toThrow(RangeError);
    expect(() => repeatRate(-1, 2)).toThrow(RangeError);
  });
});
