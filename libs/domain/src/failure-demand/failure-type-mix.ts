import { assertCount } from './guards.js';
import { wilsonInterval } from './wilson.js';

/** Failure contacts of one failure type (null: a category without one, or no category yet). */
export interface FailureTypeCount {
  failureType: string | null;
  failureContacts: number;
}

/** One failure type's part of a step's (or any slice's) failure demand, with its 95% Wilson interval. */
export interface FailureTypeShare extends FailureTypeCount {
  /** failureContacts / all failure contacts of the slice. */
  share: number;
  shareLow: number;
  shareHigh: number;
}

/**
 * The mix of failure types in some failure demand: each type's share of it, largest first (ties
 * by key, "no type" last), with Wilson intervals. Counts of the same type are added; types with no
 * contacts are left out. Counts may be fractional (a category split across steps). Throws a
 * RangeError for a negative or non-finite count.
 *
 * @example failureTypeMix([{ failureType: 'done-wrong', failureContacts: 30 }, { failureType: null, failureContacts: 70 }])
 *   // [{ failureType: null, failureContacts: 70, share: 0.7, … }, { failureType: 'done-wrong', failureContacts: 30, share: 0.3, shareLow: 0.219, shareHigh: 0.396 }]
 */
export function failureTypeMix(counts: readonly FailureTypeCount[], confidence = 0.95): FailureTypeShare[] {
  const byType = new Map<string | null, number>();
  for (const { failureType, failureContacts } of counts) {
    assertCount('failureContacts', failureContacts);
    byType.set(failureType, (byType.get(failureType) ?? 0) + failureContacts);
  }
  const total = [...byType.values()].reduce((sum, n) => sum + n, 0);
  return [...byType]
    .filter(([, n]) => n > 0)
    .sort(([a, n], [b, m]) => m - n || (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([failureType, failureContacts]) => {
      const interval = wilsonInterval(Math.min(failureContacts, total), total, confidence);
      return { failureType, failureContacts, share: Math.min(1, failureContacts / total), shareLow: interval.low, shareHigh: interval.high };
    });
}

/** The share from which one failure type is "mostly" what a step's failure demand is. */
export const MOSTLY_SHARE = 0.4;

// What each telling kind of failure points a process owner at (Vanguard: failure demand is a
// symptom; its kind says where in the work the cause is).
const WHERE_TO_LOOK: Readonly<Record<string, string>> = {
  'progress-chasing': "look at the step's lead time",
  'done-wrong': "look at the step's %C&A",
  'not-understood': 'look at how the organisation communicates',
};

/**
 * Where to look first, from a mix of failure types: when one type is the largest on its own and
 * makes at least 40% of the failure demand, and it is progress chasing, done wrong or not
 * understood, the place its kind of failure points at; otherwise null (no type dominates, or
 * the dominant type says nothing about where: not done, did not work, no type).
 */
export function failureTypeHint(mix: readonly Pick<FailureTypeShare, 'failureType' | 'share'>[]): string | null {
  const [first, second] = [...mix].sort((a, b) => b.share - a.share);
  if (!first || first.failureType === null || first.share < MOSTLY_SHARE) return null;
  if (second && second.share === first.share) return null;
  return WHERE_TO_LOOK[first.failureType] ?? null;
}
