import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SparseMatrix } from '../features/sparse-matrix.js';
import { svmProblemOf } from './dual-coordinate-descent.js';
import { balancedCosts, trainClass, trainOneVsRest, type OneVsRestOptions, type OneVsRestResult } from './one-vs-rest.js';
import { Status, type WorkerInput } from './one-vs-rest.worker-input.js';

export interface ParallelOneVsRestOptions extends OneVsRestOptions {
  /** Threads including this one (default: 2, or 1 on a single core). */
  threads?: number;
}

// The worker script exists only as compiled JavaScript; run from TypeScript sources (ts-jest),
// training stays on this thread.
const workerScript = new URL('./one-vs-rest.worker.js', import.meta.url);
const RUNS_FROM_SOURCE = import.meta.url.endsWith('.ts');
// A worker that has not started by the time this thread is done with its share never will.
const START_GRACE_MS = 10_000;
const STALL_MS = 120_000;

/**
 * trainOneVsRest with the classes shared between this thread and one worker thread, which
 * writes into shared memory while this thread trains its own share. Blocks like the serial
 * version and gives the same model: each class's SVM depends only on its seed and the data.
 */
export function trainOneVsRestInParallel(matrix: SparseMatrix, targets: Int32Array, classes: number, options: ParallelOneVsRestOptions): OneVsRestResult {
  const threads = Math.min(options.threads ?? Math.min(2, availableParallelism()), 2);
  if (threads < 2 || classes < 4 || RUNS_FROM_SOURCE) return trainOneVsRest(matrix, targets, classes, options);

  const costs = options.balanced ? balancedCosts(targets, classes) : new Float64Array(matrix.rows).fill(1);
  const theirs = Array.from({ length: classes }, (_, k) => k).filter((k) => k % 2 === 1);
  const input = workerInputOf(matrix, targets, costs, theirs, options);
  const worker = new Worker(workerScript, { workerData: input });
  worker.unref();

  const problem = svmProblemOf(matrix, options.settings.bias, costs);
  const w = new Map<number, Float64Array>();
  const alphas = new Map<number, Float64Array>();
  const status = new Int32Array(input.status);
  let mine = 0;
  const report = () => options.onClassDone?.(mine + Atomics.load(status, Status.ClassesDone), classes);
  for (let k = 0; k < classes; k += 2) {
    const result = trainClass(problem, targets, k, options);
    w.set(k, result.w);
    alphas.set(k, result.alpha);
    mine++;
    report();
  }
  const done = awaitWorker(status, report);
  theirs.forEach((k, i) => {
    if (i < done) {
      w.set(k, new Float64Array(input.weights, i * (matrix.columns + 1) * 8, matrix.columns + 1));
      alphas.set(k, new Float64Array(input.alphas, i * matrix.rows * 8, matrix.rows));
    } else {
      // The worker never started or stalled: this thread finishes its classes.
      const result = trainClass(problem, targets, k, options);
      w.set(k, result.w);
      alphas.set(k, result.alpha);
      mine++;
      report();
    }
  });
  if (done < theirs.length) void worker.terminate();
  return assemble(matrix.columns, classes, options.settings.bias, w, alphas);
}

function workerInputOf(matrix: SparseMatrix, targets: Int32Array, costs: Float64Array, classes: number[], options: OneVsRestOptions): WorkerInput {
  const warm = classes.map((k) => options.warmStart?.(k));
  const warmStart = warm.every((alpha) => alpha !== undefined) ? shared(Float64Array, warm.length * matrix.rows) : undefined;
  warm.forEach((alpha, i) => alpha && warmStart?.set(alpha, i * matrix.rows));
  return {
    rows: matrix.rows,
    columns: matrix.columns,
    rowStart: sharedCopy(Int32Array, matrix.rowStart),
    indices: sharedCopy(Int32Array, matrix.indices),
    values: sharedCopy(Float32Array, matrix.values),
    targets: sharedCopy(Int32Array, targets),
    costs: sharedCopy(Float64Array, costs),
    classes,
    settings: options.settings,
    seed: options.seed,
    warmStart: warmStart?.buffer as SharedArrayBuffer | undefined,
    weights: new SharedArrayBuffer(classes.length * (matrix.columns + 1) * 8),
    alphas: new SharedArrayBuffer(classes.length * matrix.rows * 8),
    status: new SharedArrayBuffer(Status.Length * 4),
  };
}

// Waits (blocking) for the worker; returns how many of its classes it finished.
function awaitWorker(status: Int32Array, report: () => void): number {
  const started = Date.now();
  let lastDone = -1;
  let lastProgress = Date.now();
  while (Atomics.load(status, Status.Finished) === 0) {
    Atomics.wait(status, Status.Finished, 0, 500);
    report();
    const done = Atomics.load(status, Status.ClassesDone);
    if (done !== lastDone) [lastDone, lastProgress] = [done, Date.now()];
    if (Atomics.load(status, Status.Started) === 0 && Date.now() - started > START_GRACE_MS) return 0;
    if (Date.now() - lastProgress > STALL_MS) return done;
  }
  return Atomics.load(status, Status.ClassesDone);
}

function assemble(columns: number, classes: number, bias: number, w: Map<number, Float64Array>, alphas: Map<number, Float64Array>): OneVsRestResult {
  const weights = new Float32Array(columns * classes);
  const biases = new Float32Array(classes);
  for (let k = 0; k < classes; k++) {
    const wk = w.get(k)!;
    for (let f = 0; f < columns; f++) weights[f * classes + k] = wk[f]!;
    biases[k] = wk[columns]! * bias;
  }
  return { model: { classes, features: columns, weights, biases }, alphas: Array.from({ length: classes }, (_, k) => alphas.get(k)!) };
}

type TypedArrayOf<T> = { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };

function shared<T>(Type: TypedArrayOf<T>, length: number): T {
  return new Type(new SharedArrayBuffer(length * Type.BYTES_PER_ELEMENT));
}

function sharedCopy<T extends Int32Array | Float32Array | Float64Array>(Type: TypedArrayOf<T>, source: T): SharedArrayBuffer {
  const copy = shared(Type, source.length);
  copy.set(source as never);
  return copy.buffer as SharedArrayBuffer;
}
