import type { MigrationInterface, QueryRunner } from 'typeorm';

// The failure-demand metrics now correct the share with the newest model version's held-out
// confusion: a new model version changes those answers, so it must invalidate the API's cache
// like the other metrics sources (the function is NotifyMetricsChanges1764800000000's).
export class NotifyModelVersionChanges1765200000000 implements MigrationInterface {
  name = 'NotifyModelVersionChanges1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TRIGGER "model_versions_notify_metrics_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "model_versions" FOR EACH STATEMENT EXECUTE FUNCTION "notify_metrics_changed"()`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER "model_versions_notify_metrics_changed" ON "model_versions"`);
  }
}
