import { seededRandom } from '../models/random.js';
import type { EmbeddingMatrix } from './embedding-matrix.js';
import { dot, dotsWithRows, normaliseRows } from './embedding-matrix.js';
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
 * Elkan's bounds, for cosines: each row keeps a lower bound on its cosine to its own centre and an
 * upper bound on its cosine to every centre (rows × k float32 numbers: 18 MB for 20,000 rows and
 * 226 themes). A centre that moves by δ changes a unit row's cosine to it by at most δ, so after each
 * update the bounds widen by the drifts, and a row computes only the cosines whose bound could
 * beat its own centre. Same assignments as checking every centre every time; once few rows move,
 * a pass costs little more than reading the bounds.
 */
export async function sphericalKMeans(matrix: EmbeddingMatrix, initial: Float32Array, options: KMeansOptions = {}): Promise<KMeansResult> {
  const { rows, dimensions, data } = matrix;
  const k = initial.length / dimensions;
  const centres = initial.slice();
  const assignments = new Int32Array(rows);
  const lower = new Float64Array(rows);
  // float32 halves the largest array (rows × k); every value written is raised by BOUND_MARGIN so
  // that its rounding to float32 can only loosen the bound, never tighten it past the truth.
  const upper = new Float32Array(rows * k);
  const sums = new Float64Array(k * dimensions);
  const drift = new Float64Array(k);
  const maxIterations = options.maxIterations ?? 50;
  // First pass: every cosine, exactly, a row against four centres at a time.
  const similarities = new Float64Array(k);
  for (let i = 0; i < rows; i++) {
    dotsWithRows(data, i, centres, 0, k, dimensions, similarities);
    let best = 0;
    for (let c = 0; c < k; c++) {
      upper[i * k + c] = similarities[c]! + BOUND_MARGIN;
      if (similarities[c]! > similarities[best]!) best = c;
    }
    assignments[i] = best;
    lower[i] = similarities[best]!;
  }
  let iterations = 1;
  let moved = rows;
  options.onIteration?.(iterations, moved);
  // Each centre's sum of rows is kept and changed by the rows that move, so a late pass, where a
  // few dozen of 20,000 rows move, neither re-adds every row nor widens the bounds of centres
  // that did not move.
  const counts = new Int32Array(k);
  for (let i = 0; i < rows; i++) {
    const at = assignments[i]! * dimensions;
    counts[assignments[i]!]!++;
    for (let j = 0; j < dimensions; j++) sums[at + j]! += data[i * dimensions + j]!;
  }
  const changed = new Uint8Array(k).fill(1);
  const drifting = new Int32Array(k);
  while (iterations < maxIterations && moved > 0) {
    await yieldToEventLoop();
    options.signal?.throwIfAborted();
    const driftingCount = updateCentres(dimensions, centres, sums, counts, changed, drift, drifting);
    changed.fill(0);
    for (let i = 0; i < rows; i++) {
      lower[i]! -= drift[assignments[i]!]!;
      const row = i * k;
      for (let d = 0; d < driftingCount; d++) {
        const c = drifting[d]!;
        upper[row + c] = Math.min(upper[row + c]! + drift[c]! + BOUND_MARGIN, BOUND_CAP);
      }
    }
    iterations++;
    moved = 0;
    for (let i = 0; i < rows; i++) {
      let own = assignments[i]!;
      let tight = false;
      for (let c = 0; c < k; c++) {
        if (c === own || upper[i * k + c]! <= lower[i]!) continue;
        if (!tight) {
          lower[i] = dot(data, i * dimensions, centres, own * dimensions, dimensions);
          upper[i * k + own] = lower[i]! + BOUND_MARGIN;
          tight = true;
          if (upper[i * k + c]! <= lower[i]!) continue;
        }
        const similarity = dot(data, i * dimensions, centres, c * dimensions, dimensions);
        upper[i * k + c] = similarity + BOUND_MARGIN;
        if (similarity > lower[i]!) {
          own = c;
          lower[i] = similarity;
        }
      }
      const previous = assignments[i]!;
      if (own !== previous) {
        assignments[i] = own;
        moved++;
        counts[previous]!--;
        counts[own]!++;
        changed[previous] = 1;
        changed[own] = 1;
        for (let j = 0; j < dimensions; j++) {
          const value = data[i * dimensions + j]!;
          sums[previous * dimensions + j]! -= value;
          sums[own * dimensions + j]! += value;
        }
      }
    }
    options.onIteration?.(iterations, moved);
  }
  let cohesion = 0;
  for (let i = 0; i < rows; i++) cohesion += dot(data, i * dimensions, centres, assignments[i]! * dimensions, dimensions);
  return { assignments, centres, cohesion, iterations };
}

// Above float32's rounding of any bound below BOUND_CAP (half a unit in the last place is at most
// 4.8e-7 under 16), and far below the gaps between cosines that decide an assignment.
const BOUND_MARGIN = 1e-6;
// A cosine of unit rows is at most 1 (1 + a few float32 units, rounded), so an upper bound never
// needs to exceed this.
const BOUND_CAP = 1.001;

// Each centre whose rows changed becomes the normalised mean of its rows; drift[c] is how far it
// moved (0 for the others, and for a centre with no rows, which keeps its place). The centres that
// moved are listed in `drifting`; returns how many.
function updateCentres(dimensions: number, centres: Float32Array, sums: Float64Array, counts: Int32Array, changed: Uint8Array, drift: Float64Array, drifting: Int32Array): number {
  let driftingCount = 0;
  for (let c = 0; c < drift.length; c++) {
    drift[c] = 0;
    if (!changed[c]) continue;
    if (counts[c] === 0) {
      // Rows added and taken away leave rounding behind, not a direction.
      sums.fill(0, c * dimensions, (c + 1) * dimensions);
      continue;
    }
    let length = 0;
    for (let j = 0; j < dimensions; j++) length += sums[c * dimensions + j]! ** 2;
    if (length === 0) continue;
    const scale = 1 / Math.sqrt(length);
    let moveSquared = 0;
    for (let j = 0; j < dimensions; j++) {
      const value = sums[c * dimensions + j]! * scale;
      moveSquared += (value - centres[c * dimensions + j]!) ** 2;
      centres[c * dimensions + j] = value;
    }
    drift[c] = Math.sqrt(moveSquared);
    if (drift[c]! > 0) drifting[driftingCount++] = c;
  }
  return driftingCount;
}

/** k-means++ seeding on cosine distance: each new centre drawn with probability ∝ squared distance to the nearest chosen one. */
export function kMeansPlusPlus(matrix: EmbeddingMatrix, k: number, seed: number, signal?: AbortSignal): Float32Array {
  const { rows, dimensions, data } = matrix;
  const random = seededRandom(seed);
  const uniform = () => random() / 2 ** 32;
  const centres = new Float32Array(k * dimensions);
  const nearest = new Float64Array(rows).fill(Infinity);
  const similarities = new Float64Array(rows);
  let chosen = Math.floor(uniform() * rows);
  for (let c = 0; c < k; c++) {
    signal?.throwIfAborted();
    centres.set(data.subarray(chosen * dimensions, (chosen + 1) * dimensions), c * dimensions);
    // The new centre is row `chosen`: its cosine to every row, four rows at a time.
    dotsWithRows(data, chosen, data, 0, rows, dimensions, similarities);
    let total = 0;
    for (let i = 0; i < rows; i++) {
      const d = Math.max(0, 1 - similarities[i]!);
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
