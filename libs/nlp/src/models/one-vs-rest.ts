import type { SparseMatrix } from '../features/sparse-matrix.js';
import { svmProblemOf, trainBinarySvm, type BinarySvm, type SvmProblem, type SvmSettings } from './dual-coordinate-descent.js';
import { scoreRow } from './linear-scoring.js';
import { seededRandom } from './random.js';

/**
 * One weight per (feature, class), laid out feature-major (`weights[feature * classes + k]`) so
 * scoring a sparse text reads one contiguous run of `classes` numbers per feature.
 */
export interface LinearModel {
  readonly classes: number;
  readonly features: number;
  readonly weights: Float32Array;
  readonly biases: Float32Array;
}

export interface OneVsRestOptions {
  settings: SvmSettings;
  seed: number;
  /** Weigh rows so each class counts the same in total (scikit-learn's class_weight='balanced'). */
  balanced: boolean;
  /** Dual variables to start class k from (one per row), e.g. from a model fitted on a subset. */
  warmStart?: (k: number) => Float64Array | undefined;
  onClassDone?: (done: number, classes: number) => void;
}

export interface OneVsRestResult {
  model: LinearModel;
  /** Dual variables of each class's binary SVM, one per row. */
  alphas: Float64Array[];
}

/** One binary SVM per class against all others; `targets[i]` is row i's class index. */
export function trainOneVsRest(matrix: SparseMatrix, targets: Int32Array, classes: number, options: OneVsRestOptions): OneVsRestResult {
  const problem = svmProblemOf(matrix, options.settings.bias, options.balanced ? balancedCosts(targets, classes) : undefined);
  const weights = new Float32Array(matrix.columns * classes);
  const biases = new Float32Array(classes);
  const alphas: Float64Array[] = [];
  for (let k = 0; k < classes; k++) {
    const { w, alpha } = trainClass(problem, targets, k, options);
    for (let f = 0; f < matrix.columns; f++) weights[f * classes + k] = w[f]!;
    biases[k] = w[matrix.columns]! * options.settings.bias;
    alphas.push(alpha);
    options.onClassDone?.(k + 1, classes);
  }
  return { model: { classes, features: matrix.columns, weights, biases }, alphas };
}

/** The binary SVM of class k against the rest. */
export function trainClass(problem: SvmProblem, targets: Int32Array, k: number, options: OneVsRestOptions): BinarySvm {
  const positive = Uint8Array.from(targets, (target) => (target === k ? 1 : 0));
  // A seed per class keeps each class's model independent of which classes are trained with it.
  return trainBinarySvm(problem, positive, options.settings, seededRandom(options.seed + k * 7919), options.warmStart?.(k));
}

// n / (classes × n_k), so every class weighs the same in total.
export function balancedCosts(targets: Int32Array, classes: number): Float64Array {
  const counts = new Float64Array(classes);
  for (const k of targets) counts[k]!++;
  return Float64Array.from(targets, (k) => targets.length / (classes * counts[k]!));
}

/** Decision values of every class for each row of a matrix, row-major (`scores[row * classes + k]`). */
export function decisionValuesOf(model: LinearModel, matrix: SparseMatrix): Float32Array {
  const scores = new Float32Array(matrix.rows * model.classes);
  let longest = 0;
  for (let row = 0; row < matrix.rows; row++) longest = Math.max(longest, matrix.rowStart[row + 1]! - matrix.rowStart[row]!);
  const bases = new Int32Array(longest);
  for (let row = 0; row < matrix.rows; row++) {
    scoreRow(model, matrix.indices, matrix.values, matrix.rowStart[row]!, matrix.rowStart[row + 1]!, scores, row * model.classes, bases);
  }
  return scores;
}
