import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateApiKeys1764200000000 implements MigrationInterface {
  name = 'CreateApiKeys1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "api_keys" (
        "id" text NOT NULL,
        "name" text NOT NULL,
        "secret_hash" text NOT NULL,
        "scopes" text array NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "last_used_at" TIMESTAMP WITH TIME ZONE,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_api_keys" PRIMARY KEY ("id")
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "api_keys"`);
  }
}
