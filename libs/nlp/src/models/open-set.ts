import { softmaxInto } from './calibration.js';
import { tuneThreshold, type HeldOutOutcome } from './threshold.js';

/**
 * The open-set part of an `encoder` model: whether a text belongs to any of the model's categories
 * at all. A small logistic model over what the linear model and the encoder say about the text
 * (OPEN_SET_FEATURES) gives the probability that the text is of none of them; above
 * `threshold` the text is unclassified, whatever its top label's confidence.
 */
export interface OpenSetModel {
  /** Each class's mean training embedding, unit length, class-major (classes × dimensions). */
  readonly centroids: Float32Array;
  /** Logistic weights over the raw features (OPEN_SET_FEATURES order), then the bias. */
  readonly weights: Float64Array;
  /** Unknown probability above which a text is unclassified (1: never). */
  readonly threshold: number;
}

/**
 * What the logistic model reads, in order:
 * - `topProbability`: calibrated probability of the top label;
 * - `margin`: its decision value minus the runner-up's;
 * - `nearestCosine`: cosine of the embedding to the nearest category centroid (not the out-of-scope one);
 * - `topCosine`: cosine to the top label's centroid (the nearest one when the top label is out of scope);
 * - `outOfScopeProbability`: calibrated probability of the out-of-scope label (0 without one).
 */
export const OPEN_SET_FEATURES = ['topProbability', 'margin', 'nearestCosine', 'topCosine', 'outOfScopeProbability'] as const;
export const OPEN_SET_FEATURE_COUNT = OPEN_SET_FEATURES.length;

/** Where one text's open-set features come from. */
export interface OpenSetInput {
  /** Decision values, `classes` of them from `offset`. */
  readonly scores: ArrayLike<number>;
  readonly offset: number;
  /** Calibrated probabilities of the same classes (from 0). */
  readonly probabilities: ArrayLike<number>;
  /** Cosine of the embedding to each class centroid (from 0). */
  readonly cosines: ArrayLike<number>;
  readonly classes: number;
  /** The out-of-scope class, or -1. */
  readonly outOfScope: number;
  /**
   * A class to act as if the model did not know (-1: none). Training uses it to make held-out
   * texts of known categories look like texts of a category nobody has named yet.
   */
  readonly hidden?: number;
}

/** Writes the features of one text into `out` (OPEN_SET_FEATURE_COUNT values); returns its top class. */
export function openSetFeaturesInto(input: OpenSetInput, out: Float64Array): number {
  const { scores, offset, probabilities, cosines, classes, outOfScope } = input;
  const hidden = input.hidden ?? -1;
  let top = -1;
  let second = -1;
  let nearest = -Infinity;
  for (let k = 0; k < classes; k++) {
    if (k === hidden) continue;
    const score = scores[offset + k]!;
    if (top < 0 || score > scores[offset + top]!) {
      second = top;
      top = k;
    } else if (second < 0 || score > scores[offset + second]!) second = k;
    if (k !== outOfScope && cosines[k]! > nearest) nearest = cosines[k]!;
  }
  // With a class hidden, the others' probabilities are renormalised as if it were not there.
  const mass = hidden >= 0 ? Math.max(1 - probabilities[hidden]!, 1e-12) : 1;
  if (nearest === -Infinity) nearest = 0;
  out[0] = probabilities[top]! / mass;
  out[1] = second < 0 ? 0 : scores[offset + top]! - scores[offset + second]!;
  out[2] = nearest;
  out[3] = top === outOfScope ? nearest : cosines[top]!;
  out[4] = outOfScope >= 0 && outOfScope !== hidden ? probabilities[outOfScope]! / mass : 0;
  return top;
}

/** The probability that a text with these features is of none of the model's categories. */
export function unknownProbability(weights: ArrayLike<number>, features: ArrayLike<number>): number {
  let z = weights[OPEN_SET_FEATURE_COUNT]!;
  for (let f = 0; f < OPEN_SET_FEATURE_COUNT; f++) z += weights[f]! * features[f]!;
  return 1 / (1 + Math.exp(-z));
}

/** Cosine of a unit-length embedding to each centroid, into `out` (one per class). */
export function centroidCosinesInto(centroids: Float32Array, embedding: ArrayLike<number>, out: Float64Array): void {
  const dimensions = embedding.length;
  for (let k = 0; k < out.length; k++) {
    const base = k * dimensions;
    let dot = 0;
    for (let d = 0; d < dimensions; d++) dot += centroids[base + d]! * embedding[d]!;
    out[k] = dot;
  }
}

