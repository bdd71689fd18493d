import { availableParallelism } from 'node:os';

/**
 * The processes a worker setting means on this machine: `auto` is one per core the process may
 * use. (A spare process to fill the waits on the broker and PostgreSQL paid while the ingest path
 * spent more CPU per event; once it spent less, 3 workers on 2 cores drained no faster than 2 and
 * held 280 MB more: docs/ingest-performance.md.)
 */
export function workerCount(setting: number | 'auto', cores: number = availableParallelism()): number {
  return setting === 'auto' ? Math.max(1, cores) : setting;
}
