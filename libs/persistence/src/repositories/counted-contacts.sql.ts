import { contactFailureTypeSql } from './demand-rollup.repository.js';
import type { DemandType, RollupFilter } from './metrics.repository.js';
import { CURRENT_TAXONOMY_VERSION } from './taxonomy.repository.js';

// What a contact counts as, exactly as the demand rollups count it, for the queries that must read
// contact rows (the drill-down, distinct customers): a reviewer's label (with its category's
// demand type in the label's taxonomy version) outranks the current classification, and a
// reviewer's "not for here" makes it failure demand of that type. Over FROM_COUNTED_CONTACTS.
export const CATEGORY = 'COALESCE(l.category_key, x.category_key)';
export const DEMAND_TYPE = `CASE WHEN l.not_for_here THEN 'failure' WHEN l.contact_id IS NOT NULL THEN COALESCE(lc.demand_type, 'unclassified') ELSE COALESCE(x.demand_type, 'unclassified') END`;
export const CONTACT_FAILURE_TYPE = contactFailureTypeSql({ id: 'c.id', customerHash: 'c.customer_hash', occurredAt: 'c.occurred_at', category: CATEGORY, notForHere: 'COALESCE(l.not_for_here, false)' });
/** As in the metrics: the contact's own failure type, else its category's in the current taxonomy version; failure demand only. */
export const FAILURE_TYPE = `CASE WHEN ${DEMAND_TYPE} = 'failure' THEN COALESCE(NULLIF(${CONTACT_FAILURE_TYPE}, ''),
  (SELECT t.failure_type FROM taxonomy_categories t WHERE t.taxonomy_version_id = ${CURRENT_TAXONOMY_VERSION} AND t.key = ${CATEGORY})) END`;

export const FROM_COUNTED_CONTACTS = `FROM contacts c
  LEFT JOIN classifications x ON x.contact_id = c.id AND x.current
  LEFT JOIN contact_labels l ON l.contact_id = c.id
  LEFT JOIN taxonomy_categories lc ON lc.taxonomy_version_id = l.taxonomy_version_id AND lc.key = l.category_key`;

const CONTACT_COLUMNS: Array<[keyof RollupFilter, string]> = [
  ['channel', 'c.channel'],
  ['kind', 'c.kind'],
  ['product', 'c.product_sku'],
  ['source', 'c.source'],
];

/**
 * A parameterised WHERE clause over FROM_COUNTED_CONTACTS for the metrics' filters and period:
 * the contacts the rollups count. Values only ever travel as parameters, appended to `params`.
 */
export function countedContactsWhere(filter: RollupFilter & { demandType?: DemandType }, params: unknown[] = []): { sql: string; params: unknown[] } {
  const add = (value: unknown, clause: (param: string) => string) => {
    params.push(value);
    clauses.push(clause(`$${params.length}`));
  };
  // A contact neither classified nor labelled counts nowhere yet, in the rollups as here.
  const clauses = ['(x.id IS NOT NULL OR l.contact_id IS NOT NULL)'];
  add(filter.from, (p) => `c.occurred_at >= ${p}::date::timestamp AT TIME ZONE 'UTC'`);
  add(filter.to, (p) => `c.occurred_at < ${p}::date::timestamp AT TIME ZONE 'UTC'`);
  for (const [field, column] of CONTACT_COLUMNS) {
    const values = filter[field] as string[] | undefined;
    if (values?.length) add(values, (p) => `${column} = ANY(${p}::text[])`);
  }
  if (filter.category?.length) add(filter.category, (p) => `${CATEGORY} = ANY(${p}::text[])`);
  if (filter.step?.length) add(filter.step, (p) => `${CATEGORY} IN (SELECT k.category_key FROM category_step_links k WHERE k.step_key = ANY(${p}::text[]))`);
  if (filter.valueStream?.length) {
    add(
      filter.valueStream,
      (p) => `${CATEGORY} IN (SELECT k.category_key FROM category_step_links k JOIN value_stream_steps s ON s.key = k.step_key WHERE s.value_stream_key = ANY(${p}::text[]))`,
    );
  }
  if (filter.demandType) add(filter.demandType, (p) => `${DEMAND_TYPE} = ${p}::text`);
  if (filter.failureType?.length) add(filter.failureType, (p) => `${FAILURE_TYPE} = ANY(${p}::text[])`);
  return { sql: clauses.join(' AND '), params };
}
