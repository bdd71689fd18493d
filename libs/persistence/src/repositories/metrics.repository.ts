import type { DataSource } from 'typeorm';
import { REPEAT_FAILURE_TYPE } from '@frictionlens/domain';
import { filterWhere, ROLLUP_FAILURE_TYPE, ROLLUP_FILTERS, ROLLUP_ROW_JOINS } from '../counting/index.js';
import { CURRENT_TAXONOMY_VERSION } from './taxonomy.repository.js';

export type DemandType = 'failure' | 'value' | 'unclassified';
export type Interval = 'day' | 'week' | 'month';
export type Dimension = 'channel' | 'kind' | 'step' | 'valueStream' | 'category' | 'product' | 'source' | 'failureType';

/** Which rollup rows a metric counts: `from` inclusive, `to` exclusive (UTC dates), any of each list. */
export interface RollupFilter {
  from: string;
  to: string;
  valueStream?: string[];
  step?: string[];
  category?: string[];
  channel?: string[];
  kind?: string[];
  product?: string[];
  source?: string[];
  /** Failure types of the categories in the current taxonomy version (failure demand only). */
  failureType?: string[];
}

export interface DemandCount {
  /** The period's first day (a Monday for weeks), as YYYY-MM-DD. */
  period: string;
  /** The group's value ('' for none), or '' when not grouped. */
  group: string;
  demandType: DemandType;
  contacts: number;
  /** Of those, repeat contacts (the same customer, about the same category or step, within the repeat window). */
  repeats: number;
}

export interface StepCount {
  stepKey: string;
  categoryKey: string;
  demandType: DemandType;
  /** The category's failure type in the current taxonomy version; null for value demand, unclassified, or a category without one. */
  failureType: string | null;
  contacts: number;
  repeats: number;
}

/** What every figure rests on, for a metric to say which versions it reflects. */
export interface MetricsReflects {
  /** The taxonomy version whose failure types the figures are grouped by; null before any import. */
  taxonomyVersion: number | null;
  /** The value-stream map version whose steps and links the rollups were counted with. */
  valueStreamVersion: number;
  /** When that map version was made (ISO 8601, UTC). */
  valueStreamChangedAt: string;
  /** The repeat window the rollups' repeat contacts were counted with. */
  repeatWindowDays: number;
}

const SELECT_REFLECTS = `
  SELECT ${CURRENT_TAXONOMY_VERSION} AS taxonomy_version, v.id AS value_stream_version, v.changed_at, s.repeat_window_days
  FROM (SELECT id, changed_at FROM value_stream_versions ORDER BY id DESC LIMIT 1) v CROSS JOIN metric_settings s`;

// A rollup row's failure type (counting's ROLLUP_FAILURE_TYPE) is the one its contacts carry
// themselves (not for here, repeat), else their category's in the CURRENT taxonomy version, looked
// up at query time: the rollups keep category keys only, so editing a category's type (or the
// typology) regroups all history at once with nothing to rebuild. Only failure demand has one.
const FAILURE_TYPE_SQL = ROLLUP_FAILURE_TYPE;
const REPEATS_SQL = `COALESCE(sum(r.contacts) FILTER (WHERE r.contact_failure_type = '${REPEAT_FAILURE_TYPE}'), 0)::float8`;

// Every dimension is a column of the rollup, except the value stream, which is the step's, and
// the failure type, which is the category's.
const DIMENSION_SQL: Record<Dimension, string> = {
  channel: 'r.channel',
  kind: 'r.kind',
  step: 'r.step_key',
  valueStream: "COALESCE(s.value_stream_key, '')",
  category: 'r.category_key',
  product: 'r.product_sku',
  source: 'r.source',
  failureType: `COALESCE(${FAILURE_TYPE_SQL}, '')`,
};

/** A parameterised WHERE clause for the filter over rollup rows (counting's one filter builder). */
export function rollupWhere(filter: RollupFilter, params: unknown[] = []): { sql: string; params: unknown[] } {
  return filterWhere(filter, ROLLUP_FILTERS, params);
}

