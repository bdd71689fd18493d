import { seededRandom } from '../models/random.js';
import { centredUnitRows, centreRowsInPlace, dot, dotsWithRows, matrixOf, normaliseRows } from './embedding-matrix.js';

function randomRows(rows: number, dimensions: number, seed: number, offset = 0) {
  const random = seededRandom(seed);
  return Float32Array.from({ length: rows * dimensions }, () => random() / 2 ** 31 - 1 + offset);
}

describe('dotsWithRows', () => {
  it.each([
    [384, 11],
    [7, 9],
    [1, 4],
    [5, 3],
  ])('gives dot() of one row with each of the next rows (%i dimensions, %i rows)', (dimensions, rows) => {
    const data = randomRows(rows + 2, dimensions, dimensions + rows);
    const out = new Float64Array(rows);
    dotsWithRows(data, 0, data, 2, rows, dimensions, out);
    for (let r = 0; r < rows; r++) expect(out[r]).toBeCloseTo(dot(data, 0, data, (2 + r) * dimensions, dimensions), 10);
  });

  it('leaves the rest of the output alone when asked for no rows', () => {
    const out = Float64Array.of(5);
    dotsWithRows(randomRows(2, 4, 1), 0, randomRows(2, 4, 2), 0, 0, 4, out);
    expect(out[0]).toBe(5);
  });
});

describe('centreRowsInPlace', () => {
  it('centres as centredUnitRows does, without a copy, and gives the rows back', () => {
    const data = randomRows(50, 24, 3, 0.7);
    normaliseRows(data, 24);
    const original = data.slice();
    const expected = centredUnitRows(matrixOf(data, 24));
    const matrix = matrixOf(data, 24);
    const centred = centreRowsInPlace(matrix);
    expect(matrix.data).toBe(data);
    expect(Array.from(data)).toEqual(Array.from(expected.data));
    centred.restore();
    data.forEach((value, at) => expect(Math.abs(value - original[at]!)).toBeLessThan(1e-6));
  });

  it('restores a row equal to the mean (centred to zero) and restores only once', () => {
    const data = Float32Array.of(1, 0, 1, 0);
    const centred = centreRowsInPlace(matrixOf(data, 2));
    expect(Array.from(data)).toEqual([0, 0, 0, 0]);
    centred.restore();
    centred.restore();
    expect(Array.from(data)).toEqual([1, 0, 1, 0]);
  });
});
