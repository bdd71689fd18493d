import type { AppConfig } from '@frictionlens/config';
import { startEmbeddedPostgres, type RunningDatabase } from './embedded-postgres.js';

/**
 * Where the database is: DATABASE_URL when set, otherwise a real PostgreSQL embedded in the
 * process (started on demand) so that a fresh clone runs with no set-up.
 */
export async function openDatabase(
  config: Pick<AppConfig, 'DATABASE_URL' | 'EMBEDDED_POSTGRES_DIR' | 'EMBEDDED_POSTGRES_PORT'>,
  log: (message: string) => void,
): Promise<RunningDatabase & { embedded: boolean }> {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, embedded: false, stop: async () => undefined };
  }
  const running = await startEmbeddedPostgres({
    dir: config.EMBEDDED_POSTGRES_DIR,
    port: config.EMBEDDED_POSTGRES_PORT,
    database: 'frictionlens',
    log,
  });
  return { ...running, embedded: true };
}