const FROM_ROLLUPS = `FROM demand_rollups r ${ROLLUP_ROW_JOINS}`;
const FROM_WEEKLY = `FROM demand_rollups_weekly r ${ROLLUP_ROW_JOINS}`;

// The failure type comes from the category, which the weekly rows keep.
const WEEKLY_DIMENSIONS: ReadonlySet<Dimension> = new Set(['step', 'valueStream', 'category', 'failureType']);

/**
 * Whether the weekly rollups can answer: whole weeks (Monday to Monday), and no dimension they
 * do not keep (channel, kind, product, source) in a filter or the grouping. They hold a few
 * thousand rows where the daily ones hold millions.
 */
export function weeklyRollupsAnswer(filter: RollupFilter, groupBy?: Dimension): boolean {
  const monday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay() === 1;
  const finer = filter.channel?.length || filter.kind?.length || filter.product?.length || filter.source?.length;
  return !finer && monday(filter.from) && monday(filter.to) && (!groupBy || WEEKLY_DIMENSIONS.has(groupBy));
}

// The weekly table names its day column `week`; the filter's period applies to it the same way.
const onWeekly = (sql: string) => sql.replaceAll('r.day', 'r.week');

const COST_KEY_SQL = { step: 'r.step_key', category: 'r.category_key', failureType: DIMENSION_SQL.failureType } as const;

/** Reads the demand rollups for the metrics API: every figure comes from here, never from contacts. */
export class MetricsRepository {
  constructor(private readonly db: DataSource) {}

