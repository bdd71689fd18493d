import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateContacts1764100000000 implements MigrationInterface {
  name = 'CreateContacts1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "contacts" (
        "id" BIGSERIAL NOT NULL,
        "kind" text NOT NULL,
        "source" text NOT NULL,
        "source_id" text NOT NULL,
        "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "channel" text,
        "product_sku" text,
        "text" text NOT NULL,
        "language" text,
        "customer_hash" text,
        "attributes" jsonb NOT NULL DEFAULT '{}'::jsonb,
        CONSTRAINT "PK_contacts" PRIMARY KEY ("id"),
        CONSTRAINT "contacts_kind_check" CHECK ("kind" IN ('ticket', 'warranty_claim', 'complaint'))
      )`);
    await db.query(`CREATE UNIQUE INDEX "contacts_idempotency_key" ON "contacts" ("kind", "source", "source_id")`);
    await db.query(`CREATE INDEX "contacts_occurred_at" ON "contacts" ("occurred_at")`);
    await db.query(`CREATE INDEX "contacts_customer_hash" ON "contacts" ("customer_hash") WHERE "customer_hash" IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "contacts"`);
  }
}
