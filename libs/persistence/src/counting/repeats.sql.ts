import { UNCLASSIFIED_CATEGORY } from '@frictionlens/contracts';
import { effectiveContactOf } from './effective-contact.sql.js';

// Two meanings kept apart by name (docs/metrics.md, "Repeat contacts"):
// - a *repeat* (the metrics'): the same hashed customer got in touch within the repeat window
//   before the contact (ties by id) about the same category, or a category sharing a linked step;
//   counted contacts on both sides, never an `unclassified` one. libs/domain `isRepeat`.
// - a *returning customer* (the classifier's cue): the same customer got in touch at all within
//   the window before it. libs/domain `isReturningCustomer`.
// A repeat depends on the customer's earlier contacts: DemandRollupRepository.change recounts the
// later contacts of every contact it changes.

/** The repeat window as an SQL interval, read from the settings every writer shares. */
export const REPEAT_WINDOW = '(SELECT make_interval(days => repeat_window_days) FROM metric_settings)';

/** Two categories are about the same thing: equal, or linked to a common step. */
const relatedCategories = (a: string, b: string) => `(${a} = ${b} OR EXISTS (
            SELECT 1 FROM category_step_links a JOIN category_step_links b ON b.step_key = a.step_key
            WHERE a.category_key = ${b} AND b.category_key = ${a}))`;

/**
 * Whether the contact is a repeat, asked contact by contact (an index look-up of the customer's
 * earlier contacts): for a page of contacts, where a pass over all of them would cost more. Over
 * the expressions for the contact's id, customer hash, occurred-at and counted category.
 */
export function isRepeatSql(c: { id: string; customerHash: string; occurredAt: string; category: string }): string {
  const p = effectiveContactOf('p', 'p');
  return `(${c.customerHash} IS NOT NULL AND ${c.category} <> '${UNCLASSIFIED_CATEGORY}' AND EXISTS (
        SELECT 1 FROM contacts p ${p.joins}
        WHERE p.customer_hash = ${c.customerHash}
          AND p.occurred_at >= ${c.occurredAt} - ${REPEAT_WINDOW}
          AND (p.occurred_at < ${c.occurredAt} OR (p.occurred_at = ${c.occurredAt} AND p.id < ${c.id}))
          AND ${relatedCategories(p.category, c.category)}))`;
}

// The same rule for many contacts at once, in one sort instead of one index look-up per contact.
// Each contact joins groups: its category, and each step its category is linked to. Any two
// members of a group are related (same category, or a shared step), and any two related contacts
// share a group; so a contact has a related earlier one within the window exactly when, in one of
// its groups, the customer's contact just before it (by time, then id) is within the window.
/**
 * CTEs over `rows` (id, customer_hash, occurred_at, category_key of counted contacts, as
 * `repeatCandidates` selects them): `repeat_rows` lists the repeats among them, an id once per
 * group that makes it one.
 */
export const repeatsAmong = (rows: string) => `
  repeat_groups AS (
    SELECT id, customer_hash, occurred_at, category_key, 'category:' || category_key AS grp FROM ${rows} WHERE category_key IS NOT NULL
    UNION ALL
    SELECT r.id, r.customer_hash, r.occurred_at, r.category_key, 'step:' || k.step_key FROM ${rows} r JOIN category_step_links k ON k.category_key = r.category_key
  ),
  repeat_previous AS (
    SELECT id, category_key, occurred_at, lag(occurred_at) OVER (PARTITION BY customer_hash, grp ORDER BY occurred_at, id) AS previous_at FROM repeat_groups
  ),
  repeat_rows AS (
    SELECT id FROM repeat_previous WHERE category_key <> '${UNCLASSIFIED_CATEGORY}' AND previous_at >= occurred_at - ${REPEAT_WINDOW}
  )`;

/** The counted contacts (with a customer) a pass of `repeatsAmong` reads: `from` names `contacts c`, `where` narrows them. */
export function repeatCandidates(from: string, where: string): string {
  const c = effectiveContactOf('c');
  return `SELECT c.id, c.customer_hash, c.occurred_at, ${c.category} AS category_key
    ${from} ${c.joins}
    WHERE ${where} AND c.customer_hash IS NOT NULL AND ${c.counted}`;
}

/** The classifier's cue (not a repeat): the same customer got in touch within the window before (or at the same instant as) contact `c`. */
export const RETURNING_CUSTOMER = `c.customer_hash IS NOT NULL AND EXISTS (
      SELECT 1 FROM contacts p
      WHERE p.customer_hash = c.customer_hash AND p.id <> c.id
        AND p.occurred_at <= c.occurred_at AND p.occurred_at >= c.occurred_at - ${REPEAT_WINDOW}
    )`;
