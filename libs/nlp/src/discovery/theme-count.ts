import { seededRandom } from '../models/random.js';
import { averageLinkage, cosineDistances, cutDendrogram, type Merge } from './average-linkage.js';
import type { EmbeddingMatrix } from './embedding-matrix.js';
import { normaliseRows } from './embedding-matrix.js';

export interface ThemeCountOptions {
  /** Rows clustered to estimate the number of themes (the n × n matrix must fit: 4,000 is 64 MB). */
  sampleSize: number;
  /** The dendrogram is cut at this fraction of the sample's median pairwise distance, at the reference density. */
  thresholdRatio: number;
  /**
   * Density correction: the ratio becomes thresholdRatio + densityCorrection × ln(d / referenceDensity),
   * d the sample's contacts per theme found at thresholdRatio (0: no correction).
   */
  densityCorrection?: number;
  /** Sample contacts per theme at which thresholdRatio holds as given (default 20). */
  referenceDensity?: number;
  /** A cluster of the sample counts as a theme from this many members. */
  minThemeSize: number;
  seed: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface ThemeCountEstimate {
  /** One unit-length centre per theme found in the sample (row-major). */
  centres: Float32Array;
  /** The sampled rows (the matrix itself when it has no more rows than the sample size). */
  sample: EmbeddingMatrix;
  count: number;
  /** The distance the dendrogram was cut at, and the median pairwise distance it came from. */
  threshold: number;
  medianDistance: number;
  sampleSize: number;
  /** Themes found at the uncorrected ratio, and the sample's contacts per theme they imply. */
  uncorrectedCount: number;
  density: number;
}

/** The corrected ratio stays within these bounds (the validation data used 0.54–0.67). */
export const DENSITY_RATIO_BOUNDS = [0.5, 0.75] as const;

/**
 * The cut ratio corrected for the sample's density. A dendrogram cut at a fixed share of the
 * median distance finds more themes the more contacts each theme has in the sample (dense themes
 * split into sub-themes by wording; sparse ones fall under the minimum size), so the count of a
 * 6,000 sample exceeds that of a 2,000 sample of the same data. The ratio rises with the log of
 * the contacts per theme, from `ratio` at `referenceDensity`.
 */
export function densityCorrectedRatio(ratio: number, density: number, correction: number, referenceDensity = 20): number {
  if (correction === 0 || !(density > 0)) return ratio;
  const [low, high] = DENSITY_RATIO_BOUNDS;
  return Math.min(high, Math.max(low, ratio + correction * Math.log(density / referenceDensity)));
}

/**
 * Estimates the themes of a collection from a sample: average-linkage clustering cut at a distance
 * relative to the sample's own median pairwise distance (scale-free: the same ratio serves
 * encoders and data sets whose distances sit at different levels), keeping the clusters of at
 * least `minThemeSize` members. With a density correction the dendrogram is cut twice: once at
 * the given ratio, which tells the sample's contacts per theme, then at the ratio corrected for
 * that density (see densityCorrectedRatio). Their centres seed k-means over every row.
 */
export async function estimateThemes(matrix: EmbeddingMatrix, options: ThemeCountOptions): Promise<ThemeCountEstimate> {
  const sample = sampleRows(matrix, options.sampleSize, options.seed);
  const n = sample.rows;
  const distances = cosineDistances(sample);
  const medianDistance = upperTriangleMedian(distances, n);
  const merges = await averageLinkage(distances, n, options);
  const uncorrected = themesOfCut(merges, n, options.thresholdRatio * medianDistance, options.minThemeSize);
  const density = n / Math.max(1, uncorrected.count);
  const ratio = densityCorrectedRatio(options.thresholdRatio, density, options.densityCorrection ?? 0, options.referenceDensity);
  const threshold = ratio * medianDistance;
  const { labels, themeOf, count } = ratio === options.thresholdRatio ? uncorrected : themesOfCut(merges, n, threshold, options.minThemeSize);
  const { dimensions } = matrix;
  const centres = new Float32Array(count * dimensions);
  for (let i = 0; i < n; i++) {
    const theme = themeOf[labels[i]!]!;
    if (theme < 0) continue;
    for (let j = 0; j < dimensions; j++) centres[theme * dimensions + j]! += sample.data[i * dimensions + j]!;
  }
  normaliseRows(centres, dimensions);
  return { centres, sample, count, threshold, medianDistance, sampleSize: n, uncorrectedCount: uncorrected.count, density };
}

// The clusters of the cut and which of them count as themes (index, or -1 below the minimum size).
function themesOfCut(merges: readonly Merge[], n: number, threshold: number, minThemeSize: number): { labels: Int32Array; themeOf: Int32Array; count: number } {
  const labels = cutDendrogram(merges, n, threshold);
  const sizes = new Int32Array(n);
  for (const label of labels) sizes[label]!++;
  const themeOf = new Int32Array(n).fill(-1);
  let count = 0;
  sizes.forEach((size, label) => {
    if (size >= minThemeSize) themeOf[label] = count++;
  });
  return { labels, themeOf, count };
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
