import pg from 'pg';

/** Drops every database this run created, then stops the services the run started. */
export default async function globalTeardown(): Promise<void> {
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
