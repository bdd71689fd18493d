import { seededRandom } from '../models/random.js';
import { averageLinkage, cosineDistances, cutDendrogram } from './average-linkage.js';
import type { EmbeddingMatrix } from './embedding-matrix.js';
import { normaliseRows } from './embedding-matrix.js';

export interface ThemeCountOptions {
  /** Rows clustered to estimate the number of themes (the n × n matrix must fit: 4,000 is 64 MB). */
  sampleSize: number;
  /** The dendrogram is cut at this fraction of the sample's median pairwise distance. */
  thresholdRatio: number;
  /** A cluster of the sample counts as a theme from this many members. */
  minThemeSize: number;
  seed: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface ThemeCountEstimate {
  /** One unit-length centre per theme found in the sample (row-major). */
  centres: Float32Array;
  count: number;
  /** The distance the dendrogram was cut at, and the median pairwise distance it came from. */
  threshold: number;
  medianDistance: number;
  sampleSize: number;
}

/**
 * Estimates the themes of a collection from a sample: average-linkage clustering cut at a distance
 * relative to the sample's own median pairwise distance (scale-free: the same ratio serves
 * encoders and data sets whose distances sit at different levels), keeping the clusters of at
 * least `minThemeSize` members. Their centres seed k-means over every row.
 */
export async function estimateThemes(matrix: EmbeddingMatrix, options: ThemeCountOptions): Promise<ThemeCountEstimate> {
  const sample = sampleRows(matrix, options.sampleSize, options.seed);
  const n = sample.rows;
  const distances = cosineDistances(sample);
  const medianDistance = upperTriangleMedian(distances, n);
  const threshold = options.thresholdRatio * medianDistance;
  const merges = await averageLinkage(distances, n, options);
  const labels = cutDendrogram(merges, n, threshold);
  const sizes = new Int32Array(n);
  for (const label of labels) sizes[label]!++;
  const themeOf = new Int32Array(n).fill(-1);
  let count = 0;
  sizes.forEach((size, label) => {
    if (size >= options.minThemeSize) themeOf[label] = count++;
  });
  const { dimensions } = matrix;
  const centres = new Float32Array(count * dimensions);
  for (let i = 0; i < n; i++) {
    const theme = themeOf[labels[i]!]!;
    if (theme < 0) continue;
    for (let j = 0; j < dimensions; j++) centres[theme * dimensions + j]! += sample.data[i * dimensions + j]!;
  }
  normaliseRows(centres, dimensions);
  return { centres, count, threshold, medianDistance, sampleSize: n };
}

/** Up to `size` distinct rows chosen at random (all rows, in order, when there are no more). */
export function sampleRows(matrix: EmbeddingMatrix, size: number, seed: number): EmbeddingMatrix {
  const { rows, dimensions } = matrix;
  if (rows <= size) return matrix;
  const random = seededRandom(seed);
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + (random() % (rows - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const data = new Float32Array(size * dimensions);
  for (let i = 0; i < size; i++) data.set(matrix.data.subarray(order[i]! * dimensions, (order[i]! + 1) * dimensions), i * dimensions);
  return { data, rows: size, dimensions };
}

// Median of the distances above the diagonal, to 1/4096 of their range: a histogram pass instead
// of sorting millions of values. Cosine distances lie in [0, 2].
function upperTriangleMedian(distances: Float32Array, n: number): number {
  const bins = 8192;
  const counts = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) counts[Math.min(bins - 1, Math.max(0, Math.floor((distances[i * n + j]! / 2) * bins)))]!++;
  }
  const half = (n * (n - 1)) / 4;
  let seen = 0;
  for (let b = 0; b < bins; b++) {
    seen += counts[b]!;
    if (seen >= half) return ((b + 0.5) / bins) * 2;
  }
  return 1;
}
