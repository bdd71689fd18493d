import type { DemandType, RollupFilter } from '../repositories/metrics.repository.js';
import { CURRENT_TAXONOMY_VERSION } from '../repositories/taxonomy.repository.js';
import { contactFailureTypeOf, COUNTED, currentFailureTypeOf, failureTypeOf } from './effective-contact.sql.js';
import { isRepeatSql } from './repeats.sql.js';

/** Every filter a count takes: the metrics' period and keys, and a demand type. */
export interface CountingFilter extends RollupFilter {
  demandType?: DemandType;
}

/** How one kind of row answers each filter it can: a clause over the parameter's placeholder. */
export type FilterClauses = { readonly [K in keyof CountingFilter]?: (param: string) => string };

export interface FilterWhere {
  sql: string;
  params: unknown[];
  /** The placeholder each filter's value travels in, for a query that names it again. */
  placeholders: { [K in keyof CountingFilter]?: string };
}

const anyOf = (column: string) => (param: string) => `${column} = ANY(${param}::text[])`;

// Parameters in a fixed order, whatever the rows: period first, then the map, then the contacts'
// own columns.
const ORDER: Array<keyof CountingFilter> = ['from', 'to', 'valueStream', 'step', 'category', 'channel', 'kind', 'product', 'source', 'demandType', 'failureType'];

/**
 * The one filter builder: a parameterised WHERE clause for the filter over rows that `clauses`
 * describe, beginning with `always`. A filter absent, or an empty list, narrows nothing; values
 * only ever travel as parameters, appended to `params`.
 */
export function filterWhere(filter: Partial<CountingFilter>, clauses: FilterClauses, params: unknown[] = [], always: string[] = []): FilterWhere {
  const sql = [...always];
  const placeholders: FilterWhere['placeholders'] = {};
  for (const field of ORDER) {
    const value = filter[field];
    const clause = clauses[field];
    if (!clause || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    params.push(value);
    placeholders[field] = `$${params.length}`;
    sql.push(clause(placeholders[field]));
  }
  return { sql: sql.join(' AND ') || 'true', params, placeholders };
}

// ---- Contact rows (FROM_COUNTED_CONTACTS): the drill-down, distinct customers, studies. ----

/** The failure type a counted contact carries itself ('not-for-here', 'repeat' or ''), each asked by a look-up. */
export const CONTACT_FAILURE_TYPE = contactFailureTypeOf({
  notForHere: COUNTED.notForHere,
  repeat: isRepeatSql({ id: 'c.id', customerHash: 'c.customer_hash', occurredAt: 'c.occurred_at', category: COUNTED.category }),
});
/** The failure type the metrics group a counted contact by. */
export const FAILURE_TYPE = failureTypeOf({ demandType: COUNTED.demandType, contactFailureType: CONTACT_FAILURE_TYPE, categoryFailureType: currentFailureTypeOf(COUNTED.category) });

// A step or value stream filter keeps a contact whose category is linked to one of them.
const linkedTo = (steps: string) => (param: string) => `${COUNTED.category} IN (SELECT k.category_key FROM category_step_links k ${steps} = ANY(${param}::text[]))`;

export const COUNTED_CONTACT_FILTERS: FilterClauses = {
  from: (p) => `c.occurred_at >= ${p}::date::timestamp AT TIME ZONE 'UTC'`,
  to: (p) => `c.occurred_at < ${p}::date::timestamp AT TIME ZONE 'UTC'`,
  valueStream: linkedTo('JOIN value_stream_steps s ON s.key = k.step_key WHERE s.value_stream_key'),
  step: linkedTo('WHERE k.step_key'),
  category: anyOf(COUNTED.category),
  channel: anyOf('c.channel'),
  kind: anyOf('c.kind'),
  product: anyOf('c.product_sku'),
  source: anyOf('c.source'),
  demandType: (p) => `${COUNTED.demandType} = ${p}::text`,
  failureType: anyOf(FAILURE_TYPE),
};

/** The contacts the rollups count, filtered as the metrics are: over FROM_COUNTED_CONTACTS. */
export function countedContactsWhere(filter: CountingFilter, params: unknown[] = []): FilterWhere {
  return filterWhere(filter, COUNTED_CONTACT_FILTERS, params, [COUNTED.counted]);
}

/**
 * A contact joined to each step its category is linked to (`k`, and its step `s`): the step and
 * value-stream filters keep those steps only, so a split category counts at the steps asked for.
 */
export const LINKED_STEP_FILTERS: FilterClauses = { step: anyOf('k.step_key'), valueStream: anyOf('s.value_stream_key') };

// ---- Rollup rows (demand_rollups r or demand_rollups_weekly r, FROM_ROLLUP_ROWS' joins). ----

/**
 * The value stream of a row's step (`s`), and its category in the current taxonomy version (`tc`).
 * (taxonomy_version_id, key) is the key of taxonomy_categories, so the join adds no rows, and
 * PostgreSQL leaves it out of the plan of a query that reads no failure type.
 */
export const ROLLUP_ROW_JOINS = `LEFT JOIN value_stream_steps s ON s.key = r.step_key
  LEFT JOIN taxonomy_categories tc ON tc.taxonomy_version_id = ${CURRENT_TAXONOMY_VERSION} AND tc.key = r.category_key`;
/** A rollup row's failure type: as a counted contact's, from the columns the rollups keep. */
export const ROLLUP_FAILURE_TYPE = failureTypeOf({ demandType: 'r.demand_type', contactFailureType: 'r.contact_failure_type', categoryFailureType: 'tc.failure_type' });

export const ROLLUP_FILTERS: FilterClauses = {
  from: (p) => `r.day >= ${p}::date`,
  to: (p) => `r.day < ${p}::date`,
  valueStream: anyOf('s.value_stream_key'),
  step: anyOf('r.step_key'),
  category: anyOf('r.category_key'),
  channel: anyOf('r.channel'),
  kind: anyOf('r.kind'),
  product: anyOf('r.product_sku'),
  source: anyOf('r.source'),
  // No demand type: a metric splits its rows by demand type rather than filtering them.
  failureType: anyOf(ROLLUP_FAILURE_TYPE),
};
