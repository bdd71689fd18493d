import { workerData } from 'node:worker_threads';
import { svmProblemOf } from './dual-coordinate-descent.js';
import { trainClass } from './one-vs-rest.js';
import { Status, type WorkerInput } from './one-vs-rest.worker-input.js';

// Trains its share of one-vs-rest classes into shared memory (see parallel-one-vs-rest.ts).
const input = workerData as WorkerInput;
const status = new Int32Array(input.status);
Atomics.store(status, Status.Started, 1);

const matrix = {
  rows: input.rows,
  columns: input.columns,
  rowStart: new Int32Array(input.rowStart),
  indices: new Int32Array(input.indices),
  values: new Float32Array(input.values),
};
const problem = svmProblemOf(matrix, input.settings.bias, new Float64Array(input.costs));
const targets = new Int32Array(input.targets);
const weights = new Float64Array(input.weights);
const alphas = new Float64Array(input.alphas);
const warmStart = input.warmStart && new Float64Array(input.warmStart);

input.classes.forEach((k, slot) => {
  const start = warmStart?.subarray(slot * input.rows, (slot + 1) * input.rows);
  const { w, alpha } = trainClass(problem, targets, k, { settings: input.settings, seed: input.seed, balanced: false, warmStart: () => start });
  weights.set(w, slot * (input.columns + 1));
  alphas.set(alpha, slot * input.rows);
  Atomics.add(status, Status.ClassesDone, 1);
  Atomics.notify(status, Status.Finished);
});
Atomics.store(status, Status.Finished, 1);
Atomics.notify(status, Status.Finished);
