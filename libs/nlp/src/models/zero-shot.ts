/**
 * Zero-shot scores: a category known only by its name and description is scored by the cosine
 * between the text's embedding and the embedding of that name and description (its prototype),
 * mapped onto the linear model's decision values by z = slope × cosine + offset, so it competes
 * with the trained categories in one softmax.
 *
 * The map is fitted on the held-out rows of the trained categories, each in turn pretending to be
 * a cold one: for a held-out text of category y, (a) y itself is scored by its description
 * instead of the model, which should still win, and (b) another category c is scored by its
 * description, which should not take the text from y. The fitted (slope, offset) maximise the
 * mean log-likelihood of y over (a) plus that over (b), each counted equally. That objective is
 * concave in (slope, offset) (z is linear in them and −log-sum-exp is concave), so alternating
 * one-dimensional golden-section searches find its maximum.
 */

/** The map a model uses when it has nothing to fit one on (too few held-out texts, no descriptions). */
export const DEFAULT_ZERO_SHOT_MAP: ZeroShotMap = { slope: 8, offset: -5 };
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
}

// Other categories scored by their descriptions per held-out text in (b): enough for a stable
// mean, few enough that the fit takes well under a second on BANKING77.
const OTHERS_PER_ROW = 8;
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
  // Per row: the shift (max decision value), Σ exp over the classes, and the other classes used in (b).
  const shift = new Float64Array(rows.length);
  const sums = new Float64Array(rows.length);
  const others: number[][] = [];
  rows.forEach((row, i) => {
    const base = row * classes;
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, scores[base + k]!);
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += Math.exp((scores[base + k]! - max) * inverse);
    shift[i] = max;
    sums[i] = sum;
    const y = targets[row]!;
    const described: number[] = [];
    for (let k = 0; k < classes; k++) if (k !== y && !Number.isNaN(cosines[base + k]!)) described.push(k);
    const step = Math.max(1, Math.floor(described.length / OTHERS_PER_ROW));
    others.push(described.filter((_, j) => j % step === 0).slice(0, OTHERS_PER_ROW));
  });

  // The search runs on centred similarities (z = slope × (cos − centre) + level), where slope and
  // level are nearly independent; the map is returned in terms of the raw cosine.
  let centre = 0;
  rows.forEach((row) => (centre += cosines[row * classes + targets[row]!]!));
  centre /= rows.length;
  // Mean log-likelihood of the true class with class c scored by z = slope × (cos − centre) + level.
  const logLikelihood = (slope: number, offset: number): number => {
    let own = 0;
    let other = 0;
    let otherCount = 0;
    rows.forEach((row, i) => {
      const base = row * classes;
      const y = targets[row]!;
      const m = shift[i]!;
      const replaced = (c: number) => {
        const z = (slope * (cosines[base + c]! - centre) + offset - m) * inverse;
        return { z, sum: sums[i]! - Math.exp((scores[base + c]! - m) * inverse) + Math.exp(z) };
      };
      const a = replaced(y);
      own += a.z - Math.log(a.sum);
      for (const c of others[i]!) {
        const b = replaced(c);
        other += (scores[base + y]! - m) * inverse - Math.log(b.sum);
        otherCount++;
      }
    });
    return own / rows.length + (otherCount === 0 ? 0 : other / otherCount);
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
