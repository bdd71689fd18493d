import type { SparseVector } from './featuriser.js';

/** Rows of sparse vectors in compressed sparse row form: row r is entries rowStart[r]..rowStart[r+1]. */
export interface SparseMatrix {
  readonly rows: number;
  readonly columns: number;
  readonly rowStart: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** Stacks vectors (copied, since a featuriser reuses its buffers) into one matrix. */
export function sparseMatrixOf(count: number, columns: number, vectorAt: (row: number) => SparseVector): SparseMatrix {
  const rowStart = new Int32Array(count + 1);
  let indices = new Int32Array(Math.max(1024, count * 64));
  let values = new Float32Array(indices.length);
  let used = 0;
  for (let row = 0; row < count; row++) {
    const vector = vectorAt(row);
    if (used + vector.length > indices.length) {
      const size = Math.max(indices.length * 2, used + vector.length);
      indices = copyInto(new Int32Array(size), indices);
      values = copyInto(new Float32Array(size), values);
    }
    indices.set(vector.indices.subarray(0, vector.length), used);
    values.set(vector.values.subarray(0, vector.length), used);
    used += vector.length;
    rowStart[row + 1] = used;
  }
  return { rows: count, columns, rowStart, indices: indices.slice(0, used), values: values.slice(0, used) };
}

/** The given rows of a matrix, in the given order. */
export function rowsOf(matrix: SparseMatrix, rows: readonly number[]): SparseMatrix {
  return sparseMatrixOf(rows.length, matrix.columns, (r) => {
    const start = matrix.rowStart[rows[r]!]!;
    const end = matrix.rowStart[rows[r]! + 1]!;
    return { indices: matrix.indices.subarray(start, end), values: matrix.values.subarray(start, end), length: end - start };
  });
}

function copyInto<T extends Int32Array | Float32Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
