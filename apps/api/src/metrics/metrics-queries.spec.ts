import fc from 'fast-check';
import type { z } from 'zod';
import { CostQuery, FailureDemandQuery, ImpactQuery, MAX_METRICS_DAYS, METRICS_FIRST_DAY, METRICS_LAST_DAY, ParetoQuery, SpikesQuery, StepsQuery } from '@frictionlens/contracts';
import { dayTime, daysBetween, MAX_PERIOD_STARTS, periodStarts, type PeriodInterval } from '@frictionlens/domain';
import { ContactsRequest } from '../contacts/contact-drill-down.schemas.js';
import { filterOf, previousPeriod } from './metrics.service.js';
import { spikeHistoryFrom } from './spikes.service.js';

// Property tests of issue #16: for any query string a caller can send, either the schema refuses
// it (a 400) or every period the services then work out is a real date PostgreSQL reads, at most
// MAX_METRICS_DAYS long, and every list of periods built from it is bounded.

const day = (time: number) => new Date(time).toISOString().slice(0, 10);
const tomorrow = () => day(Date.now() + 86_400_000);

/** Dates as a caller might write them: real ones across and beyond the accepted range, impossible ones, and not dates at all. */
const dateText = fc.oneof(
  { weight: 4, arbitrary: fc.date({ min: new Date('1890-01-01T00:00:00Z'), max: new Date('3010-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 2, arbitrary: fc.date({ min: new Date(Date.UTC(new Date().getUTCFullYear() - 4, 0, 1)), max: new Date(Date.UTC(new Date().getUTCFullYear() + 4, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: fc.constantFrom('9999-12-31', '9999-12-01', '9990-01-01', '0001-01-01', '0001-12-31', '2999-12-31', '3000-01-01', '1900-01-01', '1899-12-31', '2026-02-30', '+010000-01-03', '') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

const key = fc.constantFrom('card-delivery', 'billing', 'card_arrival', 'repeat', 'a,b', ' ', 'x'.repeat(101));

/** A query string's parameters, each there or not. */
const query = fc.record(
  {
    from: dateText,
    to: dateText,
    interval: fc.constantFrom('day', 'week', 'month', 'year', ''),
    groupBy: fc.constantFrom('step', 'category', 'nope'),
    by: fc.constantFrom('step', 'category', 'failureType', 'channel'),
    baselinePeriods: fc.integer({ min: -1, max: 60 }).map(String),
    alpha: fc.constantFrom('0.001', '0.05', '0.5'),
    format: fc.constantFrom('json', 'csv', 'xml'),
    step: key,
    category: key,
    limit: fc.constantFrom('1', '50', '200', '201'),
  },
  { requiredKeys: [] },
);

interface Period {
  from: string;
  to: string;
}

/** What every service does with an accepted query's period, checked for bounds. */
function expectBoundedPeriods(parsed: { from?: string; to?: string }, intervals: PeriodInterval[], baselinePeriods?: number): void {
  const filter: Period = filterOf(parsed);
  for (const d of [filter.from, filter.to]) expect(() => dayTime(d)).not.toThrow();
  expect(daysBetween(filter.from, filter.to)).toBeLessThanOrEqual(MAX_METRICS_DAYS);
  if (parsed.from !== undefined) expect(dayTime(parsed.from)).toBeGreaterThanOrEqual(dayTime(METRICS_FIRST_DAY));
  expect(dayTime(filter.to)).toBeLessThanOrEqual(Math.max(dayTime(METRICS_LAST_DAY), dayTime(tomorrow())));
  for (const interval of intervals) {
    expect(periodStarts(filter.from, filter.to, interval).length).toBeLessThanOrEqual(MAX_METRICS_DAYS + 1);
    if (baselinePeriods !== undefined && interval !== 'month') {
      expect(periodStarts(spikeHistoryFrom(filter.from, interval, baselinePeriods), filter.to, interval).length).toBeLessThanOrEqual(MAX_PERIOD_STARTS);
    }
  }
  const previous = previousPeriod(filter);
  for (const d of [previous.from, previous.to]) expect(dayTime(d)).toBeGreaterThan(dayTime('1000-01-01'));
}

const schemas: Array<[string, z.ZodType, (parsed: Record<string, unknown>) => void]> = [
  ['FailureDemandQuery', FailureDemandQuery, (p) => expectBoundedPeriods(p, [p.interval as PeriodInterval])],
  ['StepsQuery', StepsQuery, (p) => expectBoundedPeriods(p, [])],
  ['ParetoQuery', ParetoQuery, (p) => expectBoundedPeriods(p, [])],
  ['SpikesQuery', SpikesQuery, (p) => expectBoundedPeriods(p, [p.interval as PeriodInterval], p.baselinePeriods as number)],
  ['CostQuery', CostQuery, (p) => expectBoundedPeriods(p, [])],
  ['ContactsRequest', ContactsRequest, (p) => expectBoundedPeriods(p, [])],
];

describe('metrics query schemas', () => {
  it.each(schemas)('%s refuses a query, or accepts one whose periods are all bounded', (_, schema, expectBounded) => {
    let accepted = 0;
    fc.assert(
      fc.property(query, (q) => {
        const result = schema.safeParse(q);
        if (!result.success) return;
        accepted++;
        expectBounded(result.data as Record<string, unknown>);
        // Every list of periods the API may build, whatever interval it is read with.
        expectBoundedPeriods(result.data as Period, ['day', 'week', 'month']);
      }),
      { numRuns: 1_000 },
    );
    expect(accepted).toBeGreaterThan(0); // the property was checked on accepted queries too
  });

  it.each(schemas)('%s refuses a from outside 1900-01-01..2999-12-31, naming it', (_, schema) => {
    fc.assert(
      fc.property(fc.oneof(fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('1899-12-31T00:00:00Z'), noInvalidDate: true }), fc.date({ min: new Date('3000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })), (date) => {
        const from = date.toISOString().slice(0, 10);
        const result = schema.safeParse({ from, to: '9999-12-31' });
        expect(result.success).toBe(false);
        expect(result.error!.issues).toContainEqual(expect.objectContaining({ path: ['from'], message: `must be a date from 1900-01-01 to 2999-12-31, not ${from}` }));
      }),
      { numRuns: 200 },
    );
  });

  it('reads a to after 2999-12-31 as no end date: up to and including today', () => {
    expect(FailureDemandQuery.parse({ to: '9999-12-31' })).toMatchObject({ to: tomorrow(), interval: 'week' });
    expect(FailureDemandQuery.parse({ to: '3000-01-01' }).to).toBe(tomorrow());
    expect(FailureDemandQuery.parse({ to: METRICS_LAST_DAY }).to).toBe(METRICS_LAST_DAY);
    const from = day(Date.now() - 30 * 86_400_000);
    expect(StepsQuery.parse({ from, to: '9999-12-31' })).toMatchObject({ from, to: tomorrow() });
    expect(filterOf(StepsQuery.parse({ to: '9999-12-31' }))).toMatchObject({ from: day(Date.now() - 83 * 86_400_000), to: tomorrow() });
  });

  it('says why a period is refused, in the field to fix', () => {
    const problems = (input: Record<string, string>) => FailureDemandQuery.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(problems({ from: '2020-01-01', to: '9999-12-31' })).toEqual([`to: must be at most 1100 days after from (a to after 2999-12-31 means today included: ${tomorrow()})`]);
    expect(problems({ from: day(Date.now() + 5 * 86_400_000), to: '9999-12-31' })![0]).toMatch(/^to: must be after from \(a to after 2999-12-31 means today included/);
    expect(problems({ from: '1900-01-01' })![0]).toMatch(/^from: must be at most 1100 days before to \(to defaults to this week's Monday, \d{4}-\d{2}-\d{2}\)$/);
    expect(problems({ from: '2026-05-04', to: '2026-05-04' })).toEqual(['to: must be after from']);
    expect(problems({ from: '2026-01-01', to: '2029-01-06' })).toEqual(['to: must be at most 1100 days after from']);
    expect(problems({ from: '2026-01-01', to: '2029-01-05' })).toBeUndefined();
    expect(problems({ to: '1899-12-31' })).toEqual(['to: must be a date from 1900-01-01 to 2999-12-31 (or after 2999-12-31 for no end date), not 1899-12-31']);
  });

  it('ImpactQuery takes 1 to 52 weeks and nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -100, max: 100 }).map(String), fc.string({ maxLength: 6 })), (weeks) => {
        const result = ImpactQuery.safeParse({ weeks });
        if (result.success) expect(result.data.weeks >= 1 && result.data.weeks <= 52 && Number.isInteger(result.data.weeks)).toBe(true);
      }),
    );
  });
});
