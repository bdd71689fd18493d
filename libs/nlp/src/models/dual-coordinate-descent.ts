import type { SparseMatrix } from '../features/sparse-matrix.js';

export type SvmLoss = 'l1' | 'l2';

export interface SvmSettings {
  /** Cost of a margin violation; larger fits the training data harder. */
  C: number;
  /** 'l2' squared hinge (liblinear -s 1, scikit-learn's LinearSVC default) or 'l1' hinge (-s 3). */
  loss: SvmLoss;
  /** Value of the constant feature appended to every row; its weight is the (regularised) bias. */
  bias: number;
  /** Stop when the projected gradient's spread is below this (liblinear's default 0.1). */
  epsilon: number;
  maxIterations: number;
}

/** Per-row constants shared by every binary problem over the same matrix. */
export interface SvmProblem {
  readonly matrix: SparseMatrix;
  /** x_i · x_i including the bias feature. */
  readonly squaredNorms: Float64Array;
  /** Multiplier of C for each row (class weights); all 1 when unweighted. */
  readonly costs: Float64Array;
}

export function svmProblemOf(matrix: SparseMatrix, bias: number, costs: Float64Array = new Float64Array(matrix.rows).fill(1)): SvmProblem {
  const squaredNorms = new Float64Array(matrix.rows);
  for (let i = 0; i < matrix.rows; i++) {
    let sum = bias * bias;
    for (let j = matrix.rowStart[i]!; j < matrix.rowStart[i + 1]!; j++) sum += matrix.values[j]! * matrix.values[j]!;
    squaredNorms[i] = sum;
  }
  return { matrix, squaredNorms, costs };
}

export interface BinarySvm {
  /** Primal weights, the bias weight last. */
  readonly w: Float64Array;
  /** Dual variables, one per row. */
  readonly alpha: Float64Array;
}

/**
 * L2-regularised linear SVM, solved in the dual by coordinate descent with shrinking and a random
 * order each pass: liblinear's solve_l2r_l1l2_svc (Hsieh et al. 2008, algorithm 3).
 * `positive[i]` says whether row i is in the class. A warm start (the dual variables of a model
 * trained on related rows) only shortens the descent: it converges to the same optimum.
 */
export function trainBinarySvm(
  problem: SvmProblem,
  positive: Uint8Array,
  settings: SvmSettings,
  random: () => number,
  warmStart?: Float64Array,
): BinarySvm {
  const { rows, columns, rowStart, indices, values } = problem.matrix;
  const { bias } = settings;
  // The L2 loss is an L1 problem with a diagonal term and no upper bound on alpha.
  const l2 = settings.loss === 'l2';
  const alpha = warmStart ? warmStart.slice() : new Float64Array(rows);
  const w = weightsOf(problem, positive, alpha, bias);
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  let active = rows;
  let gradientMaxOld = Infinity;
  let gradientMinOld = -Infinity;

  for (let iteration = 0; iteration < settings.maxIterations; iteration++) {
    let gradientMax = -Infinity;
    let gradientMin = Infinity;
    for (let s = 0; s < active; s++) {
      const j = s + (random() % (active - s));
      const swap = order[s]!;
      order[s] = order[j]!;
      order[j] = swap;
    }
    for (let s = 0; s < active; s++) {
      const i = order[s]!;
      const y = positive[i] ? 1 : -1;
      const start = rowStart[i]!;
      const end = rowStart[i + 1]!;
      let dot = w[columns]! * bias;
      for (let k = start; k < end; k++) dot += w[indices[k]!]! * values[k]!;
      const a = alpha[i]!;
      const cost = settings.C * problem.costs[i]!;
      const diag = l2 ? 0.5 / cost : 0;
      const upper = l2 ? Infinity : cost;
      const gradient = y * dot - 1 + a * diag;

      let projected = 0;
      if (a === 0) {
        if (gradient > gradientMaxOld) {
          order[s--] = order[--active]!;
          order[active] = i;
          continue;
        }
        if (gradient < 0) projected = gradient;
      } else if (a === upper) {
        if (gradient < gradientMinOld) {
          order[s--] = order[--active]!;
          order[active] = i;
          continue;
        }
        if (gradient > 0) projected = gradient;
      } else projected = gradient;

      if (projected > gradientMax) gradientMax = projected;
      if (projected < gradientMin) gradientMin = projected;
      if (Math.abs(projected) > 1e-12) {
        const next = Math.min(Math.max(a - gradient / (problem.squaredNorms[i]! + diag), 0), upper);
        alpha[i] = next;
        const step = (next - a) * y;
        for (let k = start; k < end; k++) w[indices[k]!]! += step * values[k]!;
        w[columns]! += step * bias;
      }
    }

    if (gradientMax - gradientMin <= settings.epsilon) {
      if (active === rows) break;
      // Converged on the shrunk set: check once more against every row before stopping.
      active = rows;
      gradientMaxOld = Infinity;
      gradientMinOld = -Infinity;
      continue;
    }
    gradientMaxOld = gradientMax <= 0 ? Infinity : gradientMax;
    gradientMinOld = gradientMin >= 0 ? -Infinity : gradientMin;
  }
  return { w, alpha };
}

// w = Σ alpha_i y_i x_i, with the bias feature last.
function weightsOf(problem: SvmProblem, positive: Uint8Array, alpha: Float64Array, bias: number): Float64Array {
  const { rows, columns, rowStart, indices, values } = problem.matrix;
  const w = new Float64Array(columns + 1);
  for (let i = 0; i < rows; i++) {
    const a = alpha[i]!;
    if (a === 0) continue;
    const step = positive[i] ? a : -a;
    for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++) w[indices[k]!]! += step * values[k]!;
    w[columns]! += step * bias;
  }
  return w;
}
