import { NOT_FOR_HERE_FAILURE_TYPE, REPEAT_FAILURE_TYPE } from '@frictionlens/domain';
import { CURRENT_TAXONOMY_VERSION } from '../repositories/taxonomy.repository.js';

// What a contact counts as, in SQL: the one statement of the rule that libs/domain/src/counting
// states in TypeScript (test/integration/counting.int-spec.ts checks that the two agree). A
// reviewer's label outranks the current classification, with its category's demand type in the
// label's own taxonomy version; a reviewer's "not for here" makes it failure demand; a contact
// neither classified nor labelled counts nowhere yet.

/** SQL expressions over one contact row and the joins they need. */
export interface EffectiveContactSql {
  /** LEFT JOINs from the contact to its current classification, its label and the label's category. */
  joins: string;
  /** The counted category: the label's, else the model's. */
  category: string;
  /** 'failure', 'value' or 'unclassified'. */
  demandType: string;
  /** A reviewer said it was sent to the wrong place (false when unlabelled). */
  notForHere: string;
  /** Classified or labelled: counted at all. */
  counted: string;
  labelled: string;
}

/**
 * The effective-contact fragment over the contacts row `contact`; the joined rows are named
 * `${prefix}x` (classification), `${prefix}l` (label) and `${prefix}lc` (the label's category),
 * so that a query may hold two contacts (a contact and its earlier ones). A query that reads no
 * demand type loses nothing to the label's category join: its key is the table's primary key,
 * and PostgreSQL leaves an unread LEFT JOIN on a unique key out of the plan.
 */
export function effectiveContactOf(contact: string, prefix = ''): EffectiveContactSql {
  const [x, l, lc] = [`${prefix}x`, `${prefix}l`, `${prefix}lc`];
  return {
    joins: `LEFT JOIN classifications ${x} ON ${x}.contact_id = ${contact}.id AND ${x}.current
    LEFT JOIN contact_labels ${l} ON ${l}.contact_id = ${contact}.id
    LEFT JOIN taxonomy_categories ${lc} ON ${lc}.taxonomy_version_id = ${l}.taxonomy_version_id AND ${lc}.key = ${l}.category_key`,
    category: `COALESCE(${l}.category_key, ${x}.category_key)`,
    demandType: `CASE WHEN ${l}.not_for_here THEN 'failure' WHEN ${l}.contact_id IS NOT NULL THEN COALESCE(${lc}.demand_type, 'unclassified') ELSE COALESCE(${x}.demand_type, 'unclassified') END`,
    notForHere: `COALESCE(${l}.not_for_here, false)`,
    counted: `(${x}.id IS NOT NULL OR ${l}.contact_id IS NOT NULL)`,
    labelled: `${l}.contact_id IS NOT NULL`,
  };
}

/** The fragment over `contacts c`, as every counting query but the repeat look-up names it. */
export const COUNTED = effectiveContactOf('c');
export const FROM_COUNTED_CONTACTS = `FROM contacts c ${COUNTED.joins}`;

/**
 * The failure type a contact carries itself: not for here outranks repeat; '' for none.
 * `repeat` is an SQL boolean (a look-up per contact, or membership of repeats found in one pass).
 */
export function contactFailureTypeOf(c: { notForHere: string; repeat: string }): string {
  return `CASE WHEN ${c.notForHere} THEN '${NOT_FOR_HERE_FAILURE_TYPE}' WHEN ${c.repeat} THEN '${REPEAT_FAILURE_TYPE}' ELSE '' END`;
}

/**
 * The failure type the metrics group by: the contact's own, else its category's in the current
 * taxonomy version (looked up when asked, so editing a category's type regroups all history);
 * failure demand only, NULL otherwise.
 */
export function failureTypeOf(c: { demandType: string; contactFailureType: string; categoryFailureType: string }): string {
  return `CASE WHEN ${c.demandType} = 'failure' THEN COALESCE(NULLIF(${c.contactFailureType}, ''), ${c.categoryFailureType}) END`;
}

/** A category's failure type in the current taxonomy version, as a scalar look-up. */
export const currentFailureTypeOf = (category: string) =>
  `(SELECT t.failure_type FROM taxonomy_categories t WHERE t.taxonomy_version_id = ${CURRENT_TAXONOMY_VERSION} AND t.key = ${category})`;
