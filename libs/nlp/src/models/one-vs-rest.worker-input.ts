import type { SvmSettings } from './dual-coordinate-descent.js';

/** Slots of the shared status array a training worker reports through. */
export const Status = { Started: 0, ClassesDone: 1, Finished: 2, Length: 3 } as const;

/** What a one-vs-rest worker receives: the problem in shared memory and where to write results. */
export interface WorkerInput {
  rows: number;
  columns: number;
  rowStart: SharedArrayBuffer;
  indices: SharedArrayBuffer;
  values: SharedArrayBuffer;
  targets: SharedArrayBuffer;
  costs: SharedArrayBuffer;
  /** The classes this worker trains, in order; results go to slot i for classes[i]. */
  classes: number[];
  settings: SvmSettings;
  seed: number;
  /** Dual variables to start from, `rows` per class in slot order. */
  warmStart: SharedArrayBuffer | undefined;
  /** Out: w (columns + 1 float64, bias last) per class in slot order. */
  weights: SharedArrayBuffer;
  /** Out: alpha (rows float64) per class in slot order. */
  alphas: SharedArrayBuffer;
  status: SharedArrayBuffer;
}
