import type { MigrationInterface, QueryRunner } from 'typeorm';

// Value streams and their steps, where each category's friction originates, the units each step
// handles per day, countermeasures, handling costs per channel, and the demand rollups every
// metric is served from.
export class CreateValueStreams1764400000000 implements MigrationInterface {
  name = 'CreateValueStreams1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "value_streams" (
        "key" text NOT NULL,
        "name" text NOT NULL,
        "description" text,
        "owner" text,
        "position" integer NOT NULL DEFAULT 0,
        CONSTRAINT "PK_value_streams" PRIMARY KEY ("key")
      )`);
    await db.query(`
      CREATE TABLE "value_stream_steps" (
        "key" text NOT NULL,
        "value_stream_key" text NOT NULL,
        "name" text NOT NULL,
        "position" integer NOT NULL,
        "owner" text,
        "process_time_minutes" real,
        "lead_time_hours" real,
        "target_complete_accurate" real,
        "unit_name" text,
        CONSTRAINT "PK_value_stream_steps" PRIMARY KEY ("key"),
        CONSTRAINT "value_stream_steps_target_check" CHECK ("target_complete_accurate" IS NULL OR ("target_complete_accurate" >= 0 AND "target_complete_accurate" <= 1)),
        CONSTRAINT "FK_value_stream_steps_stream" FOREIGN KEY ("value_stream_key") REFERENCES "value_streams"("key") ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX "value_stream_steps_stream" ON "value_stream_steps" ("value_stream_key", "position")`);
    await db.query(`
      CREATE TABLE "category_step_links" (
        "category_key" text NOT NULL,
        "step_key" text NOT NULL,
        "weight" numeric(5,4) NOT NULL,
        CONSTRAINT "PK_category_step_links" PRIMARY KEY ("category_key", "step_key"),
        CONSTRAINT "category_step_links_weight_check" CHECK ("weight" > 0 AND "weight" <= 1),
        CONSTRAINT "FK_category_step_links_step" FOREIGN KEY ("step_key") REFERENCES "value_stream_steps"("key") ON DELETE CASCADE
      )`);
    await db.query(`
      CREATE TABLE "step_volumes" (
        "step_key" text NOT NULL,
        "day" date NOT NULL,
        "units" bigint NOT NULL,
        CONSTRAINT "PK_step_volumes" PRIMARY KEY ("step_key", "day"),
        CONSTRAINT "step_volumes_units_check" CHECK ("units" >= 0),
        CONSTRAINT "FK_step_volumes_step" FOREIGN KEY ("step_key") REFERENCES "value_stream_steps"("key") ON DELETE CASCADE
      )`);
    await db.query(`
      CREATE TABLE "countermeasures" (
        "id" SERIAL NOT NULL,
        "step_key" text NOT NULL,
        "category_keys" text array NOT NULL DEFAULT '{}',
        "title" text NOT NULL,
        "description" text,
        "owner" text,
        "started_on" date NOT NULL,
        "status" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_countermeasures" PRIMARY KEY ("id"),
        CONSTRAINT "countermeasures_status_check" CHECK ("status" IN ('planned', 'in-progress', 'done', 'abandoned')),
        CONSTRAINT "FK_countermeasures_step" FOREIGN KEY ("step_key") REFERENCES "value_stream_steps"("key") ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX "countermeasures_step" ON "countermeasures" ("step_key")`);
    await db.query(`
      CREATE TABLE "handling_costs" (
        "channel" text NOT NULL,
        "cost_per_contact" numeric(12,2) NOT NULL,
        "currency" text NOT NULL DEFAULT 'EUR',
        CONSTRAINT "PK_handling_costs" PRIMARY KEY ("channel"),
        CONSTRAINT "handling_costs_cost_check" CHECK ("cost_per_contact" >= 0)
      )`);
    await db.query(`
      CREATE TABLE "demand_rollups" (
        "day" date NOT NULL,
        "category_key" text NOT NULL,
        "step_key" text NOT NULL,
        "channel" text NOT NULL,
        "kind" text NOT NULL,
        "product_sku" text NOT NULL,
        "source" text NOT NULL,
        "demand_type" text NOT NULL,
        "contacts" numeric(14,4) NOT NULL,
        CONSTRAINT "PK_demand_rollups" PRIMARY KEY ("day", "category_key", "step_key", "channel", "kind", "product_sku", "source", "demand_type"),
        CONSTRAINT "demand_rollups_demand_type_check" CHECK ("demand_type" IN ('failure', 'value', 'unclassified'))
      )`);
    await db.query(`CREATE INDEX "demand_rollups_step_day" ON "demand_rollups" ("step_key", "day")`);
    await db.query(`CREATE INDEX "demand_rollups_category_day" ON "demand_rollups" ("category_key", "day")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "demand_rollups"`);
    await db.query(`DROP TABLE "handling_costs"`);
    await db.query(`DROP TABLE "countermeasures"`);
    await db.query(`DROP TABLE "step_volumes"`);
    await db.query(`DROP TABLE "category_step_links"`);
    await db.query(`DROP TABLE "value_stream_steps"`);
    await db.query(`DROP TABLE "value_streams"`);
  }
}
