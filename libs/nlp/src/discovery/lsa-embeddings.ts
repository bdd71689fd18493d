import { seededRandom } from '../models/random.js';
import { stemOf, wordsOf } from '../text/words.js';
import type { EmbeddingMatrix } from './embedding-matrix.js';
import { normaliseRows } from './embedding-matrix.js';
import { maskEntities, unmaskedRuns } from './entity-masks.js';
import { STOP_WORDS } from './stop-words.js';

export interface LsaOptions {
  /** Dimensions kept (default 128). */
  dimensions?: number;
  /** Terms in fewer texts are dropped (default 2). */
  minDocumentFrequency?: number;
  /** Power iterations of the randomized range finder (default 2). */
  powerIterations?: number;
  seed?: number;
}

interface SparseRows {
  starts: Int32Array;
  columns: Int32Array;
  values: Float32Array;
  columnCount: number;
}

/**
 * Latent semantic analysis for discovery without a sentence encoder: TF-IDF over word stems and
 * stem pairs (numbers and dates masked, stop words out), sublinear tf, each row of length 1,
 * projected on its top right singular subspace found by a randomized range finder (Halko et al.
 * 2011: a Gaussian start, power iterations, Gram–Schmidt). Cosines in that subspace are those of
 * the rank-`dimensions` approximation, so no small SVD is needed. Rows of length 1.
 */
export function lsaEmbeddings(texts: readonly string[], options: LsaOptions = {}): EmbeddingMatrix {
  const rank = options.dimensions ?? 128;
  const tfidf = tfidfRows(texts, options.minDocumentFrequency ?? 2);
  const l = Math.max(1, Math.min(rank, tfidf.columnCount));
  const random = seededRandom(options.seed ?? 42);
  // The basis is kept column by column: basis[c] is a vector over terms.
  let basis = Array.from({ length: l }, () => gaussian(tfidf.columnCount, random));
  orthonormalise(basis);
  for (let q = 0; q < (options.powerIterations ?? 2); q++) {
    basis = basis.map((column) => transposeTimes(tfidf, times(tfidf, column)));
    orthonormalise(basis);
  }
  const rows = texts.length;
  const data = new Float32Array(rows * rank);
  basis.forEach((column, c) => times(tfidf, column).forEach((value, i) => (data[i * rank + c] = value)));
  normaliseRows(data, rank);
  return { data, rows, dimensions: rank };
}

function termsOf(text: string): string[] {
  const terms: string[] = [];
  for (const run of unmaskedRuns(maskEntities(text))) {
    const stems = wordsOf(run).filter((w) => !STOP_WORDS.has(w)).map(stemOf);
    stems.forEach((stem, i) => {
      terms.push(stem);
      if (i > 0) terms.push(`${stems[i - 1]} ${stem}`);
    });
  }
  return terms;
}

function tfidfRows(texts: readonly string[], minDocumentFrequency: number): SparseRows {
  const documents = texts.map(termsOf);
  const frequency = new Map<string, number>();
  for (const terms of documents) for (const term of new Set(terms)) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  const columnOf = new Map<string, number>();
  for (const [term, df] of frequency) if (df >= minDocumentFrequency) columnOf.set(term, columnOf.size);
  const idf = new Float64Array(columnOf.size);
  for (const [term, column] of columnOf) idf[column] = Math.log((1 + texts.length) / (1 + frequency.get(term)!)) + 1;
  const starts = new Int32Array(texts.length + 1);
  const columns: number[] = [];
  const values: number[] = [];
  documents.forEach((terms, i) => {
    const counts = new Map<number, number>();
    for (const term of terms) {
      const column = columnOf.get(term);
      if (column !== undefined) counts.set(column, (counts.get(column) ?? 0) + 1);
    }
    const row = [...counts].map(([column, tf]) => [column, (1 + Math.log(tf)) * idf[column]!] as const);
    const length = Math.hypot(...row.map(([, v]) => v)) || 1;
    for (const [column, value] of row) {
      columns.push(column);
      values.push(value / length);
    }
    starts[i + 1] = columns.length;
  });
  return { starts, columns: Int32Array.from(columns), values: Float32Array.from(values), columnCount: columnOf.size };
}

// A × v (rows), for v over terms.
function times(a: SparseRows, v: Float64Array): Float64Array {
  const out = new Float64Array(a.starts.length - 1);
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (let p = a.starts[i]!; p < a.starts[i + 1]!; p++) sum += a.values[p]! * v[a.columns[p]!]!;
    out[i] = sum;
  }
  return out;
}

// Aᵀ × w, for w over rows.
function transposeTimes(a: SparseRows, w: Float64Array): Float64Array {
  const out = new Float64Array(a.columnCount);
  for (let i = 0; i < w.length; i++) for (let p = a.starts[i]!; p < a.starts[i + 1]!; p++) out[a.columns[p]!]! += a.values[p]! * w[i]!;
  return out;
}

function gaussian(length: number, random: () => number): Float64Array {
  const uniform = () => (random() + 1) / (2 ** 32 + 1);
  return Float64Array.from({ length }, () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
}

// Modified Gram–Schmidt, twice for stability; a column that vanishes stays zero.
function orthonormalise(columns: Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    columns.forEach((column, c) => {
      for (let p = 0; p < c; p++) {
        const previous = columns[p]!;
        let projection = 0;
        for (let j = 0; j < column.length; j++) projection += column[j]! * previous[j]!;
        for (let j = 0; j < column.length; j++) column[j]! -= projection * previous[j]!;
      }
      let length = 0;
      for (let j = 0; j < column.length; j++) length += column[j]! ** 2;
      length = Math.sqrt(length);
      for (let j = 0; j < column.length; j++) column[j] = length > 1e-12 ? column[j]! / length : 0;
    });
  }
}
