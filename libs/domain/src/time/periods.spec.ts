import fc from 'fast-check';
import { addDays, dayTime, daysBetween, defaultPeriod, MAX_PERIOD_STARTS, periodStart, periodStarts, type PeriodInterval } from './periods.js';

const intervals: PeriodInterval[] = ['day', 'week', 'month'];

/** Any text shaped like a date, real or not, and a few years JavaScript writes with a sign. */
const dayLike = fc.oneof(
  fc.date({ min: new Date(Date.UTC(-2000, 0, 1)), max: new Date(Date.UTC(12000, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  fc.constantFrom('9999-12-31', '9999-12-27', '0001-01-01', '0000-01-01', '+010000-01-03', '', 'today', '2026-02-30'),
  fc.string({ maxLength: 12 }),
);

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

  it('compares dates as dates: the weeks before 9999-12-31 end, though the next one would be written +010000-01-03', () => {
    expect(periodStarts('9999-12-01', '9999-12-31', 'week')).toEqual(['9999-11-29', '9999-12-06', '9999-12-13', '9999-12-20', '9999-12-27']);
    expect(periodStarts('9999-11-15', '9999-12-31', 'month')).toEqual(['9999-11-01', '9999-12-01']);
  });

  it('counts months from year 1 on (Date.UTC reads years 0–99 as 1900–1999)', () => {
    expect(periodStarts('0001-01-15', '0001-04-01', 'month')).toEqual(['0001-01-01', '0001-02-01', '0001-03-01']);
  });

  it(`refuses to list more than ${MAX_PERIOD_STARTS} periods, or fewer when told`, () => {
    expect(() => periodStarts('1900-01-01', '9999-12-31', 'day')).toThrow(RangeError);
    expect(() => periodStarts('2026-01-01', '2026-03-01', 'week', 4)).toThrow('2026-01-01 to 2026-03-01 holds more than 4 weeks');
    expect(periodStarts('2026-01-01', '2030-02-01', 'day')).toHaveLength(1_492);
  });

  it('refuses what is not a date as YYYY-MM-DD', () => {
    for (const bad of ['2026-02-30', '+010000-01-03', '2026-5-4', '', '2026-05-04T00:00:00Z']) expect(() => dayTime(bad)).toThrow(RangeError);
    expect(() => periodStarts('2026-05-04', 'someday', 'week')).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
  });

  it('for any two date-like texts, either refuses them or lists a bounded, increasing run of period starts', () => {
    fc.assert(
      fc.property(dayLike, dayLike, fc.constantFrom(...intervals), (from, to, interval) => {
        let starts: string[];
        try {
          starts = periodStarts(from, to, interval);
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
          return;
        }
        expect(starts.length).toBeLessThanOrEqual(MAX_PERIOD_STARTS);
        for (let i = 1; i < starts.length; i++) expect(dayTime(starts[i]!)).toBeGreaterThan(dayTime(starts[i - 1]!));
        for (const start of starts) expect(dayTime(start)).toBeLessThan(dayTime(to));
        if (starts.length) expect(starts[0]).toBe(periodStart(from, interval));
      }),
      { numRuns: 2_000 },
    );
  });

  it('agrees with daysBetween on the number of days', () => {
    const day = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 1_100 }), (from, days) => {
        const to = addDays(from, days);
        expect(daysBetween(from, to)).toBe(days);
        expect(periodStarts(from, to, 'day')).toHaveLength(days);
      }),
    );
  });

  it('defaults to the 12 full weeks before the current one', () => {
    expect(defaultPeriod({}, new Date('2026-12-03T10:00:00Z'))).toEqual({ from: '2026-09-07', to: '2026-11-30' });
    expect(defaultPeriod({ to: '2026-06-01' })).toEqual({ from: '2026-03-09', to: '2026-06-01' });
  });
});
