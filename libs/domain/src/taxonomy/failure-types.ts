import type { FailureTypeV1 } from '@frictionlens/contracts';
import type { Category } from './category.js';
import { nameFromKey } from './name-from-key.js';
import type { TaxonomyProblem } from './taxonomy-problems.js';

/**
 * A kind of failure demand, as it stands in one taxonomy version: what tells a process owner
 * what kind of fix to look for (a long lead time, a step that does it wrong, unclear letters).
 */
export interface FailureType {
  /** Stable key, as categories name it in `failureType`. */
  key: string;
  name: string;
  description: string | null;
  /** What the taxonomy's source said beside the type (`usualFix`, …), written back on export. */
  attributes: Record<string, unknown>;
}

/**
 * The starter typology, as the demo scenario gives it (apps/all-in-one/demo, written for this
 * project after the kinds of failure demand the Vanguard method usually finds): the failure
 * types of a taxonomy imported without its own. Organisations refine it.
 */
export const STARTER_FAILURE_TYPES: readonly FailureType[] = [
  {
    key: 'progress-chasing',
    name: 'Progress chasing',
    description:
      "The customer asks where something in flight is, or when it will happen: the step's lead time is longer than they were led to expect, or they were not told.",
    attributes: { usualFix: "shorten or make visible the step's lead time; proactive status updates" },
  },
  {
    key: 'not-done',
    name: 'Not done',
    description:
      'Something that should have happened did not: money not credited, transfer not received, top-up failed.',
    attributes: { usualFix: 'find why the step drops work; completeness checks at the step' },
  },
  {
    key: 'done-wrong',
    name: 'Done wrong',
    description:
      "The step produced a wrong result the customer must get corrected: charged twice, wrong rate, wrong amount. The direct sign of a step's low %C&A.",
    attributes: { usualFix: 'error-proof the step; correct at source rather than downstream' },
  },
  {
    key: 'did-not-work',
    name: 'Did not work',
    description:
      'The product or journey failed at the point of use: card declined, contactless or virtual card not working, verification failing, PIN blocked.',
    attributes: { usualFix: 'reliability of the system or journey behind the step' },
  },
  {
    key: 'not-understood',
    name: 'Not understood',
    description:
      "Caused by the organisation's own communication or design: unexplained fees, unrecognised statement lines, a verification request with no reason given.",
    attributes: { usualFix: 'clearer communication and statements; design out the surprise' },
  },
  {
    key: 'not-for-here',
    name: 'Not for here',
    description:
      'Contact sent to the wrong place. Set by a reviewer on a contact, not by category.',
    attributes: { usualFix: 'routing and signposting' },
  },
  {
    key: 'repeat',
    name: 'Repeat of an unresolved contact',
    description:
      'The same customer contacts again within the repeat window about the same thing. Derived per contact from the hashed customer id and the window, not set by category.',
    attributes: { usualFix: 'resolve at first contact' },
  },
];

/** A failure type of a taxonomy document as stored: a name (from the key when absent), null for a missing description. */
export function failureTypeOf(type: FailureTypeV1): FailureType {
  return { key: type.key, name: type.name ?? nameFromKey(type.key), description: type.description ?? null, attributes: type.attributes };
}

/** A failure type as a taxonomy document writes it: the attributes beside the known fields. */
export function failureTypeDocumentOf(type: FailureType): Record<string, unknown> {
  return { ...type.attributes, key: type.key, name: type.name, ...(type.description !== null && { description: type.description }) };
}

/** Why a typology is not valid: the failure type (by position) whose key is used twice. */
export interface FailureTypeProblem {
  index: number;
  field: 'key';
  problem: string;
}

/** Keys used twice in a typology. Empty when it holds. */
export function failureTypeListProblems(types: ReadonlyArray<Pick<FailureType, 'key'>>): FailureTypeProblem[] {
  const first = new Map<string, number>();
  const problems: FailureTypeProblem[] = [];
  types.forEach(({ key }, index) => {
    const at = first.get(key);
    if (at === undefined) first.set(key, index);
    else problems.push({ index, field: 'key', problem: `'${key}' is already the key of failure type ${at}` });
  });
  return problems;
}

/**
 * Categories whose `failureType` is not a type of the typology: a metric grouped by failure
 * type must never meet a type nobody defined (a typo would be a group of its own).
 */
export function categoryFailureTypeProblems(categories: ReadonlyArray<Pick<Category, 'failureType'>>, types: ReadonlyArray<Pick<FailureType, 'key'>>): TaxonomyProblem[] {
  const known = new Set(types.map((t) => t.key));
  const problems: TaxonomyProblem[] = [];
  categories.forEach(({ failureType }, index) => {
    if (failureType !== null && !known.has(failureType)) {
      const listed = types.length ? `one of ${types.map((t) => t.key).join(', ')}` : 'a failure type of the taxonomy, and it has none';
      problems.push({ index, field: 'failureType', problem: `'${failureType}' is not a failure type of the taxonomy: must be ${listed}` });
    }
  });
  return problems;
}
