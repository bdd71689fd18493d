import { assertCount } from './guards.js';
import { poissonUpperTail } from './poisson.js';

/** One period's count, the period named by its start (an ISO date, say). */
export interface PeriodCount {
  start: string;
  count: number;
}

/** A dense run of periods for one key (a category, a step), oldest first, with no gaps. */
export interface CountSeries<K extends string = string> {
  key: K;
  periods: PeriodCount[];
}

/** How `findSpikes` judges a period. */
export interface SpikeOptions {
  /** How many preceding periods make the baseline. Default 8. */
  baselinePeriods?: number;
  /** The smallest mean to test against, so a quiet history does not turn 2 contacts into a spike. Default 1. */
  minBaseline?: number;
  /** The tail probability below which a count is a spike. Default 0.001. */
  alpha?: number;
}

/** A period with far more contacts than its recent history. */
export interface Spike<K extends string = string> {
  key: K;
  start: string;
  count: number;
  /** The mean count of the preceding `baselinePeriods` periods. */
  baseline: number;
  /** (count − baseline) / √max(baseline, minBaseline): Poisson standard deviations above the baseline. */
  zScore: number;
  /** P(X ≥ count) for X ~ Poisson(max(baseline, minBaseline)), the count rounded down. */
  pValue: number;
}

/**
 * Finds periods whose count is far above the mean of the periods just before them. Each period
 * after the first `baselinePeriods` is tested: a spike when count > baseline and
 * P(X ≥ count) < alpha for X ~ Poisson(max(baseline, minBaseline)). The small default alpha keeps
 * false alarms rare when many keys and periods are scanned at once.
 *
 * Each series must be dense and in time order: a missing period must be present with a count of 0
 * (see `denseSeries`), since the baseline is the mean of the previous `baselinePeriods` entries,
 * whatever their starts. A spike stays in the baseline of the periods after it, so a lasting rise
 * is flagged in its first periods and then becomes the new normal.
 *
 * Returns the spikes of all series, most surprising (smallest pValue) first, then by key and start.
 * Throws a RangeError for a negative or non-finite count, a `baselinePeriods` that is not a whole
 * number ≥ 1, a `minBaseline` that is not > 0, or an `alpha` outside (0, 1].
 */
export function findSpikes<K extends string>(series: readonly CountSeries<K>[], options: SpikeOptions = {}): Spike<K>[] {
  const { baselinePeriods = 8, minBaseline = 1, alpha = 0.001 } = options;
  if (!Number.isInteger(baselinePeriods) || baselinePeriods < 1) throw new RangeError(`baselinePeriods must be a whole number ≥ 1, got ${baselinePeriods}`);
  if (!(minBaseline > 0) || minBaseline === Infinity) throw new RangeError(`minBaseline must be a finite number > 0, got ${minBaseline}`);
  if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`alpha must lie in (0, 1], got ${alpha}`);
  const spikes: Spike<K>[] = [];
  for (const { key, periods } of series) {
    periods.forEach(({ start, count }) => assertCount(`count of ${key} at ${start}`, count));
    for (let i = baselinePeriods; i < periods.length; i++) {
      const { start, count } = periods[i]!;
      const window = periods.slice(i - baselinePeriods, i);
      const baseline = window.reduce((sum, period) => sum + period.count, 0) / baselinePeriods;
      if (!(count > baseline)) continue;
      const expected = Math.max(baseline, minBaseline);
      const pValue = poissonUpperTail(count, expected);
      if (pValue < alpha) spikes.push({ key, start, count, baseline, zScore: (count - baseline) / Math.sqrt(expected), pValue });
    }
  }
  return spikes.sort((a, b) => a.pValue - b.pValue || compare(a.key, b.key) || compare(a.start, b.start));
}

/**
 * Turns sparse rows (only periods with contacts, as a GROUP BY returns them) into dense series for
 * `findSpikes`: one series per key, in order of first appearance, with a count for every start in
 * `periodStarts` (in that order), 0 where there was no row. Rows for the same key and start are
 * summed; rows whose start is not in `periodStarts` are left out.
 */
export function denseSeries<K extends string>(
  rows: readonly { key: K; start: string; count: number }[],
  periodStarts: readonly string[],
): CountSeries<K>[] {
  const index = new Map(periodStarts.map((start, i) => [start, i]));
  const countsByKey = new Map<K, number[]>();
  for (const { key, start, count } of rows) {
    assertCount(`count of ${key} at ${start}`, count);
    const counts = countsByKey.get(key) ?? periodStarts.map(() => 0);
    countsByKey.set(key, counts);
    const i = index.get(start);
    if (i !== undefined) counts[i]! += count;
  }
  return [...countsByKey].map(([key, counts]) => ({ key, periods: periodStarts.map((start, i) => ({ start, count: counts[i]! })) }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
