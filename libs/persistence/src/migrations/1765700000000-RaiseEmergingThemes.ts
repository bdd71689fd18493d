import type { MigrationInterface, QueryRunner } from 'typeorm';

// Emerging themes (docs/discovery.md, "Emerging themes"; issue #17 item 4): a discovery run of
// kind `emerging`, scheduled by the classifier over the recent low-confidence contacts, is
// assessed once after it is done (`assessed_at`). Each of its themes carries its growth against
// its own baseline (`emerging`); a growing theme is raised (`raised_at`) unless it is a theme
// raised before, which it then updates (`emerging_theme_id` names that one).
export class RaiseEmergingThemes1765700000000 implements MigrationInterface {
  name = 'RaiseEmergingThemes1765700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "discovery_runs" ADD "kind" text NOT NULL DEFAULT 'discovery'`);
    await db.query(`ALTER TABLE "discovery_runs" ADD CONSTRAINT "discovery_runs_kind_check" CHECK ("kind" IN ('discovery', 'emerging'))`);
    await db.query(`ALTER TABLE "discovery_runs" ADD "assessed_at" TIMESTAMP WITH TIME ZONE`);
    // When the last emerging run was scheduled, without a scan.
    await db.query(`CREATE INDEX "discovery_runs_emerging" ON "discovery_runs" ("created_at") WHERE "kind" = 'emerging'`);
    await db.query(`ALTER TABLE "discovery_themes" ADD "emerging" jsonb`);
    await db.query(`ALTER TABLE "discovery_themes" ADD "raised_at" TIMESTAMP WITH TIME ZONE`);
    await db.query(`ALTER TABLE "discovery_themes" ADD "emerging_theme_id" integer`);
    await db.query(
      `ALTER TABLE "discovery_themes" ADD CONSTRAINT "FK_discovery_themes_emerging_theme" FOREIGN KEY ("emerging_theme_id") REFERENCES "discovery_themes"("id") ON DELETE SET NULL`,
    );
    // What the overview lists and each emerging run compares its themes with.
    await db.query(`CREATE INDEX "discovery_themes_raised" ON "discovery_themes" ("raised_at") WHERE "raised_at" IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "discovery_themes_raised"`);
    await db.query(`ALTER TABLE "discovery_themes" DROP CONSTRAINT "FK_discovery_themes_emerging_theme"`);
    await db.query(`ALTER TABLE "discovery_themes" DROP COLUMN "emerging_theme_id"`);
    await db.query(`ALTER TABLE "discovery_themes" DROP COLUMN "raised_at"`);
    await db.query(`ALTER TABLE "discovery_themes" DROP COLUMN "emerging"`);
    await db.query(`DROP INDEX "discovery_runs_emerging"`);
    await db.query(`ALTER TABLE "discovery_runs" DROP COLUMN "assessed_at"`);
    await db.query(`ALTER TABLE "discovery_runs" DROP CONSTRAINT "discovery_runs_kind_check"`);
    await db.query(`ALTER TABLE "discovery_runs" DROP COLUMN "kind"`);
  }
}