  /** Contacts per period (and group) and demand type. */
  async demandByPeriod(filter: RollupFilter, interval: Interval, groupBy?: Dimension): Promise<DemandCount[]> {
    const where = rollupWhere(filter, [interval]);
    const group = groupBy ? DIMENSION_SQL[groupBy] : "''";
    const sql = `SELECT date_trunc($1::text, r.day::timestamp)::date::text AS period, ${group} AS grp, r.demand_type, sum(r.contacts)::float8 AS contacts, ${REPEATS_SQL} AS repeats
       ${FROM_ROLLUPS} WHERE ${where.sql} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
    // Months do not start on Mondays: only weeks can be summed from weekly rows.
    const weekly = interval === 'week' && weeklyRollupsAnswer(filter, groupBy);
    const rows: Array<{ period: string; grp: string; demand_type: DemandType; contacts: string; repeats: string }> = await this.db.query(
      weekly ? onWeekly(sql).replace(FROM_ROLLUPS, FROM_WEEKLY) : sql,
      where.params,
    );
    return rows.map((row) => ({ period: row.period, group: row.grp, demandType: row.demand_type, contacts: Number(row.contacts), repeats: Number(row.repeats) }));
  }

  /** Contacts per step, category and demand type over the period. */
  async demandByStep(filter: RollupFilter): Promise<StepCount[]> {
    const where = rollupWhere(filter);
    // The failure type follows from the category, demand type and the contacts' own type: grouping by it splits no row further.
    const sql = `SELECT r.step_key, r.category_key, r.demand_type, ${FAILURE_TYPE_SQL} AS failure_type, sum(r.contacts)::float8 AS contacts, ${REPEATS_SQL} AS repeats
       ${FROM_ROLLUPS} WHERE ${where.sql} GROUP BY 1, 2, 3, 4`;
    const rows: Array<{ step_key: string; category_key: string; demand_type: DemandType; failure_type: string | null; contacts: string; repeats: string }> = await this.db.query(
      weeklyRollupsAnswer(filter) ? onWeekly(sql).replace(FROM_ROLLUPS, FROM_WEEKLY) : sql,
      where.params,
    );
    return rows.map((row) => ({ stepKey: row.step_key, categoryKey: row.category_key, demandType: row.demand_type, failureType: row.failure_type, contacts: Number(row.contacts), repeats: Number(row.repeats) }));
  }

  /** Failure contacts per channel and step or category over the period, with the channel's handling cost. */
  async failureCostBy(filter: RollupFilter, by: 'step' | 'category' | 'failureType'): Promise<Array<{ key: string; channel: string; contacts: number; cost: number | null; currency: string | null }>> {
    const where = rollupWhere(filter);
    const rows: Array<{ key: string; channel: string; contacts: string; cost: string | null; currency: string | null }> = await this.db.query(
      `SELECT ${COST_KEY_SQL[by]} AS key, r.channel, sum(r.contacts)::float8 AS contacts, max(h.cost_per_contact)::float8 AS cost, max(h.currency) AS currency
       ${FROM_ROLLUPS} LEFT JOIN handling_costs h ON h.channel = r.channel
       WHERE ${where.sql} AND r.demand_type = 'failure' GROUP BY 1, 2`,
      where.params,
    );
    return rows.map((row) => ({ key: row.key, channel: row.channel, contacts: Number(row.contacts), cost: row.cost === null ? null : Number(row.cost), currency: row.currency }));
  }

  /** As failureCostBy, per day, week (from Monday) or month: each period's failure contacts per channel and key. */
  async failureCostByPeriod(filter: RollupFilter, by: 'step' | 'category' | 'failureType', interval: Interval): Promise<Array<{ period: string; key: string; channel: string; contacts: number; cost: number | null }>> {
    const where = rollupWhere(filter, [interval]);
    const rows: Array<{ period: string; key: string; channel: string; contacts: string; cost: string | null }> = await this.db.query(
      `SELECT date_trunc($1::text, r.day::timestamp)::date::text AS period, ${COST_KEY_SQL[by]} AS key, r.channel, sum(r.contacts)::float8 AS contacts, max(h.cost_per_contact)::float8 AS cost
       ${FROM_ROLLUPS} LEFT JOIN handling_costs h ON h.channel = r.channel
       WHERE ${where.sql} AND r.demand_type = 'failure' GROUP BY 1, 2, 3`,
      where.params,
    );
    return rows.map((row) => ({ period: row.period, key: row.key, channel: row.channel, contacts: Number(row.contacts), cost: row.cost === null ? null : Number(row.cost) }));
  }

  /** A countermeasure as its impact needs it; undefined when there is none with this id. */
  async countermeasure(id: number): Promise<{ id: number; title: string; stepKey: string; stepName: string; categoryKeys: string[]; startedOn: string; status: string } | undefined> {
    const [row]: Array<{ id: number; title: string; step_key: string; step_name: string; category_keys: string[]; started_on: string; status: string }> = await this.db.query(
      `SELECT c.id, c.title, c.step_key, s.name AS step_name, c.category_keys, c.started_on::text AS started_on, c.status
       FROM countermeasures c JOIN value_stream_steps s ON s.key = c.step_key WHERE c.id = $1`,
      [id],
    );
    return row && { id: row.id, title: row.title, stepKey: row.step_key, stepName: row.step_name, categoryKeys: row.category_keys, startedOn: row.started_on, status: row.status };
  }

  async reflects(): Promise<MetricsReflects> {
    const [row]: Array<{ taxonomy_version: number | null; value_stream_version: number; changed_at: Date; repeat_window_days: number }> = await this.db.query(SELECT_REFLECTS);
    return { taxonomyVersion: row!.taxonomy_version, valueStreamVersion: row!.value_stream_version, valueStreamChangedAt: row!.changed_at.toISOString(), repeatWindowDays: row!.repeat_window_days };
  }

  /** Every step with its stream, in map order. */
  async steps(): Promise<Array<{ key: string; name: string; valueStreamKey: string; valueStreamName: string; targetCompleteAccurate: number | null }>> {
    const rows: Array<{ key: string; name: string; value_stream_key: string; value_stream_name: string; target_complete_accurate: number | null }> = await this.db.query(
      `SELECT s.key, s.name, s.value_stream_key, v.name AS value_stream_name, s.target_complete_accurate
       FROM value_stream_steps s JOIN value_streams v ON v.key = s.value_stream_key ORDER BY v.position, v.key, s.position, s.key`,
    );
    return rows.map((r) => ({ key: r.key, name: r.name, valueStreamKey: r.value_stream_key, valueStreamName: r.value_stream_name, targetCompleteAccurate: r.target_complete_accurate }));
  }
}
