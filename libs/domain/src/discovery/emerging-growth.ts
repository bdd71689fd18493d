import { poissonUpperTail } from '../failure-demand/poisson.js';
import { findSpikes } from '../failure-demand/spikes.js';

/** The periods an emerging theme's members are counted in: the recent one and its baseline before it. */
export interface GrowthWindow {
  /** The end of the recent period (exclusive; later contacts count as recent): when the run was scheduled. */
  end: Date;
  /** Days in each period (default 7): the recent period, and each baseline period. */
  periodDays?: number;
  /** Periods before the recent one that make its baseline (default 4). */
  baselinePeriods?: number;
}

/** How a theme is judged to grow: the spike test of `findSpikes`, and a floor on the recent count. */
export interface GrowthOptions {
  /** The spike test's tail probability (default 0.001, as for category spikes). */
  alpha?: number;
  /** The smallest baseline tested against, so a theme new this week needs more than a couple of contacts (default 1). */
  minBaseline?: number;
  /** The fewest contacts in the recent period for a theme to be raised at all (default 5). */
  minRecent?: number;
}

/** A theme's recent count against its own baseline, with the verdict and the reason in words. */
export interface ThemeGrowth {
  emerging: boolean;
  /** Members in the recent period. */
  recentCount: number;
  /** Members in each baseline period, oldest first. */
  baselineCounts: number[];
  /** Mean members per period over the baseline periods. */
  baselineRate: number;
  /** recentCount / baselineRate; null when the baseline is empty (a theme new in the recent period). */
  ratio: number | null;
  /** (recent − baseline) / √max(baseline, minBaseline): Poisson standard deviations above the baseline. */
  zScore: number;
  /** P(X ≥ recent) for X ~ Poisson(max(baseline, minBaseline)); 1 when the recent count is not above the baseline. */
  pValue: number;
  periodDays: number;
  /** The recent period: [from, to) as ISO timestamps. */
  recentFrom: string;
  recentTo: string;
  words: string;
}

const DAY_MS = 86_400_000;

/**
 * Whether a theme of an emerging run grows against its own baseline. The run clusters the
 * low-confidence contacts of the recent period and of the baseline periods before it, so a
 * theme's members are its own history: its members in the recent period are tested against the
 * mean of its members per baseline period with the Poisson spike test of `findSpikes` (the same
 * test, alpha and floor as category spikes). Emerging when that is a spike and at least
 * `minRecent` members are recent. Members older than the baseline are not counted; members after
 * `end` count as recent.
 */
export function themeGrowth(occurredAt: readonly Date[], window: GrowthWindow, options: GrowthOptions = {}): ThemeGrowth {
  const periodDays = window.periodDays ?? 7;
  const baselinePeriods = window.baselinePeriods ?? 4;
  const { alpha = 0.001, minBaseline = 1, minRecent = 5 } = options;
  if (!Number.isInteger(periodDays) || periodDays < 1) throw new RangeError(`periodDays must be a whole number ≥ 1, got ${periodDays}`);
  if (!Number.isInteger(baselinePeriods) || baselinePeriods < 1) throw new RangeError(`baselinePeriods must be a whole number ≥ 1, got ${baselinePeriods}`);
  const periodMs = periodDays * DAY_MS;
  const end = window.end.getTime();
  // counts[0] is the oldest baseline period, counts[baselinePeriods] the recent one.
  const counts = new Array<number>(baselinePeriods + 1).fill(0);
  for (const date of occurredAt) {
    const back = Math.max(0, Math.floor((end - 1 - date.getTime()) / periodMs));
    if (back <= baselinePeriods) counts[baselinePeriods - back]! += 1;
  }
  const recentFrom = new Date(end - periodMs);
  const periods = counts.map((count, i) => ({ start: new Date(end - (baselinePeriods + 1 - i) * periodMs).toISOString(), count }));
  const [spike] = findSpikes([{ key: 'theme', periods }], { baselinePeriods, minBaseline, alpha });
  const recentCount = counts[baselinePeriods]!;
  const baselineCounts = counts.slice(0, baselinePeriods);
  const baselineRate = baselineCounts.reduce((sum, n) => sum + n, 0) / baselinePeriods;
  const expected = Math.max(baselineRate, minBaseline);
  const pValue = recentCount > baselineRate ? poissonUpperTail(recentCount, expected) : 1;
  const zScore = (recentCount - baselineRate) / Math.sqrt(expected);
  const ratio = baselineRate > 0 ? recentCount / baselineRate : null;
  const emerging = spike !== undefined && recentCount >= minRecent;
  const figures = { recentCount, baselineRate, ratio, pValue, periodDays, baselinePeriods };
  return {
    emerging,
    recentCount,
    baselineCounts,
    baselineRate,
    ratio,
    zScore,
    pValue,
    periodDays,
    recentFrom: recentFrom.toISOString(),
    recentTo: window.end.toISOString(),
    words: growthInWords(figures, emerging, minRecent),
  };
}

/** "34 contacts in the last 7 days against 1.5 per 7 days in the 4 periods before: 23× its usual (p < 0.001)". */
function growthInWords(
  g: { recentCount: number; baselineRate: number; ratio: number | null; pValue: number; periodDays: number; baselinePeriods: number },
  emerging: boolean,
  minRecent: number,
): string {
  const recent = `${g.recentCount} ${g.recentCount === 1 ? 'contact' : 'contacts'} in the last ${g.periodDays} days`;
  const before = `the ${g.baselinePeriods * g.periodDays} days before`;
  const usual = g.ratio === null ? `against none in ${before}: new` : `against ${round(g.baselineRate, 1)} per ${g.periodDays} days in ${before}: ${round(g.ratio, 1)}× its usual`;
  const p = g.pValue < 0.001 ? 'p < 0.001' : `p = ${round(g.pValue, 3)}`;
  const verdict = emerging ? 'growing' : g.recentCount < minRecent ? `not raised: fewer than ${minRecent} recent contacts` : 'not raised: within its usual variation';
  return `${recent} ${usual} (${p}); ${verdict}`;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
