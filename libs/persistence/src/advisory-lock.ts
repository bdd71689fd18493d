import type { DataSource } from 'typeorm';

/** Whether `withAdvisoryLock` ran the work, and what it returned. */
export type UnderLock<T> = { locked: true; value: T } | { locked: false };

/**
 * Runs `work` while a PostgreSQL session-level advisory lock on `key` (one number, or two) is held,
 * so that one process at a time does it among all that share the database; `{ locked: false }`
 * without running it when another session holds the lock. The lock is taken on a connection of its
 * own, held while the work runs on any connection, and given back whatever the work does.
 */
export async function withAdvisoryLock<T>(db: DataSource, key: number | readonly [number, number], work: () => Promise<T>): Promise<UnderLock<T>> {
  const [sql, args] = typeof key === 'number' ? ['$1::bigint', [key]] : ['$1::integer, $2::integer', [...key]];
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }] = (await runner.query(`SELECT pg_try_advisory_lock(${sql}) AS locked`, args)) as [{ locked: boolean }];
    if (!locked) return { locked: false };
    try {
      return { locked: true, value: await work() };
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(${sql})`, args);
    }
  } finally {
    await runner.release();
  }
}
