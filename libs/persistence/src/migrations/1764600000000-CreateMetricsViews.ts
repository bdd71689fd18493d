import type { MigrationInterface, QueryRunner } from 'typeorm';

// Read-only views for BI tools that connect to PostgreSQL directly (docs/bi-views.md): stable
// column names over the rollups and the value-stream map, and no contact text, so a reporting
// user may be given these views and nothing else. The tables' "no step" '' reads as NULL here.
// The views run with their owner's rights, which is what lets such a user read them without
// any grant on the tables beneath.
export class CreateMetricsViews1764600000000 implements MigrationInterface {
  name = 'CreateMetricsViews1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE VIEW "bi_failure_demand_daily" AS
      SELECT r.day, s.value_stream_key AS value_stream, NULLIF(r.step_key, '') AS step, r.category_key AS category,
             NULLIF(r.channel, '') AS channel, r.kind, NULLIF(r.product_sku, '') AS product_sku, r.source, r.demand_type,
             r.contacts
      FROM demand_rollups r
      LEFT JOIN value_stream_steps s ON s.key = r.step_key`);
    await db.query(`
      CREATE VIEW "bi_step_volumes_daily" AS
      SELECT v.step_key AS step, s.value_stream_key AS value_stream, v.day, v.units
      FROM step_volumes v
      JOIN value_stream_steps s ON s.key = v.step_key`);
    await db.query(`
      CREATE VIEW "bi_value_stream_steps" AS
      SELECT vs.key AS value_stream, vs.name AS value_stream_name, vs.owner AS value_stream_owner, vs.position AS value_stream_position,
             s.key AS step, s.name AS step_name, s.position AS step_position, s.owner AS step_owner,
             s.process_time_minutes, s.lead_time_hours, s.target_complete_accurate, s.unit_name
      FROM value_stream_steps s
      JOIN value_streams vs ON vs.key = s.value_stream_key`);
    await db.query(`
      CREATE VIEW "bi_countermeasures" AS
      SELECT c.id, c.title, c.description, c.owner, c.status, c.started_on,
             c.step_key AS step, s.value_stream_key AS value_stream,
             array_to_string(c.category_keys, ',') AS categories, c.created_at
      FROM countermeasures c
      JOIN value_stream_steps s ON s.key = c.step_key`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP VIEW "bi_countermeasures"`);
    await db.query(`DROP VIEW "bi_value_stream_steps"`);
    await db.query(`DROP VIEW "bi_step_volumes_daily"`);
    await db.query(`DROP VIEW "bi_failure_demand_daily"`);
  }
}
