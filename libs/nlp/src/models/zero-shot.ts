import { seededRandom } from './random.js';

/**
 * Zero-shot scores: a category known only by its name and description is scored by the cosine
 * between the text's embedding and the embedding of that name and description (its prototype),
 * mapped onto the linear model's decision values by z = slope × cosine + offset, so it competes
 * with the trained categories in one softmax.
 *
 * The map is fitted on the held-out rows of the trained categories, as if some of them were cold:
 * for each held-out text, a few random sets of categories (each in with probability `coldShare`,
 * the share of the model's categories that have no examples) are scored by their descriptions
 * instead of the model, and the fitted (slope, offset) maximise the mean log-likelihood of the
 * true category over those draws. So a category that fits the text wins where it would have
 * lost to the model's worse guesses, and the more categories are cold, the harder they must fit
 * to take a text from a trained one. The objective is concave in (slope, offset) (z is linear in
 * them and −log-sum-exp is concave), so alternating golden-section searches find its maximum.
 */

/**
 * The map a model uses when it has nothing to fit one on (too few held-out texts, no descriptions):
 * about what the fit gives on BANKING77 train (10 examples per category, half described only).
 */
export const DEFAULT_ZERO_SHOT_MAP: ZeroShotMap = { slope: 2.2, offset: -1.6 };
/**
 * A model of prototypes alone (fewer than two categories with examples) has no decision values to
 * match: its scores are the cosines, and its softmax temperature is this one.
 */
export const PROTOTYPE_TEMPERATURE = 0.05;

export interface ZeroShotMap {
  slope: number;
  offset: number;
}

export interface ZeroShotFitInput {
  /** Decision values of the held-out rows, row-major (rows × classes). */
  scores: ArrayLike<number>;
  targets: ArrayLike<number>;
  classes: number;
  /** Cosine of each held-out row's embedding to each class's description prototype (rows × classes); NaN for a class without one. */
  cosines: ArrayLike<number>;
  temperature: number;
  /** Share of the model's categories that have no examples (0–1): how many are cold per draw. */
  coldShare: number;
  /** Seed of the draws. */
  seed?: number;
}

// Random sets of cold categories per held-out text: enough for a stable mean, few enough that the
// fit takes about a second on BANKING77's held-out rows.
const DRAWS = 4;
const MIN_ROWS = 30;
const SLOPE_RANGE: [number, number] = [0, 100];
const LEVEL_RANGE: [number, number] = [-20, 20];
const ROUNDS = 6;

/** The fitted map, or undefined when fewer than 30 held-out texts belong to a described category. */
export function fitZeroShotMap(input: ZeroShotFitInput): ZeroShotMap | undefined {
  const { scores, targets, classes, cosines, temperature } = input;
  const rows: number[] = [];
  for (let row = 0; row < targets.length; row++) if (!Number.isNaN(cosines[row * classes + targets[row]!]!)) rows.push(row);
  if (rows.length < MIN_ROWS) return undefined;
  const inverse = 1 / temperature;
  const coldShare = Math.min(1, Math.max(input.coldShare, 1 / classes));
  const random = seededRandom(input.seed ?? 1);
  // Each draw: the row, its cold categories, the true one's fixed score (NaN when it is cold), the
  // shift and Σ exp of the scores that stay the model's.
  const draws: Array<{ base: number; y: number; cold: number[]; own: number; shift: number; rest: number }> = [];
  for (const row of rows) {
    const base = row * classes;
    const y = targets[row]!;
    let shift = -Infinity;
    for (let k = 0; k < classes; k++) shift = Math.max(shift, scores[base + k]!);
    for (let draw = 0; draw < DRAWS; draw++) {
      const cold: number[] = [];
      for (let k = 0; k < classes; k++) if (!Number.isNaN(cosines[base + k]!) && random() / 2 ** 32 < coldShare) cold.push(k);
      let rest = 0;
      for (let k = 0; k < classes; k++) if (!cold.includes(k)) rest += Math.exp((scores[base + k]! - shift) * inverse);
      draws.push({ base, y, cold, own: cold.includes(y) ? Number.NaN : (scores[base + y]! - shift) * inverse, shift, rest });
    }
  }
  // The search runs on centred similarities (z = slope × (cos − centre) + level), where slope and
  // level are nearly independent; the map is returned in terms of the raw cosine.
  let centre = 0;
  rows.forEach((row) => (centre += cosines[row * classes + targets[row]!]!));
  centre /= rows.length;
  // Mean log-likelihood of the true class over the draws.
  const logLikelihood = (slope: number, level: number): number => {
    let total = 0;
    for (const { base, y, cold, own, shift, rest } of draws) {
      let sum = rest;
      let mine = own;
      for (const c of cold) {
        const z = (slope * (cosines[base + c]! - centre) + level - shift) * inverse;
        sum += Math.exp(z);
        if (c === y) mine = z;
      }
      total += mine - Math.log(sum);
    }
    return total / draws.length;
  };

  let slope = DEFAULT_ZERO_SHOT_MAP.slope;
  let level = 0;
  for (let round = 0; round < ROUNDS; round++) {
    slope = goldenMax((s) => logLikelihood(s, level), SLOPE_RANGE);
    level = goldenMax((o) => logLikelihood(slope, o), LEVEL_RANGE);
  }
  return { slope, offset: level - slope * centre };
}

