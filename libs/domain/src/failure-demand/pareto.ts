import { assertCount } from './guards.js';

/** Something counted: a category, a step, a category at a step. */
export interface ParetoInput<K extends string = string> {
  key: K;
  count: number;
}

/** One bar of a Pareto chart. */
export interface ParetoItem<K extends string = string> extends ParetoInput<K> {
  /** count / total of all counts; 0 when the total is 0. */
  share: number;
  /** The share of this item and every item before it. */
  cumulativeShare: number;
  /** In the smallest prefix that reaches 80% of the total: the "vital few" to work on first. */
  vital: boolean;
}

// Shares are sums of floating-point fractions, so 0.8 may arrive as 0.7999999999999999.
const VITAL_SHARE = 0.8 - 1e-12;

/**
 * Orders counts for a Pareto chart: largest first, ties by key (code-unit order, so the result
 * is the same everywhere), each with its share and cumulative share of the total. The items that
 * together first reach 80% of the total are marked `vital`, the first of them always; when the
 * total is 0 none are. The input is left unchanged.
 *
 * Counts may be fractional. Throws a RangeError for a negative or non-finite count.
 *
 * @example pareto([{ key: 'b', count: 20 }, { key: 'a', count: 80 }])
 * // [{ key: 'a', count: 80, share: 0.8, cumulativeShare: 0.8, vital: true }, { key: 'b', …, vital: false }]
 */
export function pareto<K extends string>(items: readonly ParetoInput<K>[]): ParetoItem<K>[] {
  for (const item of items) assertCount(`count of ${item.key}`, item.count);
  const sorted = [...items].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  // Summed in sorted order, so the last running total equals it exactly and ends at a share of 1.
  const total = sorted.reduce((sum, item) => sum + item.count, 0);
  let running = 0;
  return sorted.map(({ key, count }) => {
    const reachedBefore = total > 0 && running / total >= VITAL_SHARE;
    running += count;
    return {
      key,
      count,
      share: total === 0 ? 0 : count / total,
      cumulativeShare: total === 0 ? 0 : running / total,
      vital: total > 0 && !reachedBefore,
    };
  });
}
