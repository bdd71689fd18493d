import type { MigrationInterface, QueryRunner } from 'typeorm';

// Two failure types belong to a contact rather than to its category: "repeat" (the same hashed
// customer got in touch about the same category or step within the repeat window) and "not for
// here" (a reviewer says the contact was sent to the wrong place). The rollups gain a key column
// for them, and are recounted here so that history already stored is counted the same way as
// what comes next. The recount is this migration's own copy of the counting rule: migrations
// must not change when the live code does.
const RECOUNT = `
  WITH effective AS (
    SELECT c.id, c.customer_hash, c.occurred_at, (c.occurred_at AT TIME ZONE 'UTC')::date AS day,
           COALESCE(l.category_key, x.category_key) AS category_key,
           COALESCE(c.channel, '') AS channel, c.kind, COALESCE(c.product_sku, '') AS product_sku, c.source,
           CASE WHEN l.contact_id IS NOT NULL THEN COALESCE(lc.demand_type, 'unclassified')
                ELSE COALESCE(x.demand_type, 'unclassified') END AS demand_type
    FROM contacts c
    LEFT JOIN classifications x ON x.contact_id = c.id AND x.current
    LEFT JOIN contact_labels l ON l.contact_id = c.id
    LEFT JOIN taxonomy_categories lc ON lc.taxonomy_version_id = l.taxonomy_version_id AND lc.key = l.category_key
    WHERE x.id IS NOT NULL OR l.contact_id IS NOT NULL
  ),
  typed AS (
    SELECT e.*, CASE WHEN e.customer_hash IS NOT NULL AND e.category_key <> 'unclassified' AND EXISTS (
        SELECT 1 FROM contacts p
        LEFT JOIN classifications px ON px.contact_id = p.id AND px.current
        LEFT JOIN contact_labels pl ON pl.contact_id = p.id
        WHERE p.customer_hash = e.customer_hash
          AND p.occurred_at >= e.occurred_at - interval '7 days'
          AND (p.occurred_at < e.occurred_at OR (p.occurred_at = e.occurred_at AND p.id < e.id))
          AND (COALESCE(pl.category_key, px.category_key) = e.category_key OR EXISTS (
            SELECT 1 FROM category_step_links a JOIN category_step_links b ON b.step_key = a.step_key
            WHERE a.category_key = e.category_key AND b.category_key = COALESCE(pl.category_key, px.category_key)))
      ) THEN 'repeat' ELSE '' END AS contact_failure_type
    FROM effective e
  )
  INSERT INTO demand_rollups (day, category_key, step_key, channel, kind, product_sku, source, demand_type, contact_failure_type, contacts)
  SELECT t.day, t.category_key, COALESCE(k.step_key, ''), t.channel, t.kind, t.product_sku, t.source, t.demand_type, t.contact_failure_type,
         sum(COALESCE(k.weight, 1))
  FROM typed t LEFT JOIN category_step_links k ON k.category_key = t.category_key
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`;

const BI_VIEW = (withFailureType: boolean) => `
  CREATE VIEW "bi_failure_demand_daily" AS
  SELECT r.day, s.value_stream_key AS value_stream, NULLIF(r.step_key, '') AS step, r.category_key AS category,
         NULLIF(r.channel, '') AS channel, r.kind, NULLIF(r.product_sku, '') AS product_sku, r.source, r.demand_type,
         ${withFailureType ? `NULLIF(r.contact_failure_type, '') AS contact_failure_type,` : ''}
         r.contacts
  FROM demand_rollups r
  LEFT JOIN value_stream_steps s ON s.key = r.step_key`;

export class CountRepeatContacts1765300000000 implements MigrationInterface {
  name = 'CountRepeatContacts1765300000000';

