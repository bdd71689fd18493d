import { countermeasureImpact } from './countermeasure-impact.js';

const label = 'Failure demand at card delivery';

describe('countermeasureImpact', () => {
  describe('171 contacts in the 8 weeks before the start and 106 in the 8 weeks after', () => {
    const sut = countermeasureImpact({ before: { count: 171, weeks: 8 }, after: { count: 106, weeks: 8 } }, { label });

    it('is reduced, by 38% (95% CI 21–51%)', () => {
      expect(sut.verdict).toBe('reduced');
      expect(sut.basis).toBe('weeks');
      expect(sut.rateRatio).toBeCloseTo(0.6198830409356725, 14);
      expect(sut.rateRatioLow).toBeCloseTo(0.4865014981095795, 12);
      expect(sut.rateRatioHigh).toBeCloseTo(0.7898330959571005, 12);
    });

    it('says so in a sentence', () => {
      expect(sut.summary).toBe('Failure demand at card delivery fell by 38% (95% CI 21–51%) in the 8 weeks after the start.');
    });

    it('gives 21.4 (18.3–24.8) contacts a week before the start', () => {
      expect(sut.before).toMatchObject({ count: 171, weeks: 8, units: null, perWeek: 21.375 });
      expect(sut.before.perWeekLow).toBeCloseTo(18.291254230997335, 9);
      expect(sut.before.perWeekHigh).toBeCloseTo(24.82979327531193, 9);
      expect(sut.before).toMatchObject({ per1000Units: null, per1000UnitsLow: null, per1000UnitsHigh: null });
    });

    it('has no per-unit ratio without units', () => {
      expect(sut.rateRatioPer1000Units).toBeNull();
      expect(sut.rateRatioPerWeek?.ratio).toBe(sut.rateRatio);
    });
  });

  describe('the same counts while the volume handled halved from 40,000 to 20,000 cards', () => {
    const sut = countermeasureImpact(
      { before: { count: 171, weeks: 8, units: 40000 }, after: { count: 106, weeks: 8, units: 20000 } },
      { label },
    );

    it('judges per 1000 units, where the fall in contacts is no clear change (+24%, 95% CI −3% to +58%)', () => {
      expect(sut.basis).toBe('units');
      expect(sut.verdict).toBe('no clear change');
      expect(sut.rateRatio).toBeCloseTo(1.239766081871345, 14);
      expect(sut.rateRatioLow).toBeCloseTo(0.973002996219159, 12);
      expect(sut.rateRatioHigh).toBeCloseTo(1.579666191914201, 12);
      expect(sut.summary).toBe(
        'Failure demand at card delivery per 1000 units handled showed no clear change in the 8 weeks after the start (+24%, 95% CI −3% to +58%).',
      );
    });

    it('still reports the per-week ratio, which alone would have claimed a reduction', () => {
      expect(sut.rateRatioPerWeek?.high).toBeLessThan(1);
    });

    it('gives 4.28 (3.66–4.97) contacts per 1000 cards before the start', () => {
      expect(sut.before.per1000Units).toBeCloseTo(4.275, 14);
      expect(sut.before.per1000UnitsLow).toBeCloseTo(3.658250846199467, 9);
      expect(sut.before.per1000UnitsHigh).toBeCloseTo(4.965958655062385, 9);
    });
  });

  it('is increased, by 100% (95% CI 37–192%), when 40 contacts become 80', () => {
    const sut = countermeasureImpact({ before: { count: 40, weeks: 8 }, after: { count: 80, weeks: 8 } });
    expect(sut.verdict).toBe('increased');
    expect(sut.summary).toBe('Failure demand rose by 100% (95% CI 37–192%) in the 8 weeks after the start.');
  });

  it('is no clear change when 30 contacts become 36', () => {
    const sut = countermeasureImpact({ before: { count: 30, weeks: 8 }, after: { count: 36, weeks: 8 } }, { label });
    expect(sut.verdict).toBe('no clear change');
    expect(sut.summary).toBe('Failure demand at card delivery showed no clear change in the 8 weeks after the start (+20%, 95% CI −26% to +95%).');
  });

  it('is reduced by 100% when 20 contacts in 4 weeks stop altogether', () => {
    const sut = countermeasureImpact({ before: { count: 20, weeks: 4 }, after: { count: 0, weeks: 4 } }, { label });
    expect(sut.verdict).toBe('reduced');
    expect(sut.summary).toBe('Failure demand at card delivery fell by 100% (95% CI 60–100%) in the 4 weeks after the start.');
  });

  it('is increased, without a percentage, when none before become 15', () => {
    const sut = countermeasureImpact({ before: { count: 0, weeks: 8 }, after: { count: 15, weeks: 8 } }, { label });
    expect(sut.verdict).toBe('increased');
    expect(sut.rateRatio).toBeNull();
    expect(sut.rateRatioLow).toBeCloseTo(1.8548944928013753, 12);
    expect(sut.summary).toBe('Failure demand at card delivery rose from none to 15 contacts in the 8 weeks after the start.');
  });

  it('is no clear change, without a percentage, when none in 1 week become 10 in 100 weeks', () => {
    const sut = countermeasureImpact({ before: { count: 0, weeks: 1 }, after: { count: 10, weeks: 100 } });
    expect(sut.verdict).toBe('no clear change');
    expect(sut.summary).toBe('Failure demand showed no clear change in the 100 weeks after the start (from none to 10 contacts).');
  });

  it('is too little data when both windows have fewer than 10 contacts, however large the change', () => {
    const sut = countermeasureImpact({ before: { count: 9, weeks: 4 }, after: { count: 1, weeks: 4 } }, { label });
    expect(sut.verdict).toBe('too little data');
    expect(sut.rateRatio).toBeCloseTo(1 / 9, 15);
    expect(sut.summary).toBe('Failure demand at card delivery: too little data to judge a change (9 contacts before the start, 1 after).');
  });

  it('is too little data when the window after the start has no weeks yet', () => {
    const sut = countermeasureImpact({ before: { count: 50, weeks: 8 }, after: { count: 0, weeks: 0 } }, { label });
    expect(sut).toMatchObject({ verdict: 'too little data', rateRatio: null, rateRatioPerWeek: null });
    expect(sut.after).toMatchObject({ perWeek: null, perWeekLow: null, perWeekHigh: null });
    expect(sut.summary).toBe('Failure demand at card delivery: too little data to judge a change (the window after the start has no weeks).');
  });

  it('judges per week when only one window has units', () => {
    const sut = countermeasureImpact({ before: { count: 171, weeks: 8, units: 40000 }, after: { count: 106, weeks: 8 } });
    expect(sut.basis).toBe('weeks');
    expect(sut.after.per1000Units).toBeNull();
  });

  it('speaks of "the week" for a one-week window and shows fractional counts to one decimal', () => {
    const sut = countermeasureImpact({ before: { count: 4.5, weeks: 1 }, after: { count: 2.5, weeks: 1 } });
    expect(sut.summary).toBe('Failure demand: too little data to judge a change (4.5 contacts before the start, 2.5 after).');
    const judged = countermeasureImpact({ before: { count: 171, weeks: 1 }, after: { count: 106, weeks: 1 } });
    expect(judged.summary).toBe('Failure demand fell by 38% (95% CI 21–51%) in the week after the start.');
  });

  it('states a 90% interval when asked for one', () => {
    const sut = countermeasureImpact({ before: { count: 171, weeks: 8 }, after: { count: 106, weeks: 8 } }, { confidence: 0.9 });
    expect(sut.summary).toBe('Failure demand fell by 38% (90% CI 24–49%) in the 8 weeks after the start.');
  });

  it.each([
    ['a negative count', { count: -1, weeks: 8 }],
    ['NaN weeks', { count: 5, weeks: NaN }],
    ['negative units', { count: 5, weeks: 8, units: -1 }],
  ])('rejects %s', (_case, before) => {
    expect(() => countermeasureImpact({ before, after: { count: 5, weeks: 8 } })).toThrow(RangeError);
  });
});
