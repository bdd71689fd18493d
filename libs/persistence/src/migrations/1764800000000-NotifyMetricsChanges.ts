import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The channel an API instance listens on to know that its cached metrics answers are out of date. */
export const METRICS_CHANGED_CHANNEL = 'frictionlens_metrics_changed';

// Every table a metrics answer is computed from. A trigger rather than a call in each
// repository: any writer (a classifier, a backfill, an operator's SQL) invalidates the API's
// cache, and none can forget to. Per statement, not per row, and PostgreSQL folds identical
// notifications of one transaction into one, delivered at commit, never for a rolled-back change.
const METRICS_SOURCES = [
  'demand_rollups',
  'demand_rollups_weekly',
  'step_volumes',
  'handling_costs',
  'countermeasures',
  'value_streams',
  'value_stream_steps',
  'category_step_links',
  'taxonomy_versions',
  'taxonomy_categories',
];

export class NotifyMetricsChanges1764800000000 implements MigrationInterface {
  name = 'NotifyMetricsChanges1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION "notify_metrics_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${METRICS_CHANGED_CHANNEL}', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    for (const table of METRICS_SOURCES) {
      await db.query(`CREATE TRIGGER "${table}_notify_metrics_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "notify_metrics_changed"()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of METRICS_SOURCES) await db.query(`DROP TRIGGER "${table}_notify_metrics_changed" ON "${table}"`);
    await db.query(`DROP FUNCTION "notify_metrics_changed"()`);
  }
}
