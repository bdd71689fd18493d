import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createKafka, type LogSink } from '@frictionlens/kafka';
import { createDataSource } from '@frictionlens/persistence';
import type { Kafka } from 'kafkajs';

/** The same server URL pointing at another database. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: integration tests must run through jest's integration project (npm test)`);
  return value;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

const TEMPLATE_LOCK = 727_001;

/**
 * The run's template database with the real migrations applied, made once per run by whichever
 * test file asks first (an advisory lock keeps parallel workers from racing).
 */
async function migratedTemplate(admin: pg.Client, server: string): Promise<string> {
  const template = `fl_test_${required('FRICTIONLENS_TEST_RUN')}_template`;
  await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (found.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${template}`);
      const dataSource = createDataSource(databaseUrlFor(server, template), { logging: ['error'] });
      await dataSource.initialize();
      await dataSource.runMigrations({ transaction: 'each' });
      await dataSource.destroy();
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
  }
  return template;
}

/** A database of its own for one test file, cloned from the migrated template (fast, and it tests the migrations). */
export async function freshDatabase(): Promise<TestDatabase> {
  const server = required('FRICTIONLENS_TEST_DATABASE_SERVER');
  const name = `fl_test_${required('FRICTIONLENS_TEST_RUN')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    const template = await migratedTemplate(admin, server);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  return {
    url: databaseUrlFor(server, name),
    name,
    drop: async () => {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      try {
        // pg's Pool.end() resolves once it has asked its connections to close, not once they
        // have: a FORCE drop in that moment terminates them, and the "terminating connection"
        // error lands on a pool nobody listens to any more. Give them a moment to go by themselves.
        for (let i = 0; i < 40; i++) {
          const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (rows[0]!.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export function testKafkaBrokers(): string[] {
  return required('FRICTIONLENS_TEST_KAFKA_BROKERS').split(',');
}

/** A topic prefix no other test file or run shares, so runs never see each other's messages. */
export function freshTopicPrefix(): string {
  return `test.${required('FRICTIONLENS_TEST_RUN')}.${randomBytes(3).toString('hex')}.`;
}

export const quietLog: LogSink = {
  error: (message, fields) => console.error(message, fields ?? ''),
  warn: () => undefined,
  log: () => undefined,
};

export function testKafka(clientId = 'frictionlens-test'): Kafka {
  return createKafka({ brokers: testKafkaBrokers(), clientId }, quietLog);
}
