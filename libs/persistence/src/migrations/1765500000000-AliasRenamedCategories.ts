import type { MigrationInterface, QueryRunner } from 'typeorm';

// Renaming or merging a category rewrites history to the new key, but the model serving then was
// trained on the old one and keeps predicting it until the retrain the new taxonomy version sets
// off. Each alias says which key a classification by such a model lands under: one row per old
// key, chains collapsed (a→b then b→c is a→c), applied where classifications are stored.
export class AliasRenamedCategories1765500000000 implements MigrationInterface {
  name = 'AliasRenamedCategories1765500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "category_aliases" (
        "old_key" text NOT NULL,
        "new_key" text NOT NULL,
        "taxonomy_version_id" integer NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_category_aliases" PRIMARY KEY ("old_key"),
        CONSTRAINT "FK_category_aliases_taxonomy_version" FOREIGN KEY ("taxonomy_version_id") REFERENCES "taxonomy_versions"("id")
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "category_aliases"`);
  }
}
