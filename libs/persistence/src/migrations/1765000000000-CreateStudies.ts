import type { MigrationInterface, QueryRunner } from 'typeorm';

// Sample-and-listen studies (docs/studies.md): a random, stratified sample of contacts for people
// to code in the customers' own words, and what they coded. A sampled contact goes with the
// contact (erasure removes it from every study); the model's answer is kept as it was when the
// sample was drawn, so the agreement measured is the agreement with that model.
export class CreateStudies1765000000000 implements MigrationInterface {
  name = 'CreateStudies1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "studies" (
        "id" SERIAL NOT NULL,
        "title" text NOT NULL,
        "filter" jsonb NOT NULL,
        "stratify_by" text NOT NULL,
        "margin_of_error" real NOT NULL,
        "prior_share" real NOT NULL,
        "seed" bigint NOT NULL,
        "population" integer NOT NULL,
        "sample_size" integer NOT NULL,
        "strata" jsonb NOT NULL,
        "blind" boolean NOT NULL DEFAULT false,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "status" text NOT NULL DEFAULT 'open',
        CONSTRAINT "PK_studies" PRIMARY KEY ("id"),
        CONSTRAINT "studies_stratify_by_check" CHECK ("stratify_by" IN ('step', 'channel', 'period')),
        CONSTRAINT "studies_status_check" CHECK ("status" IN ('open', 'complete')),
        CONSTRAINT "studies_seed_check" CHECK ("seed" >= 0 AND "seed" <= 4294967295)
      )`);
    await db.query(`
      CREATE TABLE "study_contacts" (
        "study_id" integer NOT NULL,
        "contact_id" bigint NOT NULL,
        "stratum" text NOT NULL,
        "position" integer NOT NULL,
        "model_category" text,
        "model_demand_type" text,
        "model_confidence" real,
        "model_version_id" integer,
        "code_demand_type" text,
        "code_failure_type" text,
        "code_step_key" text,
        "code_category_key" text,
        "not_for_here" boolean NOT NULL DEFAULT false,
        "coder" text,
        "coded_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_study_contacts" PRIMARY KEY ("study_id", "contact_id"),
        CONSTRAINT "study_contacts_code_check" CHECK ("code_demand_type" IN ('failure', 'value') AND "coded_at" IS NOT NULL OR "code_demand_type" IS NULL AND "coded_at" IS NULL),
        CONSTRAINT "FK_study_contacts_study" FOREIGN KEY ("study_id") REFERENCES "studies"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_study_contacts_contact" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE
      )`);
    // The coding order; also what finds the next contact to code.
    await db.query(`CREATE UNIQUE INDEX "study_contacts_position" ON "study_contacts" ("study_id", "position")`);
    // Erasing a customer's contacts finds their study rows without a scan.
    await db.query(`CREATE INDEX "study_contacts_contact" ON "study_contacts" ("contact_id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "study_contacts"`);
    await db.query(`DROP TABLE "studies"`);
  }
}