const GOLDEN = (Math.sqrt(5) - 1) / 2;

// The maximiser of a unimodal function on [low, high], to 1e-3.
function goldenMax(f: (x: number) => number, [low, high]: [number, number]): number {
  let a = high - GOLDEN * (high - low);
  let b = low + GOLDEN * (high - low);
  let fa = f(a);
  let fb = f(b);
  while (high - low > 1e-3) {
    if (fa > fb) {
      high = b;
      b = a;
      fb = fa;
      a = high - GOLDEN * (high - low);
      fa = f(a);
    } else {
      low = a;
      a = b;
      fa = fb;
      b = low + GOLDEN * (high - low);
      fb = f(b);
    }
  }
  return (low + high) / 2;
}

/** `vector` scaled to unit length (a zero vector stays zero). */
export function unitLength(vector: ArrayLike<number>): Float32Array {
  let norm = 0;
  for (let d = 0; d < vector.length; d++) norm += vector[d]! * vector[d]!;
  const out = Float32Array.from(vector);
  if (norm === 0) return out;
  const scale = 1 / Math.sqrt(norm);
  for (let d = 0; d < out.length; d++) out[d]! *= scale;
  return out;
}

/**
 * The prototypes of categories that have examples as well as a description, for a model of
 * prototypes alone: the description counts as one example, so the prototype is the unit-length
 * mean of the description's and the examples' unit embeddings.
 */
export function prototypeOf(description: ArrayLike<number> | undefined, examples: readonly ArrayLike<number>[]): Float32Array {
  const dimensions = description?.length ?? examples[0]!.length;
  const sum = new Float64Array(dimensions);
  const add = (v: ArrayLike<number>) => {
    const unit = unitLength(v);
    for (let d = 0; d < dimensions; d++) sum[d]! += unit[d]!;
  };
  if (description) add(description);
  examples.forEach(add);
  return unitLength(sum);
}

/** scores[offset + j] = slope × cos(prototype j, embedding) + map offset, for each of the unit-length prototypes. */
export function zeroShotScoresInto(prototypes: Float32Array, embedding: ArrayLike<number>, map: ZeroShotMap, scores: Float64Array, offset: number): void {
  const dimensions = embedding.length;
  const count = prototypes.length / dimensions;
  let norm = 0;
  for (let d = 0; d < dimensions; d++) norm += embedding[d]! * embedding[d]!;
  const inverseNorm = norm === 0 ? 0 : 1 / Math.sqrt(norm);
  for (let j = 0; j < count; j++) {
    const base = j * dimensions;
    let dot = 0;
    for (let d = 0; d < dimensions; d++) dot += prototypes[base + d]! * embedding[d]!;
    scores[offset + j] = map.slope * dot * inverseNorm + map.offset;
  }
}
