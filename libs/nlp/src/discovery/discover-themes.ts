import type { EmbeddingMatrix } from './embedding-matrix.js';
import { centredUnitRows, centreRowsInPlace, dot } from './embedding-matrix.js';
import { kMeansPlusPlus, sphericalKMeans, type KMeansResult } from './k-means.js';
import { estimateThemes, type ThemeCountEstimate } from './theme-count.js';
import { themeNameOf, themeTerms, type ThemeTerm } from './theme-terms.js';
import { yieldToEventLoop } from './yield.js';

export type DiscoveryStage = 'estimating' | 'clustering' | 'naming';

export interface DiscoveryProgress {
  stage: DiscoveryStage;
  done: number;
  total: number;
}

export interface DiscoveryOptions {
  /** Contacts clustered to estimate the number of themes (default 4,000: a 64 MB distance matrix). */
  sampleSize?: number;
  /**
   * The sample's dendrogram is cut at this fraction of its median pairwise distance when the sample
   * holds `referenceDensity` contacts per theme (default 0.58); see densityCorrection.
   */
  thresholdRatio?: number;
  /**
   * How much the ratio rises per unit of ln(contacts per theme in the sample / referenceDensity)
   * (default 0.10; 0 cuts at thresholdRatio whatever the density).
   */
  densityCorrection?: number;
  /** Contacts per theme in the sample at which thresholdRatio applies as given (default 20). */
  referenceDensity?: number;
  /** A cluster of the sample counts as a theme from this many members (default 5). */
  minThemeSize?: number;
  /**
   * k-means++ starts tried on the sample beside its cluster centres; the tightest result on the
   * sample starts k-means over every row (default 3).
   */
  restarts?: number;
  maxIterations?: number;
  /** Contacts nearest each theme's centre that show it (default 5). */
  examplesPerTheme?: number;
  termsPerTheme?: number;
  seed?: number;
  /**
   * Centre the caller's rows in place instead of in a copy (20,000 × 384 floats: 30 MB less at the
   * peak), restoring them, to float32 rounding, before the promise settles; the caller must not
   * read them meanwhile. Default false: the rows are left alone.
   */
  centreInPlace?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: DiscoveryProgress) => void;
}

type DiscoverySettings = Required<Omit<DiscoveryOptions, 'signal' | 'onProgress' | 'centreInPlace'>>;

export const DEFAULT_DISCOVERY_OPTIONS: Readonly<DiscoverySettings> = {
  sampleSize: 4000,
  thresholdRatio: 0.58,
  densityCorrection: 0.1,
  referenceDensity: 20,
  minThemeSize: 5,
  restarts: 3,
  maxIterations: 50,
  examplesPerTheme: 5,
  termsPerTheme: 5,
  seed: 42,
};

export interface Theme {
  /** The contacts' rows, nearest the centre first. */
  members: number[];
  size: number;
  name: string;
  terms: ThemeTerm[];
  /** The rows nearest the centre, with their cosine to it (on the centred embeddings). */
  examples: Array<{ row: number; similarity: number }>;
}

export interface Discovery {
  /** Largest first. */
  themes: Theme[];
  /** The theme (index into `themes`) of each row. */
  assignments: Int32Array;
  estimate: Omit<ThemeCountEstimate, 'centres' | 'sample'>;
}

/**
 * Finds the themes of a collection without being told how many there are: estimates them on a
 * sample (average linkage cut at a scale-free distance, see estimateThemes), runs spherical
 * k-means over every row from those centres and from k-means++ starts with the same k, keeps the
 * tightest result, and names each theme by its class-based TF-IDF terms. Embeddings are centred
 * first. Rejects with the signal's reason when it is aborted.
 */
export async function discoverThemes(embeddings: EmbeddingMatrix, texts: readonly string[], options: DiscoveryOptions = {}): Promise<Discovery> {
  if (texts.length !== embeddings.rows) throw new RangeError(`${texts.length} texts but ${embeddings.rows} embeddings`);
  const settings: DiscoverySettings = { ...DEFAULT_DISCOVERY_OPTIONS, ...withoutUndefined(options) };
  if (embeddings.rows === 0) return { themes: [], assignments: new Int32Array(0), estimate: { count: 0, threshold: 0, medianDistance: 0, sampleSize: 0, uncorrectedCount: 0, density: 0 } };
  if (!options.centreInPlace) return discoverInCentredRows(centredUnitRows(embeddings), texts, settings, options);
  const centred = centreRowsInPlace(embeddings);
  try {
    return await discoverInCentredRows(embeddings, texts, settings, options);
  } finally {
    centred.restore();
  }
}

