import { defaultPeriod, periodStart, periodStarts } from './periods.js';

describe('periods', () => {
  it('starts a week on its Monday and a month on its first day', () => {
    expect(periodStart('2026-05-07', 'week')).toBe('2026-05-04');
    expect(periodStart('2026-05-04', 'week')).toBe('2026-05-04');
    expect(periodStart('2026-05-10', 'week')).toBe('2026-05-04');
    expect(periodStart('2026-05-31', 'month')).toBe('2026-05-01');
  });

  it('lists every period that overlaps [from, to)', () => {
    expect(periodStarts('2026-05-06', '2026-05-19', 'week')).toEqual(['2026-05-04', '2026-05-11', '2026-05-18']);
    expect(periodStarts('2026-11-15', '2027-02-01', 'month')).toEqual(['2026-11-01', '2026-12-01', '2027-01-01']);
    expect(periodStarts('2026-05-04', '2026-05-07', 'day')).toEqual(['2026-05-04', '2026-05-05', '2026-05-06']);
  });

  it('defaults to the 12 full weeks before the current one', () => {
    expect(defaultPeriod({}, new Date('2026-12-03T10:00:00Z'))).toEqual({ from: '2026-09-07', to: '2026-11-30' });
    expect(defaultPeriod({ to: '2026-06-01' })).toEqual({ from: '2026-03-09', to: '2026-06-01' });
  });
});
