/** A figure and its 95% interval, as the metrics API gives them. */
export interface FigureWithInterval {
  value: number | null;
  low: number | null;
  high: number | null;
}

/** A share whose interval is wider than this (20 percentage points) cannot tell a small problem from a large one. */
export const TOO_WIDE_SHARE = 0.2;
/** A figure whose interval reaches further than this fraction of it either side (±50%) rests on too few contacts. */
export const TOO_WIDE_RELATIVE = 0.5;

/**
 * Whether a figure is too uncertain to act on: no figure at all, an interval more than ±50% of
 * the figure, or, for a share (0–1), an interval wider than 20 points (a share of 0 is judged by
 * that width alone; a rate of 0 with any interval is too uncertain, as a rate has no such scale). The dashboard greys such
 * figures out, so that nobody starts work on a step because of five contacts; they stay readable,
 * as a question for a sample-and-listen study rather than an answer.
 *
 * @example tooUncertainToActOn({ value: 0.3, low: 0.219, high: 0.396 }, 'share') // false: 30 of 100
 * @example tooUncertainToActOn({ value: 0.4, low: 0.168, high: 0.687 }, 'share') // true: 4 of 10
 */
export function tooUncertainToActOn(figure: FigureWithInterval, kind: 'share' | 'rate'): boolean {
  const { value, low, high } = figure;
  if (value === null || low === null || high === null || !Number.isFinite(value)) return true;
  const width = high - low;
  if (kind === 'share' && width > TOO_WIDE_SHARE) return true;
  return value === 0 ? width > 0 && kind === 'rate' : width / 2 > TOO_WIDE_RELATIVE * Math.abs(value);
}
