import { seededRandom } from '../models/random.js';
import { dot, matrixOf, normaliseRows } from './embedding-matrix.js';
import { kMeansPlusPlus, sphericalKMeans } from './k-means.js';

function randomUnitRows(rows: number, dimensions: number, seed: number) {
  const random = seededRandom(seed);
  const data = Float32Array.from({ length: rows * dimensions }, () => random() / 2 ** 31 - 1);
  normaliseRows(data, dimensions);
  return matrixOf(data, dimensions);
}

// Lloyd's method checking every centre for every row, the reference the bounds must agree with.
function plainSphericalKMeans(matrix: ReturnType<typeof matrixOf>, initial: Float32Array): Int32Array {
  const { rows, dimensions, data } = matrix;
  const k = initial.length / dimensions;
  const centres = initial.slice();
  const assignments = new Int32Array(rows).fill(-1);
  for (let iteration = 0; iteration < 50; iteration++) {
    let moved = 0;
    for (let i = 0; i < rows; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (dot(data, i * dimensions, centres, c * dimensions, dimensions) > dot(data, i * dimensions, centres, best * dimensions, dimensions)) best = c;
      if (assignments[i] !== best) moved++;
      assignments[i] = best;
    }
    if (moved === 0) break;
    const sums = new Float32Array(k * dimensions);
    for (let i = 0; i < rows; i++) for (let j = 0; j < dimensions; j++) sums[assignments[i]! * dimensions + j]! += data[i * dimensions + j]!;
    for (let c = 0; c < k; c++) if (sums.subarray(c * dimensions, (c + 1) * dimensions).some((v) => v !== 0)) centres.set(sums.subarray(c * dimensions, (c + 1) * dimensions), c * dimensions);
    normaliseRows(centres, dimensions);
  }
  return assignments;
}

describe('sphericalKMeans', () => {
  it('ends with the same assignments as checking every centre every time', async () => {
    const matrix = randomUnitRows(600, 16, 11);
    const initial = kMeansPlusPlus(matrix, 12, 5);
    const sut = await sphericalKMeans(matrix, initial);
    expect(Array.from(sut.assignments)).toEqual(Array.from(plainSphericalKMeans(matrix, initial)));
    expect(sut.iterations).toBeGreaterThan(2);
  });

  it('keeps a centre that wins no row where it is, and still agrees with checking every centre', async () => {
    const matrix = randomUnitRows(400, 12, 15);
    for (let i = 0; i < matrix.data.length; i++) matrix.data[i] = Math.abs(matrix.data[i]!);
    const seeded = kMeansPlusPlus(matrix, 6, 2);
    const nowhere = Float32Array.from({ length: 12 }, () => -1 / Math.sqrt(12));
    const initial = new Float32Array(7 * 12);
    initial.set(seeded);
    initial.set(nowhere, 6 * 12);
    const sut = await sphericalKMeans(matrix, initial);
    expect(sut.assignments.includes(6)).toBe(false);
    expect(Array.from(sut.centres.subarray(6 * 12))).toEqual(Array.from(nowhere));
    expect(Array.from(sut.assignments)).toEqual(Array.from(plainSphericalKMeans(matrix, initial)));
  });

  it('reports cohesion as the sum of each row’s cosine to its centre', async () => {
    const matrix = randomUnitRows(200, 8, 12);
    const sut = await sphericalKMeans(matrix, kMeansPlusPlus(matrix, 4, 1));
    let expected = 0;
    for (let i = 0; i < 200; i++) expected += dot(matrix.data, i * 8, sut.centres, sut.assignments[i]! * 8, 8);
    expect(sut.cohesion).toBeCloseTo(expected, 6);
  });

  it('stops with an AbortError when cancelled between iterations', async () => {
    const matrix = randomUnitRows(300, 8, 13);
    const controller = new AbortController();
    const run = sphericalKMeans(matrix, kMeansPlusPlus(matrix, 6, 1), { signal: controller.signal, onIteration: () => controller.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('kMeansPlusPlus', () => {
  it('picks k distinct rows as unit-length centres, the same for the same seed', () => {
    const matrix = randomUnitRows(100, 8, 14);
    const sut = kMeansPlusPlus(matrix, 5, 3);
    expect(sut).toEqual(kMeansPlusPlus(matrix, 5, 3));
    const picked = new Set<number>();
    for (let c = 0; c < 5; c++) {
      expect(dot(sut, c * 8, sut, c * 8, 8)).toBeCloseTo(1, 5);
      for (let i = 0; i < 100; i++) if (dot(sut, c * 8, matrix.data, i * 8, 8) > 0.99999) picked.add(i);
    }
    expect(picked.size).toBe(5);
  });
});
