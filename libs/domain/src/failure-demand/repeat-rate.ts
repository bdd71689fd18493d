import { assertAtMost, assertCount } from './guards.js';
import { wilsonInterval } from './wilson.js';

/** How many of a group's contacts were repeats, with the share's interval. */
export interface RepeatRate {
  repeatContacts: number;
  /** repeatContacts / contacts; null when there were no contacts. */
  repeatRate: number | null;
  /** Wilson interval of the rate; 0–1 when there were no contacts. */
  repeatRateLow: number;
  repeatRateHigh: number;
}

/**
 * The share of contacts that were repeats: the same customer got in touch again, within the
 * repeat window, about the same category or step. Each repeat is a sign the first contact did
 * not resolve the matter, so a step's repeat rate measures how well its failures get fixed the
 * first time. Only contacts with a known customer can be repeats: where few carry a customer
 * id the rate understates.
 *
 * Counts may be fractional (a contact split across steps). Throws a RangeError for negative or
 * non-finite counts, or more repeats than contacts.
 *
 * @example repeatRate(30, 100) // { repeatContacts: 30, repeatRate: 0.3, repeatRateLow: 0.219…, repeatRateHigh: 0.396… }
 */
export function repeatRate(repeats: number, contacts: number, confidence = 0.95): RepeatRate {
  assertCount('repeats', repeats);
  assertCount('contacts', contacts);
  assertAtMost('repeats', repeats, 'contacts', contacts);
  const { low, high } = wilsonInterval(repeats, contacts, confidence);
  return { repeatContacts: repeats, repeatRate: contacts === 0 ? null : repeats / contacts, repeatRateLow: low, repeatRateHigh: high };
}
