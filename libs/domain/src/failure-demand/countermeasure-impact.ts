import { describeImpact } from './impact-summary.js';
import { rateRatio, type RateRatio } from './rate-ratio.js';
import { windowRates, type ImpactWindow, type WindowRates } from './window-rates.js';

/** What the interval says happened. */
export type ImpactVerdict = 'reduced' | 'increased' | 'no clear change' | 'too little data';

/** Whether the verdict compares failure contacts per 1000 units handled or per week. */
export type ImpactBasis = 'units' | 'weeks';

/** Before and after a countermeasure, the after/before ratio, a verdict and a sentence saying it. */
export interface CountermeasureImpact {
  before: WindowRates;
  after: WindowRates;
  basis: ImpactBasis;
  /** The after/before ratio on `basis`; below 1 means less failure demand. */
  rateRatio: number | null;
  rateRatioLow: number | null;
  rateRatioHigh: number | null;
  /** Both ratios, where they exist: per week always (given weeks), per 1000 units when both windows have units. */
  rateRatioPerWeek: RateRatio | null;
  rateRatioPer1000Units: RateRatio | null;
  verdict: ImpactVerdict;
  summary: string;
}

/** How to word and judge the comparison. */
export interface ImpactOptions {
  /** The subject of the summary sentence, as it should start it. Defaults to 'Failure demand'. */
  label?: string;
  confidence?: number;
}

/** Below this many contacts in both windows, a verdict would be noise. */
const MIN_COUNT = 10;

/**
 * Did a countermeasure change failure demand? Compares the window after it started with the one
 * before, using `rateRatio`, and judges from the interval, not the estimate: 'reduced' when the
 * whole interval lies below 1, 'increased' when it lies above 1, otherwise 'no clear change'.
 * 'too little data' when both windows have fewer than 10 contacts or either has no weeks.
 *
 * The ratio per 1000 units handled is preferred when both windows have units (`basis: 'units'`),
 * because it corrects for a change in volume: fewer contacts in a quieter month is not an
 * improvement. Otherwise it is per week (`basis: 'weeks'`). `summary` says it in a sentence, with
 * whole percentages (the only rounding done here), e.g. "Failure demand at card delivery fell by
 * 38% (95% CI 21–51%) in the 8 weeks after the start."
 *
 * Throws a RangeError for negative or non-finite counts, weeks or units.
 */
export function countermeasureImpact(
  windows: { before: ImpactWindow; after: ImpactWindow },
  { label = 'Failure demand', confidence = 0.95 }: ImpactOptions = {},
): CountermeasureImpact {
  const before = windowRates(windows.before, confidence);
  const after = windowRates(windows.after, confidence);
  const rateRatioPerWeek = before.weeks > 0 && after.weeks > 0
    ? rateRatio({ countBefore: before.count, exposureBefore: before.weeks, countAfter: after.count, exposureAfter: after.weeks }, confidence)
    : null;
  const rateRatioPer1000Units = before.units && after.units
    ? rateRatio({ countBefore: before.count, exposureBefore: before.units, countAfter: after.count, exposureAfter: after.units }, confidence)
    : null;
  const basis: ImpactBasis = rateRatioPer1000Units ? 'units' : 'weeks';
  const chosen = rateRatioPer1000Units ?? rateRatioPerWeek;
  const verdict = judge(before, after, chosen);
  return {
    before,
    after,
    basis,
    rateRatio: chosen?.ratio ?? null,
    rateRatioLow: chosen?.low ?? null,
    rateRatioHigh: chosen?.high ?? null,
    rateRatioPerWeek,
    rateRatioPer1000Units,
    verdict,
    summary: describeImpact({ label, confidence, verdict, basis, ratio: chosen, before, after }),
  };
}

function judge(before: WindowRates, after: WindowRates, ratio: RateRatio | null): ImpactVerdict {
  if (!ratio || before.weeks === 0 || after.weeks === 0) return 'too little data';
  if (before.count < MIN_COUNT && after.count < MIN_COUNT) return 'too little data';
  if (ratio.high < 1) return 'reduced';
  if (ratio.low > 1) return 'increased';
  return 'no clear change';
}
