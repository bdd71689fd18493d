import { weeklyTrend } from './weekly-trend.js';

describe('weeklyTrend', () => {
  it('counts dates by the Monday of their UTC week, with the empty weeks of the span as zeros', () => {
    const dates = ['2026-05-04T09:00:00Z', '2026-05-10T23:59:00Z', '2026-05-20T12:00:00Z'].map((d) => new Date(d));
    const sut = weeklyTrend(dates, { first: new Date('2026-05-05T00:00:00Z'), last: new Date('2026-05-27T00:00:00Z') });
    expect(sut).toEqual([
      { week: '2026-05-04', count: 2 },
      { week: '2026-05-11', count: 0 },
      { week: '2026-05-18', count: 1 },
      { week: '2026-05-25', count: 0 },
    ]);
  });

  it('is one week when the span lies within one', () => {
    expect(weeklyTrend([new Date('2026-05-06T00:00:00Z')], { first: new Date('2026-05-06T00:00:00Z'), last: new Date('2026-05-06T00:00:00Z') })).toEqual([{ week: '2026-05-04', count: 1 }]);
  });
});
