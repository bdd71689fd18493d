import { availableParallelism } from 'node:os';

/**
 * The processes a worker setting means on this machine. `auto` is one per core and one more:
 * each ingest process alternates between its own work and waiting on the broker and PostgreSQL,
 * and one spare process keeps the cores busy through those waits (on 2 cores, 3 workers drained
 * 19,000–21,000 contacts/s where 2 did 15,000–16,000 and 4 did 14,900; docs/ingest-performance.md).
 */
export function workerCount(setting: number | 'auto', cores: number = availableParallelism()): number {
  return setting === 'auto' ? Math.max(1, cores) + 1 : setting;
}
