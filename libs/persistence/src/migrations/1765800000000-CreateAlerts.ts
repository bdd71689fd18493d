import type { MigrationInterface, QueryRunner } from 'typeorm';

// Alerts (docs/alerts.md, issue #19 item 4): subscriptions with their signing secret, what each
// subscription knows about each issue (one alert per issue: open, resolved, the cool-down), and the
// transactional outbox of deliveries, which is also the delivery log. A delivery row is written in
// the same transaction as the state change that caused it, and dispatchers claim due rows with
// FOR UPDATE SKIP LOCKED, so several API instances share them and a restart loses none.
export class CreateAlerts1765800000000 implements MigrationInterface {
  name = 'CreateAlerts1765800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "alert_subscriptions" (
        "id" uuid NOT NULL,
        "kind" text NOT NULL,
        "target" text NOT NULL,
        "name" text,
        "events" text array NOT NULL,
        "sensitivity" text NOT NULL DEFAULT 'medium',
        "filters" jsonb NOT NULL DEFAULT '{}',
        "secret" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_alert_subscriptions" PRIMARY KEY ("id"),
        CONSTRAINT "alert_subscriptions_kind_check" CHECK ("kind" IN ('webhook', 'slack', 'teams', 'email')),
        CONSTRAINT "alert_subscriptions_sensitivity_check" CHECK ("sensitivity" IN ('low', 'medium', 'high'))
      )`);
    await db.query(`
      CREATE TABLE "alert_states" (
        "subscription_id" uuid NOT NULL,
        "dedupe_key" text NOT NULL,
        "status" text NOT NULL,
        "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "resolved_at" TIMESTAMP WITH TIME ZONE,
        "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "value" jsonb,
        CONSTRAINT "PK_alert_states" PRIMARY KEY ("subscription_id", "dedupe_key"),
        CONSTRAINT "alert_states_status_check" CHECK ("status" IN ('open', 'resolved')),
        CONSTRAINT "FK_alert_states_subscription" FOREIGN KEY ("subscription_id") REFERENCES "alert_subscriptions"("id") ON DELETE CASCADE
      )`);
    await db.query(`
      CREATE TABLE "alert_deliveries" (
        "id" uuid NOT NULL,
        "subscription_id" uuid NOT NULL,
        "event" text NOT NULL,
        "alert_status" text NOT NULL,
        "dedupe_key" text NOT NULL,
        "alert" jsonb NOT NULL,
        "status" text NOT NULL DEFAULT 'pending',
        "attempts" integer NOT NULL DEFAULT 0,
        "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "last_attempt_at" TIMESTAMP WITH TIME ZONE,
        "last_error" text,
        "last_response_status" integer,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "delivered_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_alert_deliveries" PRIMARY KEY ("id"),
        CONSTRAINT "alert_deliveries_status_check" CHECK ("status" IN ('pending', 'delivered', 'failed')),
        CONSTRAINT "FK_alert_deliveries_subscription" FOREIGN KEY ("subscription_id") REFERENCES "alert_subscriptions"("id") ON DELETE CASCADE
      )`);
    // What the dispatchers claim, without a scan of the log.
    await db.query(`CREATE INDEX "alert_deliveries_due" ON "alert_deliveries" ("next_attempt_at") WHERE "status" = 'pending'`);
    // The delivery log, newest first, per subscription.
    await db.query(`CREATE INDEX "alert_deliveries_log" ON "alert_deliveries" ("subscription_id", "created_at")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "alert_deliveries"`);
    await db.query(`DROP TABLE "alert_states"`);
    await db.query(`DROP TABLE "alert_subscriptions"`);
  }
}
