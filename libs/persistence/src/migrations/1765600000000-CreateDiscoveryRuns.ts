import type { MigrationInterface, QueryRunner } from 'typeorm';

// Discovery (docs/discovery.md, issue #17): runs that cluster a scope's contacts into themes, the
// themes with their suggestions and what a person decided, and each theme's contacts. A run is
// claimed by one classifier instance (FOR UPDATE SKIP LOCKED); only one run per scope may be
// queued, running or being cancelled. A theme member goes with its contact (erasure).
export class CreateDiscoveryRuns1765600000000 implements MigrationInterface {
  name = 'CreateDiscoveryRuns1765600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "discovery_runs" (
        "id" SERIAL NOT NULL,
        "scope" jsonb NOT NULL,
        "scope_key" text NOT NULL,
        "parameters" jsonb NOT NULL DEFAULT '{}',
        "status" text NOT NULL DEFAULT 'queued',
        "encoder" text,
        "encoder_checksum" text,
        "model_version_id" integer,
        "contact_count" integer,
        "progress_stage" text,
        "progress_done" integer NOT NULL DEFAULT 0,
        "progress_total" integer NOT NULL DEFAULT 0,
        "estimate" jsonb,
        "error" text,
        "requested_by" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "started_at" TIMESTAMP WITH TIME ZONE,
        "heartbeat_at" TIMESTAMP WITH TIME ZONE,
        "finished_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_discovery_runs" PRIMARY KEY ("id"),
        CONSTRAINT "discovery_runs_status_check" CHECK ("status" IN ('queued', 'running', 'cancelling', 'done', 'failed', 'cancelled'))
      )`);
    await db.query(`CREATE UNIQUE INDEX "discovery_runs_one_active_per_scope" ON "discovery_runs" ("scope_key") WHERE "status" IN ('queued', 'running', 'cancelling')`);
    await db.query(`
      CREATE TABLE "discovery_themes" (
        "id" SERIAL NOT NULL,
        "run_id" integer NOT NULL,
        "position" integer NOT NULL,
        "name" text NOT NULL,
        "terms" jsonb NOT NULL,
        "size" integer NOT NULL,
        "weekly_trend" jsonb NOT NULL,
        "examples" jsonb NOT NULL,
        "suggestions" jsonb NOT NULL,
        "status" text NOT NULL DEFAULT 'proposed',
        "fingerprint_terms" text array NOT NULL,
        "centroid" bytea NOT NULL,
        "centroid_encoder" text NOT NULL,
        "matches_dismissed_theme_id" integer,
        "split_from_theme_id" integer,
        "category_key" text,
        "taxonomy_version_id" integer,
        "decided_at" TIMESTAMP WITH TIME ZONE,
        "decided_by" text,
        CONSTRAINT "PK_discovery_themes" PRIMARY KEY ("id"),
        CONSTRAINT "discovery_themes_status_check" CHECK ("status" IN ('proposed', 'accepted', 'merged', 'dismissed', 'split')),
        CONSTRAINT "FK_discovery_themes_run" FOREIGN KEY ("run_id") REFERENCES "discovery_runs"("id") ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX "discovery_themes_run" ON "discovery_themes" ("run_id", "position")`);
    // What the next run compares its themes with.
    await db.query(`CREATE INDEX "discovery_themes_dismissed" ON "discovery_themes" ("status") WHERE "status" = 'dismissed'`);
    await db.query(`
      CREATE TABLE "discovery_theme_members" (
        "theme_id" integer NOT NULL,
        "contact_id" bigint NOT NULL,
        "run_id" integer NOT NULL,
        "similarity" real NOT NULL,
        CONSTRAINT "PK_discovery_theme_members" PRIMARY KEY ("theme_id", "contact_id"),
        CONSTRAINT "FK_discovery_theme_members_theme" FOREIGN KEY ("theme_id") REFERENCES "discovery_themes"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_discovery_theme_members_run" FOREIGN KEY ("run_id") REFERENCES "discovery_runs"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_discovery_theme_members_contact" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX "discovery_theme_members_run" ON "discovery_theme_members" ("run_id")`);
    // Erasing a customer's contacts finds their theme rows without a scan.
    await db.query(`CREATE INDEX "discovery_theme_members_contact" ON "discovery_theme_members" ("contact_id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "discovery_theme_members"`);
    await db.query(`DROP TABLE "discovery_themes"`);
    await db.query(`DROP TABLE "discovery_runs"`);
  }
}
