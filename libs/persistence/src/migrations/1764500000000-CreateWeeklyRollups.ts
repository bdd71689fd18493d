import type { MigrationInterface, QueryRunner } from 'typeorm';

// The weekly rollups, filled from the daily ones already there.
export class CreateWeeklyRollups1764500000000 implements MigrationInterface {
  name = 'CreateWeeklyRollups1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "demand_rollups_weekly" (
        "week" date NOT NULL,
        "category_key" text NOT NULL,
        "step_key" text NOT NULL,
        "demand_type" text NOT NULL,
        "contacts" numeric(14,4) NOT NULL,
        CONSTRAINT "PK_demand_rollups_weekly" PRIMARY KEY ("week", "category_key", "step_key", "demand_type"),
        CONSTRAINT "demand_rollups_weekly_demand_type_check" CHECK ("demand_type" IN ('failure', 'value', 'unclassified'))
      )`);
    await db.query(`CREATE INDEX "demand_rollups_weekly_step_week" ON "demand_rollups_weekly" ("step_key", "week")`);
    await db.query(`
      INSERT INTO demand_rollups_weekly (week, category_key, step_key, demand_type, contacts)
      SELECT date_trunc('week', day::timestamp)::date, category_key, step_key, demand_type, sum(contacts)
      FROM demand_rollups GROUP BY 1, 2, 3, 4`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "demand_rollups_weekly"`);
  }
}