async function discoverInCentredRows(matrix: EmbeddingMatrix, texts: readonly string[], settings: DiscoverySettings, options: DiscoveryOptions): Promise<Discovery> {
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  const estimate = await estimateThemes(matrix, { ...settings, signal, onProgress: (done, total) => onProgress?.({ stage: 'estimating', done, total }) });
  const k = Math.max(1, estimate.count);
  // Starts are compared on the sample, which costs a fraction of a pass over every row: k-means
  // from the sample's cluster centres and from `restarts` k-means++ seedings of the sample; the
  // tightest result's centres start k-means over every row.
  const steps = settings.restarts + 2;
  let start = estimate.count > 0 ? estimate.centres : kMeansPlusPlus(matrix, 1, settings.seed, signal);
  if (estimate.count > 0 && settings.restarts > 0) {
    let best: KMeansResult | undefined;
    const starts = [() => estimate.centres, ...Array.from({ length: settings.restarts }, (_, r) => () => kMeansPlusPlus(estimate.sample, k, settings.seed + 1 + r, signal))];
    for (const [s, startOf] of starts.entries()) {
      onProgress?.({ stage: 'clustering', done: s, total: steps });
      const result = await sphericalKMeans(estimate.sample, startOf(), { maxIterations: settings.maxIterations, signal });
      if (!best || result.cohesion > best.cohesion) best = result;
    }
    start = best!.centres;
  }
  onProgress?.({ stage: 'clustering', done: steps - 1, total: steps });
  const clustered = await sphericalKMeans(matrix, start, { maxIterations: settings.maxIterations, signal });
  onProgress?.({ stage: 'clustering', done: steps, total: steps });
  await yieldToEventLoop();
  signal?.throwIfAborted();
  onProgress?.({ stage: 'naming', done: 0, total: 1 });
  const { centres: _centres, sample: _sample, ...figures } = estimate;
  const discovery = { ...themesOf(matrix, texts, clustered, settings), estimate: figures };
  onProgress?.({ stage: 'naming', done: 1, total: 1 });
  return discovery;
}

function themesOf(matrix: EmbeddingMatrix, texts: readonly string[], result: KMeansResult, settings: DiscoverySettings): Omit<Discovery, 'estimate'> {
  const { dimensions, data } = matrix;
  const k = result.centres.length / dimensions;
  const groups = Array.from({ length: k }, () => [] as Array<{ row: number; similarity: number }>);
  result.assignments.forEach((c, row) => groups[c]!.push({ row, similarity: dot(data, row * dimensions, result.centres, c * dimensions, dimensions) }));
  // Largest first; a centre that lost every row is no theme.
  const order = groups.map((_, c) => c).filter((c) => groups[c]!.length > 0).sort((a, b) => groups[b]!.length - groups[a]!.length || a - b);
  const indexOf = new Int32Array(k).fill(-1);
  order.forEach((c, index) => (indexOf[c] = index));
  const assignments = result.assignments.map((c) => indexOf[c]!);
  const terms = themeTerms(texts, assignments, order.length, settings.termsPerTheme);
  const themes = order.map((c, index) => {
    const members = groups[c]!.sort((a, b) => b.similarity - a.similarity || a.row - b.row);
    return {
      members: members.map((m) => m.row),
      size: members.length,
      name: themeNameOf(terms[index]!),
      terms: terms[index]!,
      examples: members.slice(0, settings.examplesPerTheme),
    };
  });
  return { themes, assignments };
}

// An option given as undefined keeps its default.
function withoutUndefined(options: DiscoveryOptions): Partial<DiscoverySettings> {
  const { signal: _signal, onProgress: _onProgress, centreInPlace: _centreInPlace, ...rest } = options;
  return Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)) as Partial<DiscoverySettings>;
}
