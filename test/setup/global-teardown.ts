import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';

/** Drops every database and topic this run created, then stops the services the run started. */
export default async function globalTeardown(): Promise<void> {
  await deleteRunTopics();
  const server = process.env.FRICTIONLENS_TEST_DATABASE_SERVER;
  const runId = process.env.FRICTIONLENS_TEST_RUN;
  if (server && runId) {
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`fl_test_${runId}_%`]);
      for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  await globalThis.__frictionlensServices?.stop();
}

// Test files name their topics test.<run>.<file>.*; left behind they would pile up on a shared broker.
async function deleteRunTopics(): Promise<void> {
  const brokers = process.env.FRICTIONLENS_TEST_KAFKA_BROKERS;
  const runId = process.env.FRICTIONLENS_TEST_RUN;
  if (!brokers || !runId) return;
  const admin = new Kafka({ brokers: brokers.split(','), clientId: 'frictionlens-test-teardown', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`test.${runId}.`));
    if (topics.length) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}
