import type { MigrationInterface, QueryRunner } from 'typeorm';

// The classifier's accurate mode (docs/encoder.md): model versions of kind 'encoder', and the
// sentence embeddings it computes once and reuses. A contact's embedding goes with the contact
// (erasure removes it); an example's is keyed by the SHA-256 of its text, since labelled examples
// are taxonomy or imported texts, not contacts. Each vector is float32 little-endian, stored with
// the encoder that made it: another encoder (or another export of it) never reads it.
export class CreateEmbeddings1764710000000 implements MigrationInterface {
  name = 'CreateEmbeddings1764710000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "model_versions" DROP CONSTRAINT "model_versions_kind_check"`);
    await db.query(`ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_kind_check" CHECK ("kind" IN ('linear', 'rules', 'encoder'))`);
    await db.query(`
      CREATE TABLE "contact_embeddings" (
        "contact_id" bigint NOT NULL,
        "encoder_checksum" text NOT NULL,
        "encoder" text NOT NULL,
        "dimensions" integer NOT NULL,
        "vector" bytea NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_contact_embeddings" PRIMARY KEY ("contact_id", "encoder_checksum"),
        CONSTRAINT "contact_embeddings_vector_check" CHECK (octet_length("vector") = 4 * "dimensions"),
        CONSTRAINT "FK_contact_embeddings_contact" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE
      )`);
    await db.query(`
      CREATE TABLE "example_embeddings" (
        "text_sha256" text NOT NULL,
        "encoder_checksum" text NOT NULL,
        "encoder" text NOT NULL,
        "dimensions" integer NOT NULL,
        "vector" bytea NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_example_embeddings" PRIMARY KEY ("text_sha256", "encoder_checksum"),
        CONSTRAINT "example_embeddings_vector_check" CHECK (octet_length("vector") = 4 * "dimensions")
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "example_embeddings"`);
    await db.query(`DROP TABLE "contact_embeddings"`);
    // The narrower constraint cannot stand beside encoder models: they go, with what they classified.
    await db.query(`DELETE FROM "classifications" WHERE "model_version_id" IN (SELECT "id" FROM "model_versions" WHERE "kind" = 'encoder')`);
    await db.query(`DELETE FROM "model_versions" WHERE "kind" = 'encoder'`);
    await db.query(`ALTER TABLE "model_versions" DROP CONSTRAINT "model_versions_kind_check"`);
    await db.query(`ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_kind_check" CHECK ("kind" IN ('linear', 'rules'))`);
  }
}
