import type { SparseMatrix } from './sparse-matrix.js';

/**
 * The matrix with `scale × vectors[row]` appended to each row as columns `columns …
 * columns + dimensions − 1`: a dense block (a sentence embedding) beside the sparse TF-IDF one,
 * so the same linear trainer learns weights for both.
 */
export function withDenseColumns(matrix: SparseMatrix, vectors: readonly Float32Array[], scale: number): SparseMatrix {
  if (vectors.length !== matrix.rows) throw new RangeError(`${vectors.length} dense rows for a matrix of ${matrix.rows}`);
  const dimensions = vectors[0]?.length ?? 0;
  const rowStart = new Int32Array(matrix.rows + 1);
  const indices = new Int32Array(matrix.indices.length + matrix.rows * dimensions);
  const values = new Float32Array(indices.length);
  let used = 0;
  for (let row = 0; row < matrix.rows; row++) {
    const start = matrix.rowStart[row]!;
    const end = matrix.rowStart[row + 1]!;
    indices.set(matrix.indices.subarray(start, end), used);
    values.set(matrix.values.subarray(start, end), used);
    used += end - start;
    const vector = vectors[row]!;
    if (vector.length !== dimensions) throw new RangeError(`dense row ${row} has ${vector.length} values, not ${dimensions}`);
    for (let d = 0; d < dimensions; d++) {
      indices[used] = matrix.columns + d;
      values[used++] = scale * vector[d]!;
    }
    rowStart[row + 1] = used;
  }
  return { rows: matrix.rows, columns: matrix.columns + dimensions, rowStart, indices, values };
}
