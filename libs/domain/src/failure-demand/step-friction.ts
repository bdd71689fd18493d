import { assertAtMost, assertCount } from './guards.js';
import { poissonInterval, ratePer1000 } from './poisson.js';
import { rateRatio } from './rate-ratio.js';
import { wilsonInterval } from './wilson.js';

/** One value-stream step's counts for a period, and what to compare them with. */
export interface StepFrictionInput {
  /** All contacts attributed to the step, of either kind. */
  contacts: number;
  failureContacts: number;
  /** Units of work the step handled; null when no volumes are recorded for it. */
  units: number | null;
  /** Failure contacts over all steps in the same period, for the step's share. */
  allFailureContacts: number;
  /** The step's failure contacts in the previous period of the same length. */
  previousFailureContacts: number;
}

/** How much failure demand one step causes, each figure with its interval. */
export interface StepFriction {
  contacts: number;
  failureContacts: number;
  /** The step's share of all failure demand (Wilson interval); null when there was none at all. */
  failureShare: number | null;
  failureShareLow: number;
  failureShareHigh: number;
  /** Failure contacts per 1000 units handled (Garwood interval); null without units. */
  frictionRatePer1000: number | null;
  frictionRatePer1000Low: number | null;
  frictionRatePer1000High: number | null;
  /** 1 − failure contacts per unit, at least 0; null without units. */
  observedCompleteAccurate: number | null;
  observedCompleteAccurateLow: number | null;
  observedCompleteAccurateHigh: number | null;
  /** (failure − previous) / previous; null when the previous period had none. */
  change: number | null;
  changeLow: number | null;
  changeHigh: number | null;
}

/**
 * The friction of one value-stream step: its share of all failure demand, its failure contacts
 * per 1000 units handled, an observed complete-and-accurate rate, and the change on the previous
 * period. Every figure comes with a confidence interval.
 *
 * - `observedCompleteAccurate` treats each failure contact as one unit not done right first time:
 *   a rough proxy, since one failure can cause several contacts. It stops at 0 when contacts
 *   outnumber units, and its interval is taken from the rate's interval.
 * - Units of 0 count as no volumes: a rate per unit needs units.
 * - `change` compares raw counts, so it assumes periods of equal length and does not correct for
 *   a change in volume; its interval comes from `rateRatio` (0.5 continuity correction when the
 *   step has no failure contacts now).
 *
 * Throws a RangeError for negative or non-finite counts, or a step with more failure contacts
 * than contacts or than all failure contacts.
 */
export function stepFriction(step: StepFrictionInput, confidence = 0.95): StepFriction {
  const { contacts, failureContacts, units, allFailureContacts, previousFailureContacts } = step;
  for (const [name, value] of Object.entries({ contacts, failureContacts, allFailureContacts, previousFailureContacts })) {
    assertCount(name, value);
  }
  if (units !== null) assertCount('units', units);
  assertAtMost('failureContacts', failureContacts, 'contacts', contacts);
  assertAtMost('failureContacts', failureContacts, 'allFailureContacts', allFailureContacts);
  const share = wilsonInterval(failureContacts, allFailureContacts, confidence);
  return {
    contacts,
    failureContacts,
    failureShare: allFailureContacts === 0 ? null : Math.min(1, failureContacts / allFailureContacts),
    failureShareLow: share.low,
    failureShareHigh: share.high,
    ...perUnit(failureContacts, units, confidence),
    ...changeOn(previousFailureContacts, failureContacts, confidence),
  };
}

type PerUnit = Pick<StepFriction, 'frictionRatePer1000' | 'frictionRatePer1000Low' | 'frictionRatePer1000High'
  | 'observedCompleteAccurate' | 'observedCompleteAccurateLow' | 'observedCompleteAccurateHigh'>;

function perUnit(failureContacts: number, units: number | null, confidence: number): PerUnit {
  if (units === null || units === 0) {
    return {
      frictionRatePer1000: null, frictionRatePer1000Low: null, frictionRatePer1000High: null,
      observedCompleteAccurate: null, observedCompleteAccurateLow: null, observedCompleteAccurateHigh: null,
    };
  }
  const rate = ratePer1000(failureContacts, units, confidence);
  const count = poissonInterval(failureContacts, confidence);
  // A higher failure rate means a lower complete-and-accurate rate, so the bounds swap. Taken from
  // the counts, not the rates per 1000, so that no failures is exactly 1 and as many failures as
  // units exactly 0 (1 − 999.9999999999999 / 1000 left 1.1e-16).
  const completeAccurate = (failures: number): number => Math.max(0, 1 - failures / units);
  return {
    frictionRatePer1000: rate.rate,
    frictionRatePer1000Low: rate.low,
    frictionRatePer1000High: rate.high,
    observedCompleteAccurate: completeAccurate(failureContacts),
    observedCompleteAccurateLow: completeAccurate(count.high),
    observedCompleteAccurateHigh: completeAccurate(count.low),
  };
}

function changeOn(previous: number, current: number, confidence: number): Pick<StepFriction, 'change' | 'changeLow' | 'changeHigh'> {
  if (previous === 0) return { change: null, changeLow: null, changeHigh: null };
  const ratio = rateRatio({ countBefore: previous, exposureBefore: 1, countAfter: current, exposureAfter: 1 }, confidence);
  return { change: (current - previous) / previous, changeLow: ratio.low - 1, changeHigh: ratio.high - 1 };
}
