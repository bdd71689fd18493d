import { assertCount } from './guards.js';
import { wilsonInterval } from './wilson.js';

/** Contacts by kind of demand, as summed over a period (and perhaps a category or step). */
export interface DemandCounts {
  failure: number;
  value: number;
  /** Contacts not (yet) classified as either kind. */
  unclassified: number;
}

/** The share of classified demand that is failure demand, with its interval and the counts behind it. */
export interface FailureDemandRatio {
  contacts: number;
  failureContacts: number;
  valueContacts: number;
  unclassifiedContacts: number;
  /** failure / (failure + value); null when no contact was classified. */
  ratio: number | null;
  /** Wilson interval of the ratio; 0–1 when no contact was classified. */
  ratioLow: number;
  ratioHigh: number;
}

/**
 * The failure-demand ratio: of the contacts classified as failure or value demand, the share
 * that is failure demand, with its Wilson interval.
 *
 * Unclassified contacts are reported (in `contacts` and `unclassifiedContacts`) but counted as
 * neither kind: guessing would bias the ratio towards whichever kind the guess favoured. A high
 * unclassified share means the ratio speaks for fewer contacts than `contacts` suggests.
 *
 * Counts may be fractional. Throws a RangeError for negative or non-finite counts, or a confidence
 * outside (0, 1).
 *
 * @example failureDemandRatio({ failure: 460, value: 540, unclassified: 40 }) // ratio 0.46 (0.429–0.491)
 */
export function failureDemandRatio(counts: DemandCounts, confidence = 0.95): FailureDemandRatio {
  const { failure, value, unclassified } = counts;
  assertCount('failure', failure);
  assertCount('value', value);
  assertCount('unclassified', unclassified);
  const classified = failure + value;
  const { low, high } = wilsonInterval(failure, classified, confidence);
  return {
    contacts: classified + unclassified,
    failureContacts: failure,
    valueContacts: value,
    unclassifiedContacts: unclassified,
    ratio: classified === 0 ? null : failure / classified,
    ratioLow: low,
    ratioHigh: high,
  };
}
