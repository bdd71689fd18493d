import { withDenseColumns } from './dense-columns.js';
import { sparseMatrixOf } from './sparse-matrix.js';

describe('withDenseColumns', () => {
  const sparse = sparseMatrixOf(2, 3, (row) =>
    row === 0 ? { indices: Int32Array.from([0, 2]), values: Float32Array.from([0.6, 0.8]), length: 2 } : { indices: Int32Array.from([1]), values: Float32Array.from([1]), length: 1 },
  );
  const vectors = [Float32Array.from([1, 0]), Float32Array.from([0.6, -0.8])];

  it('appends each row its vector times the scale, as columns after the sparse ones', () => {
    const sut = withDenseColumns(sparse, vectors, 2);
    expect(sut.columns).toBe(5);
    expect(Array.from(sut.rowStart)).toEqual([0, 4, 7]);
    expect(Array.from(sut.indices)).toEqual([0, 2, 3, 4, 1, 3, 4]);
    expect(Array.from(sut.values)).toEqual([0.6, 0.8, 2, 0, 1, 1.2, -1.6].map(Math.fround));
  });

  it('makes the embedding α long beside TF-IDF blocks of length 1', () => {
    const sut = withDenseColumns(sparse, vectors, 1.5);
    const dense = Array.from(sut.values.subarray(sut.rowStart[1]! + 1, sut.rowStart[2]!));
    expect(Math.hypot(...dense)).toBeCloseTo(1.5, 6);
  });

  it('refuses vectors that do not match the rows', () => {
    expect(() => withDenseColumns(sparse, vectors.slice(1), 1)).toThrow('1 dense rows for a matrix of 2');
    expect(() => withDenseColumns(sparse, [vectors[0]!, Float32Array.from([1])], 1)).toThrow('dense row 1 has 1 values, not 2');
  });
});