  async up(db: QueryRunner): Promise<void> {
    // One row: settings every writer of the rollups must agree on, so they live with the data
    // rather than in each process's environment.
    await db.query(`
      CREATE TABLE "metric_settings" (
        "id" boolean NOT NULL DEFAULT true,
        "repeat_window_days" integer NOT NULL DEFAULT 7,
        CONSTRAINT "PK_metric_settings" PRIMARY KEY ("id"),
        CONSTRAINT "metric_settings_single_row" CHECK ("id"),
        CONSTRAINT "metric_settings_repeat_window_check" CHECK ("repeat_window_days" BETWEEN 1 AND 365)
      )`);
    await db.query(`INSERT INTO "metric_settings" ("id") VALUES (true)`);
    await db.query(`CREATE TRIGGER "metric_settings_notify_metrics_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "metric_settings" FOR EACH STATEMENT EXECUTE FUNCTION "notify_metrics_changed"()`);

    await db.query(`ALTER TABLE "contact_labels" ADD "not_for_here" boolean NOT NULL DEFAULT false`);

    // A customer's contacts in time order: what finding the earlier (and later) ones needs.
    await db.query(`DROP INDEX "contacts_customer_hash"`);
    await db.query(`CREATE INDEX "contacts_customer_occurred_at" ON "contacts" ("customer_hash", "occurred_at") WHERE "customer_hash" IS NOT NULL`);

    await db.query(`DROP VIEW "bi_failure_demand_daily"`);
    for (const [table, key] of [
      ['demand_rollups', 'day, category_key, step_key, channel, kind, product_sku, source, demand_type'],
      ['demand_rollups_weekly', 'week, category_key, step_key, demand_type'],
    ] as const) {
      await db.query(`ALTER TABLE "${table}" ADD "contact_failure_type" text NOT NULL DEFAULT ''`);
      await db.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${table}_contact_failure_type_check" CHECK ("contact_failure_type" IN ('', 'repeat', 'not-for-here'))`);
      await db.query(`ALTER TABLE "${table}" DROP CONSTRAINT "PK_${table}"`);
      await db.query(`ALTER TABLE "${table}" ADD CONSTRAINT "PK_${table}" PRIMARY KEY (${key}, contact_failure_type)`);
    }
    await db.query(BI_VIEW(true));

    await db.query('DELETE FROM demand_rollups');
    await db.query('DELETE FROM demand_rollups_weekly');
    await db.query(RECOUNT);
    await db.query(`
      INSERT INTO demand_rollups_weekly (week, category_key, step_key, demand_type, contact_failure_type, contacts)
      SELECT date_trunc('week', day::timestamp)::date, category_key, step_key, demand_type, contact_failure_type, sum(contacts)
      FROM demand_rollups GROUP BY 1, 2, 3, 4, 5`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP VIEW "bi_failure_demand_daily"`);
    for (const [table, key] of [
      ['demand_rollups', 'day, category_key, step_key, channel, kind, product_sku, source, demand_type'],
      ['demand_rollups_weekly', 'week, category_key, step_key, demand_type'],
    ] as const) {
      // Fold the contact failure types back into one row per old key before the column goes.
      await db.query(`CREATE TEMPORARY TABLE "folded" AS SELECT ${key}, sum(contacts) AS contacts FROM "${table}" GROUP BY ${key}`);
      await db.query(`DELETE FROM "${table}"`);
      await db.query(`ALTER TABLE "${table}" DROP CONSTRAINT "PK_${table}"`);
      await db.query(`ALTER TABLE "${table}" DROP COLUMN "contact_failure_type"`);
      await db.query(`ALTER TABLE "${table}" ADD CONSTRAINT "PK_${table}" PRIMARY KEY (${key})`);
      await db.query(`INSERT INTO "${table}" (${key}, contacts) SELECT ${key}, contacts FROM "folded"`);
      await db.query(`DROP TABLE "folded"`);
    }
    await db.query(BI_VIEW(false));
    await db.query(`DROP INDEX "contacts_customer_occurred_at"`);
    await db.query(`CREATE INDEX "contacts_customer_hash" ON "contacts" ("customer_hash") WHERE "customer_hash" IS NOT NULL`);
    await db.query(`ALTER TABLE "contact_labels" DROP COLUMN "not_for_here"`);
    await db.query(`DROP TABLE "metric_settings"`);
  }
}
