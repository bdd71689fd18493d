import type { MigrationInterface, QueryRunner } from 'typeorm';

// The value-stream map gets versions, as the taxonomy has: each transaction that changes a stream,
// a step or a category's links adds one (whichever writer: the API, a demo, an operator's SQL),
// so a metric can say which map it reflects. Link changes recount the rollups in that same
// transaction, so the rollups always reflect the newest version.
const MAP_TABLES = ['value_streams', 'value_stream_steps', 'category_step_links'];

export class VersionValueStreams1765400000000 implements MigrationInterface {
  name = 'VersionValueStreams1765400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "value_stream_versions" (
        "id" SERIAL NOT NULL,
        "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "transaction_id" bigint NOT NULL DEFAULT txid_current(),
        CONSTRAINT "PK_value_stream_versions" PRIMARY KEY ("id")
      )`);
    await db.query(`CREATE UNIQUE INDEX "value_stream_versions_transaction" ON "value_stream_versions" ("transaction_id")`);
    // Version 1 is the map as it stands now (perhaps empty).
    await db.query(`INSERT INTO "value_stream_versions" DEFAULT VALUES`);
    await db.query(`
      CREATE FUNCTION "version_value_streams"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO value_stream_versions DEFAULT VALUES ON CONFLICT (transaction_id) DO NOTHING;
        RETURN NULL;
      END $$`);
    for (const table of MAP_TABLES) {
      await db.query(`CREATE TRIGGER "${table}_version_value_streams" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "version_value_streams"()`);
    }
    // A cached metric names the version: a new version makes it out of date.
    await db.query(`CREATE TRIGGER "value_stream_versions_notify_metrics_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "value_stream_versions" FOR EACH STATEMENT EXECUTE FUNCTION "notify_metrics_changed"()`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of MAP_TABLES) await db.query(`DROP TRIGGER "${table}_version_value_streams" ON "${table}"`);
    await db.query(`DROP FUNCTION "version_value_streams"()`);
    await db.query(`DROP TABLE "value_stream_versions"`);
  }
}
