import { sparseMatrixOf } from '../features/sparse-matrix.js';
import { svmProblemOf, trainBinarySvm, type SvmSettings } from './dual-coordinate-descent.js';
import { seededRandom } from './random.js';

// Rows of a dense matrix, as sparse vectors.
function matrixOf(rows: number[][]) {
  return sparseMatrixOf(rows.length, rows[0]!.length, (r) => {
    const ids = rows[r]!.flatMap((v, i) => (v === 0 ? [] : [i]));
    return { indices: Int32Array.from(ids), values: Float32Array.from(ids, (i) => rows[r]![i]!), length: ids.length };
  });
}

const settings: SvmSettings = { C: 100, loss: 'l1', bias: 1, epsilon: 1e-6, maxIterations: 10_000 };

describe('trainBinarySvm', () => {
  it('finds the maximum-margin separator of two points', () => {
    // Hard margin over (x, bias): minimise |w|² with w·x + b = ±1, so w = 1 and b = 0.
    const problem = svmProblemOf(matrixOf([[1], [-1]]), 1);
    const sut = trainBinarySvm(problem, Uint8Array.from([1, 0]), settings, seededRandom(1));
    expect(sut.w[0]).toBeCloseTo(1, 4);
    expect(sut.w[1]).toBeCloseTo(0, 4);
  });

  it('puts its boundary between the classes of a separable problem, with either loss', () => {
    const rows = [[2, 0], [1.5, 0.5], [0, 2], [0.5, 1.5], [2.5, 0.2], [0.1, 2.2]];
    const positive = Uint8Array.from([1, 1, 0, 0, 1, 0]);
    for (const loss of ['l1', 'l2'] as const) {
      const { w } = trainBinarySvm(svmProblemOf(matrixOf(rows), 1), positive, { ...settings, C: 1, loss, epsilon: 0.01 }, seededRandom(3));
      const decisions = rows.map(([a, b]) => a! * w[0]! + b! * w[1]! + w[2]!);
      expect(decisions.map((d) => d > 0)).toEqual([true, true, false, false, true, false]);
    }
  });

  it('keeps its dual variables within [0, C] for the hinge loss', () => {
    const rows = [[1, 0], [0.9, 0.1], [0, 1], [0.8, 0.3]];
    const { alpha } = trainBinarySvm(svmProblemOf(matrixOf(rows), 1), Uint8Array.from([1, 0, 0, 1]), { ...settings, C: 0.5 }, seededRandom(5));
    for (const a of alpha) expect(a >= 0 && a <= 0.5).toBe(true);
  });

  it('gives the same weights for the same seed', () => {
    const problem = svmProblemOf(matrixOf([[1, 0], [0, 1], [1, 1], [0.2, 0.9]]), 1);
    const positive = Uint8Array.from([1, 0, 1, 0]);
    const first = trainBinarySvm(problem, positive, { ...settings, loss: 'l2', C: 1 }, seededRandom(9));
    const again = trainBinarySvm(problem, positive, { ...settings, loss: 'l2', C: 1 }, seededRandom(9));
    expect(Array.from(again.w)).toEqual(Array.from(first.w));
  });

  it('reaches the same optimum from a warm start', () => {
    const rows = [[1, 0.2], [0.3, 1], [0.9, 0.8], [0.1, 0.7], [0.6, 0.1]];
    const problem = svmProblemOf(matrixOf(rows), 1);
    const positive = Uint8Array.from([1, 0, 1, 0, 1]);
    const tight = { ...settings, loss: 'l2' as const, C: 1, epsilon: 1e-8 };
    const cold = trainBinarySvm(problem, positive, tight, seededRandom(2));
    const warm = trainBinarySvm(problem, positive, tight, seededRandom(2), Float64Array.from([0.5, 0.5, 0, 0.1, 0]));
    Array.from(cold.w).forEach((w, i) => expect(warm.w[i]).toBeCloseTo(w, 5));
  });
});
