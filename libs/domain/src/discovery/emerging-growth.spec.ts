import { themeGrowth } from './emerging-growth.js';

const END = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
/** `n` dates spread over the day `daysAgo` days before END (0: the last 24 hours). */
const dates = (n: number, daysAgo: number) => Array.from({ length: n }, (_, i) => new Date(END.getTime() - daysAgo * DAY - (i + 1) * 60_000));

describe('themeGrowth', () => {
  it('raises a theme new this week with its figures and the reason in words', () => {
    const sut = themeGrowth(dates(12, 1), { end: END });
    expect(sut).toMatchObject({ emerging: true, recentCount: 12, baselineCounts: [0, 0, 0, 0], baselineRate: 0, ratio: null, periodDays: 7 });
    expect(sut.pValue).toBeLessThan(0.001);
    expect(sut.zScore).toBe(12);
    expect(sut.recentFrom).toBe('2026-05-25T12:00:00.000Z');
    expect(sut.words).toBe('12 contacts in the last 7 days against none in the 28 days before: new (p < 0.001); growing');
  });

  it('compares the recent count with its own mean per period before', () => {
    const history = [...dates(2, 8), ...dates(2, 15), ...dates(2, 22), ...dates(2, 29)];
    const sut = themeGrowth([...history, ...dates(20, 3)], { end: END });
    expect(sut).toMatchObject({ emerging: true, recentCount: 20, baselineCounts: [2, 2, 2, 2], baselineRate: 2, ratio: 10 });
    expect(sut.zScore).toBeCloseTo(18 / Math.SQRT2, 10);
    expect(sut.words).toMatch(/^20 contacts in the last 7 days against 2 per 7 days in the 28 days before: 10× its usual \(p < 0\.001\); growing$/);
  });

  it('does not raise a theme as busy as usual, however large', () => {
    const steady = [0, 7, 14, 21, 28].flatMap((daysAgo) => dates(30, daysAgo));
    const sut = themeGrowth(steady, { end: END });
    expect(sut).toMatchObject({ emerging: false, recentCount: 30, baselineRate: 30, ratio: 1, pValue: expect.any(Number) });
    expect(sut.pValue).toBeGreaterThan(0.4);
    expect(sut.words).toMatch(/1× its usual .*not raised: within its usual variation$/);
  });

  it('needs at least minRecent recent contacts even when the test alone would flag them', () => {
    // Poisson(1): P(X ≥ 6) ≈ 0.0006 < 0.001, a spike by the test alone.
    expect(themeGrowth(dates(6, 0), { end: END }).emerging).toBe(true);
    const sut = themeGrowth(dates(6, 0), { end: END }, { minRecent: 7 });
    expect(sut.emerging).toBe(false);
    expect(sut.words).toMatch(/not raised: fewer than 7 recent contacts$/);
    // Five new contacts are not surprising enough against the floor of one a week.
    expect(themeGrowth(dates(5, 0), { end: END }).emerging).toBe(false);
  });

  it('counts the period edges once: the recent period is [end − 7 days, end), later contacts are recent, older than the baseline are left out', () => {
    const edges = [new Date(END.getTime() - 7 * DAY), new Date(END.getTime() - 7 * DAY - 1), new Date(END.getTime() + DAY), new Date(END.getTime() - 35 * DAY - 1)];
    const sut = themeGrowth(edges, { end: END });
    expect(sut.recentCount).toBe(2);
    expect(sut.baselineCounts).toEqual([0, 0, 0, 1]);
  });

  it('takes other period lengths and baselines', () => {
    const sut = themeGrowth([...dates(1, 2), ...dates(9, 0)], { end: END, periodDays: 1, baselinePeriods: 3 });
    expect(sut).toMatchObject({ recentCount: 9, baselineCounts: [0, 1, 0], periodDays: 1 });
    expect(sut.words).toMatch(/^9 contacts in the last 1 days against 0.3 per 1 days in the 3 days before/);
    expect(() => themeGrowth([], { end: END, periodDays: 0 })).toThrow(RangeError);
    expect(() => themeGrowth([], { end: END, baselinePeriods: 1.5 })).toThrow(RangeError);
  });
});
