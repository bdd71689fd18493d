import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The channel a service listens on to forget the API keys it has verified. */
export const API_KEYS_CHANGED_CHANNEL = 'frictionlens_api_keys_changed';

// A revoked key must stop working at once on every instance, though instances keep the keys
// they have verified rather than asking PostgreSQL on every request. Not on last_used_at, which
// each key's use updates once a minute.
export class NotifyApiKeyChanges1764900000000 implements MigrationInterface {
  name = 'NotifyApiKeyChanges1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION "notify_api_keys_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${API_KEYS_CHANGED_CHANNEL}', '');
        RETURN NULL;
      END $$`);
    await db.query(
      `CREATE TRIGGER "api_keys_notify_changed" AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF "secret_hash", "scopes", "revoked_at" ON "api_keys" FOR EACH STATEMENT EXECUTE FUNCTION "notify_api_keys_changed"()`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER "api_keys_notify_changed" ON "api_keys"`);
    await db.query(`DROP FUNCTION "notify_api_keys_changed"()`);
  }
}
