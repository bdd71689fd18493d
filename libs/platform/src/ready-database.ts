import type { pino } from 'pino';
import type { AppConfig } from '@frictionlens/config';
import { createDataSource, openDatabase } from '@frictionlens/persistence';

export type ReadyDatabase = Awaited<ReturnType<typeof openDatabase>>;

/**
 * The database a process starts with: the embedded one when DATABASE_URL is unset, with pending
 * migrations applied when DATABASE_MIGRATE_ON_START says so. Stopped again if that fails.
 */
export async function openReadyDatabase(config: AppConfig, log: pino.Logger): Promise<ReadyDatabase> {
  const database = await openDatabase(config, (message) => log.info(message));
  try {
    if (config.DATABASE_MIGRATE_ON_START) await applyPendingMigrations(database.url, log);
    return database;
  } catch (error) {
    await database.stop();
    throw error;
  }
}

async function applyPendingMigrations(url: string, log: pino.Logger): Promise<void> {
  const dataSource = createDataSource(url, { logging: ['error'] });
  await dataSource.initialize();
  try {
    // Said before, not only after: a migration that recounts the rollups (repeat contacts did)
    // takes minutes on millions of contacts, and a silent start looks like a hang.
    if (await dataSource.showMigrations()) log.info('applying pending database migrations; one that recounts the demand rollups takes minutes on millions of contacts');
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length) log.info({ migrations: applied.map((m) => m.name) }, `applied ${applied.length} migration(s)`);
  } finally {
    await dataSource.destroy();
  }
}