/** Each class's mean embedding over `rows` (all rows when omitted), scaled to unit length. */
export function centroidsOf(vectors: readonly ArrayLike<number>[], targets: ArrayLike<number>, classes: number, rows?: readonly number[]): Float32Array {
  const dimensions = vectors[0]?.length ?? 0;
  const sums = new Float64Array(classes * dimensions);
  const each = (row: number) => {
    const base = targets[row]! * dimensions;
    const vector = vectors[row]!;
    for (let d = 0; d < dimensions; d++) sums[base + d]! += vector[d]!;
  };
  if (rows) rows.forEach(each);
  else for (let row = 0; row < vectors.length; row++) each(row);
  const centroids = new Float32Array(classes * dimensions);
  for (let k = 0; k < classes; k++) {
    let length = 0;
    for (let d = 0; d < dimensions; d++) length += sums[k * dimensions + d]! ** 2;
    length = Math.sqrt(length) || 1;
    for (let d = 0; d < dimensions; d++) centroids[k * dimensions + d] = sums[k * dimensions + d]! / length;
  }
  return centroids;
}

/**
 * L2-regularised logistic regression by Newton's method on standardised features; returns the
 * weights over the raw features and then the bias. `y` is 1 for unknown; `sampleWeights` weigh rows.
 */
export function fitLogistic(rows: readonly ArrayLike<number>[], y: ArrayLike<number>, sampleWeights: ArrayLike<number>, lambda = 1e-3, iterations = 50): Float64Array {
  const n = rows.length;
  const p = rows[0]?.length ?? 0;
  const mean = new Float64Array(p);
  const scale = new Float64Array(p);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += sampleWeights[i]!;
    for (let f = 0; f < p; f++) mean[f]! += sampleWeights[i]! * rows[i]![f]!;
  }
  for (let f = 0; f < p; f++) mean[f]! /= total || 1;
  for (let i = 0; i < n; i++) for (let f = 0; f < p; f++) scale[f]! += sampleWeights[i]! * (rows[i]![f]! - mean[f]!) ** 2;
  for (let f = 0; f < p; f++) scale[f] = Math.sqrt(scale[f]! / (total || 1)) || 1;
  const m = p + 1;
  const w = new Float64Array(m);
  const x = new Float64Array(m);
  for (let iteration = 0; iteration < iterations; iteration++) {
    const gradient = new Float64Array(m);
    const hessian = new Float64Array(m * m);
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < p; f++) x[f] = (rows[i]![f]! - mean[f]!) / scale[f]!;
      x[p] = 1;
      let z = 0;
      for (let f = 0; f < m; f++) z += w[f]! * x[f]!;
      const q = 1 / (1 + Math.exp(-z));
      const s = sampleWeights[i]! / (total || 1);
      const r = s * (q - y[i]!);
      const h = s * Math.max(q * (1 - q), 1e-12);
      for (let a = 0; a < m; a++) {
        gradient[a]! += r * x[a]!;
        for (let b = 0; b < m; b++) hessian[a * m + b]! += h * x[a]! * x[b]!;
      }
    }
    for (let a = 0; a < p; a++) {
      gradient[a]! += lambda * w[a]!;
      hessian[a * m + a]! += lambda;
    }
    const step = solve(hessian, gradient, m);
    let largest = 0;
    for (let a = 0; a < m; a++) {
      w[a]! -= step[a]!;
      largest = Math.max(largest, Math.abs(step[a]!));
    }
    if (largest < 1e-8) break;
  }
  const raw = new Float64Array(m);
  raw[p] = w[p]!;
  for (let f = 0; f < p; f++) {
    raw[f] = w[f]! / scale[f]!;
    raw[p]! -= (w[f]! * mean[f]!) / scale[f]!;
  }
  return raw;
}

