import type { MigrationInterface, QueryRunner } from 'typeorm';

// The friction taxonomy (versioned), its labelled examples, reviewers' labels, trained model
// versions and the classifications they made.
export class CreateClassification1764300000000 implements MigrationInterface {
  name = 'CreateClassification1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "taxonomy_versions" (
        "id" SERIAL NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "summary" text NOT NULL,
        CONSTRAINT "PK_taxonomy_versions" PRIMARY KEY ("id")
      )`);
    await db.query(`
      CREATE TABLE "taxonomy_categories" (
        "taxonomy_version_id" integer NOT NULL,
        "key" text NOT NULL,
        "name" text NOT NULL,
        "description" text,
        "demand_type" text NOT NULL,
        "parent_key" text,
        "failure_type" text,
        "rules" text array NOT NULL DEFAULT '{}',
        "attributes" jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT "PK_taxonomy_categories" PRIMARY KEY ("taxonomy_version_id", "key"),
        CONSTRAINT "taxonomy_categories_demand_type_check" CHECK ("demand_type" IN ('failure', 'value')),
        CONSTRAINT "FK_taxonomy_categories_version" FOREIGN KEY ("taxonomy_version_id") REFERENCES "taxonomy_versions"("id") ON DELETE CASCADE
      )`);
    await db.query(`
      CREATE TABLE "labelled_examples" (
        "id" BIGSERIAL NOT NULL,
        "category_key" text NOT NULL,
        "text" text NOT NULL,
        "origin" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_labelled_examples" PRIMARY KEY ("id"),
        CONSTRAINT "labelled_examples_origin_check" CHECK ("origin" IN ('taxonomy', 'import'))
      )`);
    await db.query(`CREATE INDEX "labelled_examples_category" ON "labelled_examples" ("category_key")`);
    await db.query(`
      CREATE TABLE "contact_labels" (
        "contact_id" bigint NOT NULL,
        "category_key" text NOT NULL,
        "taxonomy_version_id" integer NOT NULL,
        "reviewer" text,
        "labelled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_contact_labels" PRIMARY KEY ("contact_id"),
        CONSTRAINT "FK_contact_labels_contact" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX "contact_labels_labelled_at" ON "contact_labels" ("labelled_at")`);
    await db.query(`
      CREATE TABLE "model_versions" (
        "id" SERIAL NOT NULL,
        "kind" text NOT NULL,
        "taxonomy_version_id" integer NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "example_count" integer NOT NULL,
        "label_count" integer NOT NULL,
        "evaluation" jsonb NOT NULL DEFAULT '{}',
        "artefact" bytea NOT NULL,
        "checksum" text NOT NULL,
        CONSTRAINT "PK_model_versions" PRIMARY KEY ("id"),
        CONSTRAINT "model_versions_kind_check" CHECK ("kind" IN ('linear', 'rules')),
        CONSTRAINT "FK_model_versions_taxonomy_version" FOREIGN KEY ("taxonomy_version_id") REFERENCES "taxonomy_versions"("id")
      )`);
    await db.query(`
      CREATE TABLE "classifications" (
        "id" BIGSERIAL NOT NULL,
        "contact_id" bigint NOT NULL,
        "model_version_id" integer NOT NULL,
        "taxonomy_version_id" integer NOT NULL,
        "category_key" text NOT NULL,
        "demand_type" text,
        "confidence" real NOT NULL,
        "top" jsonb NOT NULL,
        "explanation" jsonb NOT NULL,
        "sentiment" real NOT NULL,
        "effort_cues" text array NOT NULL DEFAULT '{}',
        "classified_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "current" boolean NOT NULL DEFAULT true,
        CONSTRAINT "PK_classifications" PRIMARY KEY ("id"),
        CONSTRAINT "FK_classifications_contact" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_classifications_model_version" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id")
      )`);
    // Same contact + same model version = one row, however often the contact is delivered.
    await db.query(`CREATE UNIQUE INDEX "classifications_contact_model" ON "classifications" ("contact_id", "model_version_id")`);
    await db.query(`CREATE UNIQUE INDEX "classifications_current_contact" ON "classifications" ("contact_id") WHERE "current"`);
    await db.query(`CREATE INDEX "classifications_review" ON "classifications" ("confidence") WHERE "current"`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "classifications"`);
    await db.query(`DROP TABLE "model_versions"`);
    await db.query(`DROP TABLE "contact_labels"`);
    await db.query(`DROP TABLE "labelled_examples"`);
    await db.query(`DROP TABLE "taxonomy_categories"`);
    await db.query(`DROP TABLE "taxonomy_versions"`);
  }
}
