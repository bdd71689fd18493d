import { seededRandom } from '../models/random.js';
import { averageLinkage, cosineDistances, cutDendrogram } from './average-linkage.js';
import { dot, matrixOf, normaliseRows } from './embedding-matrix.js';

const distancesOf = (points: number[]) => {
  const n = points.length;
  return Float32Array.from({ length: n * n }, (_, at) => Math.abs(points[Math.floor(at / n)]! - points[at % n]!));
};

// The textbook method: merge the closest pair of clusters by mean pairwise distance, n times.
function naiveHeights(points: number[]): number[] {
  let clusters = points.map((p) => [p]);
  const heights: number[] = [];
  const mean = (a: number[], b: number[]) => a.reduce((s, x) => s + b.reduce((t, y) => t + Math.abs(x - y), 0), 0) / (a.length * b.length);
  while (clusters.length > 1) {
    let best = [0, 1, Infinity];
    for (let i = 0; i < clusters.length; i++) for (let j = i + 1; j < clusters.length; j++) {
      const d = mean(clusters[i]!, clusters[j]!);
      if (d < best[2]!) best = [i, j, d];
    }
    const [i, j, d] = best as [number, number, number];
    heights.push(d);
    clusters = [...clusters.filter((_, c) => c !== i && c !== j), [...clusters[i]!, ...clusters[j]!]];
  }
  return heights;
}

describe('averageLinkage', () => {
  it('merges 0, 1, 5, 6, 20 at 1, 1, 5 (mean of 5, 6, 4, 5) and 17', async () => {
    const sut = await averageLinkage(distancesOf([0, 1, 5, 6, 20]), 5);
    expect(sut.map((m) => m.height).sort((a, b) => a - b)).toEqual([1, 1, 5, 17]);
  });

  it('gives the textbook method’s merge heights on random points', async () => {
    const random = seededRandom(3);
    const points = Array.from({ length: 40 }, () => (random() % 10_000) / 100);
    const sut = await averageLinkage(distancesOf(points), points.length);
    const expected = naiveHeights(points);
    const heights = sut.map((m) => m.height).sort((a, b) => a - b);
    expected.sort((a, b) => a - b).forEach((height, i) => expect(heights[i]).toBeCloseTo(height, 3));
  });

  it('cuts into the groups below the threshold', async () => {
    const merges = await averageLinkage(distancesOf([0, 1, 5, 6, 20]), 5);
    expect(Array.from(cutDendrogram(merges, 5, 2))).toEqual([0, 0, 1, 1, 2]);
    expect(Array.from(cutDendrogram(merges, 5, 0.5))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(cutDendrogram(merges, 5, 100))).toEqual([0, 0, 0, 0, 0]);
  });

  it('stops with the signal’s reason when aborted', async () => {
    const controller = new AbortController();
    const n = 600;
    const run = averageLinkage(distancesOf(Array.from({ length: n }, (_, i) => i * i)), n, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('cosineDistances', () => {
  it('is 1 − cosine for every pair, symmetric, zero on the diagonal (sizes across its 64-row tiles)', () => {
    const random = seededRandom(4);
    const n = 131;
    const dimensions = 13;
    const data = Float32Array.from({ length: n * dimensions }, () => random() / 2 ** 31 - 1);
    normaliseRows(data, dimensions);
    const sut = cosineDistances(matrixOf(data, dimensions));
    for (let i = 0; i < n; i++) {
      expect(sut[i * n + i]).toBe(0);
      for (let j = i + 1; j < n; j++) {
        expect(sut[i * n + j]).toBeCloseTo(1 - dot(data, i * dimensions, data, j * dimensions, dimensions), 6);
        expect(sut[j * n + i]).toBe(sut[i * n + j]);
      }
    }
  });
});
