import { UNCLASSIFIED_CATEGORY } from '@frictionlens/contracts';
import { NOT_FOR_HERE_FAILURE_TYPE } from '../studies/study-failure-types.js';

// What one contact counts as in every metric, stated for a whole contact history in plain
// TypeScript. The metrics count it in SQL (libs/persistence/src/counting/); a property test on
// real PostgreSQL (test/integration/counting.int-spec.ts) checks that both say the same for
// random histories. Change the rule here and there together.

/** What a contact counts as: failure demand, value demand, or neither yet. */
export type CountedDemandType = 'failure' | 'value' | 'unclassified';

/** The failure type of a repeat contact (see `isRepeat`). */
export const REPEAT_FAILURE_TYPE = 'repeat';
/** The failure type a contact carries itself rather than through its category; '' for none. */
export type ContactFailureType = typeof NOT_FOR_HERE_FAILURE_TYPE | typeof REPEAT_FAILURE_TYPE | '';

/** One stored contact, with what the model and a reviewer said of it. */
export interface ContactRecord {
  /** Contact ids order contacts of the same instant. */
  id: bigint;
  /** The keyed hash of the customer id; null when the contact named no customer. */
  customerHash: string | null;
  /** Milliseconds since the epoch (UTC). */
  occurredAt: number;
  /** The current classification; null when no model has classified it yet. */
  classification: { category: string; demandType: 'failure' | 'value' | null } | null;
  /**
   * A reviewer's label; null when there is none. `demandType` is the category's in the label's
   * own taxonomy version (null when that version has no such category or gives it none).
   */
  label: { category: string; demandType: 'failure' | 'value' | null; notForHere: boolean } | null;
}

/** What the rule needs beyond the contacts: the repeat window and the value-stream map's links. */
export interface CountingRules {
  /** Days of the repeat window; a day is 24 hours (the database counts in UTC). */
  repeatWindowDays: number;
  /** The steps a category is linked to (any weight); none for a category linked nowhere. */
  stepsOf(category: string): readonly string[];
}

export interface CountedContact {
  /** Counted at all: classified or labelled. A contact with neither counts nowhere yet. */
  counted: boolean;
  /** The reviewer's category if labelled, else the model's; null when not counted. */
  category: string | null;
  demandType: CountedDemandType;
  notForHere: boolean;
  /** A repeat contact, in the metrics' sense (`isRepeat`), whether or not it is also not for here. */
  repeat: boolean;
  /** Not for here outranks repeat: a contact carries one failure type of its own at most. */
  contactFailureType: ContactFailureType;
}

const DAY_MS = 86_400_000;

/** A reviewer's label beats the model: its category and, in the label's taxonomy version, its demand type. */
export function effectiveCategory(contact: ContactRecord): string | null {
  return contact.label?.category ?? contact.classification?.category ?? null;
}

/** Not for here makes any contact failure demand; a label's category otherwise decides, else the model's. */
export function effectiveDemandType(contact: ContactRecord): CountedDemandType {
  if (contact.label?.notForHere) return 'failure';
  if (contact.label) return contact.label.demandType ?? 'unclassified';
  return contact.classification?.demandType ?? 'unclassified';
}

export function isCounted(contact: ContactRecord): boolean {
  return contact.classification !== null || contact.label !== null;
}

/**
 * Two counted contacts are about the same thing when they share their category, or their
 * categories share a linked step.
 */
function related(a: string, b: string, rules: CountingRules): boolean {
  if (a === b) return true;
  const steps = new Set(rules.stepsOf(a));
  return rules.stepsOf(b).some((step) => steps.has(step));
}

/** Earlier in the history's order: by time, then by id at the same instant. */
function before(earlier: ContactRecord, later: ContactRecord): boolean {
  return earlier.occurredAt < later.occurredAt || (earlier.occurredAt === later.occurredAt && earlier.id < later.id);
}

/**
 * The metrics' repeat: the same customer got in touch within the repeat window before this
 * contact (the window's start included; at the same instant, a lower id is earlier) about the
 * same category or a category sharing a linked step. Only counted contacts on both sides; a
 * contact without a customer, or whose category is `unclassified`, is never a repeat.
 */
export function isRepeat(contact: ContactRecord, history: readonly ContactRecord[], rules: CountingRules): boolean {
  const category = effectiveCategory(contact);
  if (contact.customerHash === null || category === null || category === UNCLASSIFIED_CATEGORY) return false;
  const windowStart = contact.occurredAt - rules.repeatWindowDays * DAY_MS;
  return history.some((earlier) => {
    const earlierCategory = effectiveCategory(earlier);
    return (
      earlier.customerHash === contact.customerHash &&
      earlierCategory !== null &&
      earlier.occurredAt >= windowStart &&
      before(earlier, contact) &&
      related(category, earlierCategory, rules)
    );
  });
}

/**
 * The classifier's cue, which is not a repeat: the same customer got in touch at all within the
 * repeat window before this contact (or at the same instant), whatever about and whether counted
 * or not. The classifier asks before it knows the contact's category, so it cannot ask for more.
 */
export function isReturningCustomer(contact: ContactRecord, history: readonly ContactRecord[], windowDays: number): boolean {
  if (contact.customerHash === null) return false;
  const windowStart = contact.occurredAt - windowDays * DAY_MS;
  return history.some((other) => other.id !== contact.id && other.customerHash === contact.customerHash && other.occurredAt <= contact.occurredAt && other.occurredAt >= windowStart);
}

/** What one contact of the history counts as. */
export function countedContact(contact: ContactRecord, history: readonly ContactRecord[], rules: CountingRules): CountedContact {
  if (!isCounted(contact)) return { counted: false, category: null, demandType: 'unclassified', notForHere: false, repeat: false, contactFailureType: '' };
  const notForHere = contact.label?.notForHere ?? false;
  const repeat = isRepeat(contact, history, rules);
  return {
    counted: true,
    category: effectiveCategory(contact),
    demandType: effectiveDemandType(contact),
    notForHere,
    repeat,
    contactFailureType: notForHere ? NOT_FOR_HERE_FAILURE_TYPE : repeat ? REPEAT_FAILURE_TYPE : '',
  };
}

/**
 * A contact's failure type as the metrics group it: its own (not for here, repeat), else its
 * category's in the current taxonomy version; failure demand only, null otherwise.
 */
export function countedFailureType(counted: CountedContact, categoryFailureType: string | null): string | null {
  if (counted.demandType !== 'failure') return null;
  return counted.contactFailureType || categoryFailureType;
}
