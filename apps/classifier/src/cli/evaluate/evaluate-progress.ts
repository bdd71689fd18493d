import { Presets, SingleBar } from 'cli-progress';

export interface StageProgress {
  (progress: { stage: string; done: number; total: number }): void;
  /** Ends the bar in hand (call once the work is done). */
  stop: () => void;
}

/** One progress bar per stage on stderr; without a terminal, a line every 5 s. */
export function stageProgress(prefix: string): StageProgress {
  let bar: SingleBar | undefined;
  let current = '';
  const stop = () => {
    bar?.stop();
    bar = undefined;
    current = '';
  };
  const update = ({ stage, done, total }: { stage: string; done: number; total: number }) => {
    if (stage !== current) {
      stop();
      current = stage;
      bar = new SingleBar(
        { format: `${prefix} ${stage} [{bar}] {value}/{total} | {duration_formatted}`, stream: process.stderr, hideCursor: true, noTTYOutput: true, notTTYSchedule: 5_000 },
        Presets.shades_classic,
      );
      bar.start(total, done);
    }
    bar?.update(done);
  };
  return Object.assign(update, { stop });
}