// Gaussian elimination with partial pivoting of a small dense system.
function solve(matrix: Float64Array, vector: Float64Array, m: number): Float64Array {
  const a = Float64Array.from(matrix);
  const b = Float64Array.from(vector);
  for (let col = 0; col < m; col++) {
    let pivot = col;
    for (let row = col + 1; row < m; row++) if (Math.abs(a[row * m + col]!) > Math.abs(a[pivot * m + col]!)) pivot = row;
    if (pivot !== col) {
      for (let k = 0; k < m; k++) [a[col * m + k], a[pivot * m + k]] = [a[pivot * m + k]!, a[col * m + k]!];
      [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    }
    const d = a[col * m + col]! || 1e-12;
    for (let row = col + 1; row < m; row++) {
      const factor = a[row * m + col]! / d;
      if (factor === 0) continue;
      for (let k = col; k < m; k++) a[row * m + k]! -= factor * a[col * m + k]!;
      b[row]! -= factor * b[col]!;
    }
  }
  const x = new Float64Array(m);
  for (let row = m - 1; row >= 0; row--) {
    let sum = b[row]!;
    for (let k = row + 1; k < m; k++) sum -= a[row * m + k]! * x[k]!;
    x[row] = sum / (a[row * m + row]! || 1e-12);
  }
  return x;
}

/** The held-out rows of a model fitted without them: what the open-set decision is fitted on. */
export interface OpenSetValidation {
  /** Decision values, row-major (rows × classes). */
  readonly scores: ArrayLike<number>;
  readonly targets: ArrayLike<number>;
  /** Each row's embedding (unit length). */
  readonly embeddings: readonly ArrayLike<number>[];
  /** Class centroids of the rows the model was fitted on (centroidsOf). */
  readonly centroids: Float32Array;
  readonly classes: number;
  readonly temperature: number;
  /** The out-of-scope class, or -1. */
  readonly outOfScope: number;
}

export interface OpenSetFitOptions {
  /** How much held-out in-scope accuracy the decision may cost (see tuneThreshold). */
  maxAccuracyLoss: number;
  /**
   * Without out-of-scope rows: the share of held-out in-scope rows the decision may flag as
   * unknown, spent on the texts it finds least like any category (default 0: it only scores).
   * This is a budget the taxonomy's owner sets (how much known demand may go to review so that
   * demand nobody has named yet reaches discovery), not something held-out data can tell.
   * Ignored when the data has out-of-scope rows: those say what unknown means.
   */
  flagShare?: number;
}

/** What fitting found: the decision's weights and threshold, and its figures on the held-out rows. */
export interface OpenSetFit {
  weights: Float64Array;
  threshold: number;
  /** Held-out rows as the threshold tuning saw them (confidence = 1 − unknown probability). */
  outcomes: HeldOutOutcome[];
  /** Each held-out row's unknown probability. */
  unknown: Float64Array;
}

/**
 * Fits the open-set decision on held-out rows. The unknown texts it learns from are the
 * out-of-scope rows (when the data has an out-of-scope label), and every in-scope row again with
 * its own category hidden from the model (its probability mass and centroid left out): a text of
 * a category the model was never told about. The known texts are the in-scope rows as they are.
 * Both sides weigh the same in total. When the data has an out-of-scope label, the threshold is
 * tuned as the confidence threshold is (tuneThreshold, confidence = 1 − unknown probability) on
 * the held-out rows and their hidden-category copies, which count as out-of-scope texts: a
 * taxonomy that names out-of-scope texts asks for them to be found. Without one the threshold is 1
 * (the decision scores but never rejects) and the confidence threshold keeps deciding.
 */
export function fitOpenSet(validation: OpenSetValidation, options: OpenSetFitOptions): OpenSetFit {
  const { scores, targets, embeddings, centroids, classes, temperature, outOfScope } = validation;
  const rows = targets.length;
  const probabilities = new Float64Array(classes);
  const cosines = new Float64Array(classes);
  const known: Float64Array[] = [];
  const knownTops: number[] = [];
  const unknown: Float64Array[] = [];
  const unknownFromHidden: boolean[] = [];
  const unknownTops: number[] = [];
  for (let row = 0; row < rows; row++) {
    softmaxInto(scores, row * classes, classes, temperature, probabilities);
    centroidCosinesInto(centroids, embeddings[row]!, cosines);
    const input = { scores, offset: row * classes, probabilities, cosines, classes, outOfScope };
    const target = targets[row]!;
    const features = new Float64Array(OPEN_SET_FEATURE_COUNT);
    const top = openSetFeaturesInto(input, features);
    if (target === outOfScope) {
      unknown.push(features);
      unknownTops.push(top);
      unknownFromHidden.push(false);
      continue;
    }
    known.push(features);
    knownTops.push(top === target ? 1 : top === outOfScope ? -1 : 0);
    const hidden = new Float64Array(OPEN_SET_FEATURE_COUNT);
    unknownTops.push(openSetFeaturesInto({ ...input, hidden: target }, hidden));
    unknown.push(hidden);
    unknownFromHidden.push(true);
  }
  const real = unknownFromHidden.filter((h) => !h).length;
  const hiddenCount = unknown.length - real;
  // Real out-of-scope rows and hidden-category rows share the unknown side's weight half and half
  // when both exist; the known side weighs as much as the unknown side.
  const realWeight = real === 0 ? 0 : hiddenCount === 0 ? 1 / real : 0.5 / real;
  const hiddenWeight = hiddenCount === 0 ? 0 : real === 0 ? 1 / hiddenCount : 0.5 / hiddenCount;
  const x = [...known, ...unknown];
  const y = Float64Array.from(x, (_, i) => (i < known.length ? 0 : 1));
  const w = Float64Array.from(x, (_, i) => (i < known.length ? 1 / Math.max(known.length, 1) : unknownFromHidden[i - known.length] ? hiddenWeight : realWeight));
  const weights = fitLogistic(x, y, w);

  const withHidden = real > 0;
  const outcomes: HeldOutOutcome[] = [];
  const scoresOfRows = new Float64Array(rows);
  let next = 0;
  let knownAt = 0;
  let unknownAt = 0;
  for (let row = 0; row < rows; row++) {
    const isOutOfScope = targets[row]! === outOfScope;
    if (isOutOfScope) {
      const u = unknownProbability(weights, unknown[unknownAt]!);
      scoresOfRows[next++] = u;
      outcomes.push({ confidence: 1 - u, correct: false, outOfScope: true, predictsOutOfScope: unknownTops[unknownAt] === outOfScope });
      unknownAt++;
      continue;
    }
    const u = unknownProbability(weights, known[knownAt]!);
    scoresOfRows[next++] = u;
    outcomes.push({ confidence: 1 - u, correct: knownTops[knownAt] === 1, outOfScope: false, predictsOutOfScope: knownTops[knownAt] === -1 });
    knownAt++;
    if (withHidden) {
      const hu = unknownProbability(weights, unknown[unknownAt]!);
      outcomes.push({ confidence: 1 - hu, correct: false, outOfScope: true, predictsOutOfScope: unknownTops[unknownAt] === outOfScope });
    }
    unknownAt++;
  }
  // Rejected below a confidence c means unknown above 1 − c. Without out-of-scope rows there is no
  // evidence of what the taxonomy's owner calls unknown, only of which answers were wrong, and the
  // calibrated confidence is the figure fitted for that: the decision then only scores (threshold 1)
  // unless the owner gave it a share of known texts to flag.
  const threshold = withHidden
    ? Math.min(1, Math.max(0, 1 - tuneThreshold(outcomes, options.maxAccuracyLoss)))
    : flagShareThreshold(scoresOfRows.subarray(0, knownAt), options.flagShare ?? 0);
  return { weights, threshold, outcomes: withHidden ? realOnly(outcomes, targets, outOfScope) : outcomes, unknown: scoresOfRows };
}

// The outcomes of the held-out rows themselves (without the hidden-category copies), in row order.
function realOnly(outcomes: HeldOutOutcome[], targets: ArrayLike<number>, outOfScope: number): HeldOutOutcome[] {
  const real: HeldOutOutcome[] = [];
  let at = 0;
  for (let row = 0; row < targets.length; row++) {
    real.push(outcomes[at]!);
    at += targets[row] === outOfScope ? 1 : 2;
  }
  return real;
}

/**
 * The unknown score above which at most `share` of `knownScores` lie: halfway between the
 * highest score kept and the lowest one flagged, so texts like the last kept one stay placed.
 * 1 (never flags) for a share of 0 or no scores.
 */
export function flagShareThreshold(knownScores: ArrayLike<number>, share: number): number {
  if (!(share >= 0 && share <= 1)) throw new RangeError(`the open-set flag share must be from 0 to 1, not ${share}`);
  const flagged = Math.floor(share * knownScores.length);
  if (flagged === 0) return 1;
  const sorted = Float64Array.from(knownScores).sort();
  const kept = sorted.length - flagged;
  if (kept === 0) return 0;
  return (sorted[kept - 1]! + sorted[kept]!) / 2;
}
