import type { pino } from 'pino';
import { createDataSource } from '@frictionlens/persistence';

/** Applies the migrations the database lacks, saying so before and after. */
export async function applyPendingMigrations(url: string, log: pino.Logger): Promise<void> {
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
