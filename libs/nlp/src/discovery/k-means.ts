import { seededRandom } from '../models/random.js';
import type { EmbeddingMatrix } from './embedding-matrix.js';
import { dot, normaliseRows } from './embedding-matrix.js';
import { yieldToEventLoop } from './yield.js';

export interface KMeansOptions {
  maxIterations?: number;
  signal?: AbortSignal;
  onIteration?: (iteration: number, moved: number) => void;
}

export interface KMeansResult {
  /** The theme of each row. */
  assignments: Int32Array;
  /** Unit-length centres, row-major (k × dimensions). */
  centres: Float32Array;
  /** Sum over rows of the cosine to their centre: higher is tighter. */
  cohesion: number;
  iterations: number;
}

/**
 * Spherical k-means (cosine) from the given centres, for rows of unit length: each row goes to the
 * centre of highest cosine, each centre becomes its rows' normalised mean, until no row moves. A
 * centre that loses every row keeps its place.
 *
 * Hamerly's bounds, for cosines: a row keeps a lower bound on its cosine to its own centre and an
 * upper bound on its cosine to any other. A centre that moves by δ changes a unit row's cosine to
 * it by at most δ, so after each update the bounds widen by the drifts, and only rows whose bounds
 * cross are looked at again. Same assignments as checking every centre every time, several
 * times faster once few rows move.
 */
export async function sphericalKMeans(matrix: EmbeddingMatrix, initial: Float32Array, options: KMeansOptions = {}): Promise<KMeansResult> {
  const { rows, dimensions, data } = matrix;
  const k = initial.length / dimensions;
  const centres = initial.slice();
  const assignments = new Int32Array(rows).fill(-1);
  const lower = new Float64Array(rows);
  const upper = new Float64Array(rows);
  const sums = new Float64Array(k * dimensions);
  const drift = new Float64Array(k);
  const maxIterations = options.maxIterations ?? 50;
  let iterations = 0;
  while (iterations < maxIterations) {
    await yieldToEventLoop();
    options.signal?.throwIfAborted();
    iterations++;
    let moved = 0;
    for (let i = 0; i < rows; i++) {
      const own = assignments[i]!;
      if (own >= 0) {
        if (lower[i]! >= upper[i]!) continue;
        lower[i] = dot(data, i * dimensions, centres, own * dimensions, dimensions);
        if (lower[i]! >= upper[i]!) continue;
      }
      const [best, first, second] = twoNearest(data, i * dimensions, centres, k, dimensions);
      lower[i] = first;
      upper[i] = second;
      if (own !== best) {
        assignments[i] = best;
        moved++;
      }
    }
    options.onIteration?.(iterations, moved);
    if (moved === 0) break;
    sums.fill(0);
    for (let i = 0; i < rows; i++) {
      const at = assignments[i]! * dimensions;
      for (let j = 0; j < dimensions; j++) sums[at + j]! += data[i * dimensions + j]!;
    }
    let largestDrift = 0;
    for (let c = 0; c < k; c++) {
      let length = 0;
      for (let j = 0; j < dimensions; j++) length += sums[c * dimensions + j]! ** 2;
      drift[c] = 0;
      if (length === 0) continue;
      const scale = 1 / Math.sqrt(length);
      let moveSquared = 0;
      for (let j = 0; j < dimensions; j++) {
        const value = sums[c * dimensions + j]! * scale;
        moveSquared += (value - centres[c * dimensions + j]!) ** 2;
        centres[c * dimensions + j] = value;
      }
      drift[c] = Math.sqrt(moveSquared);
      largestDrift = Math.max(largestDrift, drift[c]!);
    }
    for (let i = 0; i < rows; i++) {
      lower[i]! -= drift[assignments[i]!]!;
      upper[i]! += largestDrift;
    }
  }
  let cohesion = 0;
  for (let i = 0; i < rows; i++) cohesion += dot(data, i * dimensions, centres, assignments[i]! * dimensions, dimensions);
  return { assignments, centres, cohesion, iterations };
}

// The nearest centre with its cosine, and the second-highest cosine.
function twoNearest(data: Float32Array, at: number, centres: Float32Array, k: number, dimensions: number): [number, number, number] {
  let best = 0;
  let first = -Infinity;
  let second = -Infinity;
  for (let c = 0; c < k; c++) {
    const similarity = dot(data, at, centres, c * dimensions, dimensions);
    if (similarity > first) {
      second = first;
      first = similarity;
      best = c;
    } else if (similarity > second) second = similarity;
  }
  return [best, first, second];
}

/** k-means++ seeding on cosine distance: each new centre drawn with probability ∝ squared distance to the nearest chosen one. */
export function kMeansPlusPlus(matrix: EmbeddingMatrix, k: number, seed: number, signal?: AbortSignal): Float32Array {
  const { rows, dimensions, data } = matrix;
  const random = seededRandom(seed);
  const uniform = () => random() / 2 ** 32;
  const centres = new Float32Array(k * dimensions);
  const nearest = new Float64Array(rows).fill(Infinity);
  let chosen = Math.floor(uniform() * rows);
  for (let c = 0; c < k; c++) {
    signal?.throwIfAborted();
    centres.set(data.subarray(chosen * dimensions, (chosen + 1) * dimensions), c * dimensions);
    let total = 0;
    for (let i = 0; i < rows; i++) {
      const d = Math.max(0, 1 - dot(data, i * dimensions, centres, c * dimensions, dimensions));
      if (d * d < nearest[i]!) nearest[i] = d * d;
      total += nearest[i]!;
    }
    if (total === 0) break;
    let target = uniform() * total;
    chosen = rows - 1;
    for (let i = 0; i < rows; i++) {
      target -= nearest[i]!;
      if (target <= 0) {
        chosen = i;
        break;
      }
    }
  }
  normaliseRows(centres, dimensions);
  return centres;
}
