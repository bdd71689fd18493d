import { Presets, SingleBar } from 'cli-progress';
import type { ImportProgress } from './run-import.js';

const MiB = 1024 * 1024;

/** A progress bar by bytes of the file read, on stderr; without a terminal, a line every 5 s. */
export function importProgressBar(): ImportProgress {
  const bar = new SingleBar(
    {
      format: 'importing [{bar}] {percentage}% | {read}/{size} MiB | {duration_formatted} elapsed, ETA {eta_formatted}',
      hideCursor: true,
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 5_000,
    },
    Presets.shades_classic,
  );
  const mib = (bytes: number) => (bytes / MiB).toFixed(1);
  let total = 0;
  return {
    start: (totalBytes) => {
      total = totalBytes;
      bar.start(totalBytes, 0, { read: mib(0), size: mib(totalBytes) });
    },
    update: (bytesRead) => bar.update(bytesRead, { read: mib(bytesRead), size: mib(total) }),
    stop: () => bar.stop(),
  };
}
