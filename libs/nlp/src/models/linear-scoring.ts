import type { LinearModel } from './one-vs-rest.js';

/**
 * Decision values of one sparse row: scores[k] = bias[k] + Σ values[i] × weights[indices[i], k].
 * Classes are taken four at a time with the sums in locals rather than in `scores`, which halves
 * the memory traffic of the hot loop. `bases` is scratch of at least `length` entries.
 */
export function scoreRow(
  model: LinearModel,
  indices: Int32Array,
  values: Float32Array,
  start: number,
  end: number,
  scores: Float32Array | Float64Array,
  offset: number,
  bases: Int32Array,
): void {
  const { classes, weights, biases } = model;
  for (let i = start; i < end; i++) bases[i - start] = indices[i]! * classes;
  const n = end - start;
  let k = 0;
  for (; k + 4 <= classes; k += 4) {
    let s0 = biases[k]!;
    let s1 = biases[k + 1]!;
    let s2 = biases[k + 2]!;
    let s3 = biases[k + 3]!;
    for (let i = 0; i < n; i++) {
      const x = values[start + i]!;
      const b = bases[i]! + k;
      s0 += x * weights[b]!;
      s1 += x * weights[b + 1]!;
      s2 += x * weights[b + 2]!;
      s3 += x * weights[b + 3]!;
    }
    scores[offset + k] = s0;
    scores[offset + k + 1] = s1;
    scores[offset + k + 2] = s2;
    scores[offset + k + 3] = s3;
  }
  for (; k < classes; k++) {
    let s = biases[k]!;
    for (let i = 0; i < n; i++) s += values[start + i]! * weights[bases[i]! + k]!;
    scores[offset + k] = s;
  }
}
