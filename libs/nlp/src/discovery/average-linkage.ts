import type { EmbeddingMatrix } from './embedding-matrix.js';
import { dotsWithRows } from './embedding-matrix.js';
import { yieldToEventLoop } from './yield.js';

/** One merge of the dendrogram: the clusters held by points `a` and `b` joined at `height`. */
export interface Merge {
  a: number;
  b: number;
  height: number;
}

export interface LinkageOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Cosine distances (1 − cos) between all rows, full square, for rows of unit length. */
export function cosineDistances(matrix: EmbeddingMatrix): Float32Array {
  const { rows: n, dimensions, data } = matrix;
  const distances = new Float32Array(n * n);
  // Each row against the rows after it, four at a time (dotsWithRows), written along the row;
  // the lower triangle is then copied from the upper in tiles, rather than written a column at a
  // time (a 16 KB stride at 4,000 rows) as each product comes.
  const products = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    dotsWithRows(data, i, data, i + 1, n - i - 1, dimensions, products);
    for (let j = i + 1; j < n; j++) distances[i * n + j] = 1 - products[j - i - 1]!;
  }
  const tile = 64;
  for (let i0 = 0; i0 < n; i0 += tile) {
    for (let j0 = i0; j0 < n; j0 += tile) {
      for (let i = i0; i < Math.min(i0 + tile, n); i++) for (let j = Math.max(j0, i + 1); j < Math.min(j0 + tile, n); j++) distances[j * n + i] = distances[i * n + j]!;
    }
  }
  return distances;
}

/**
 * Average-linkage (UPGMA) clustering by the nearest-neighbour chain: O(n²) time over the n × n
 * distance matrix, which it overwrites (Lance–Williams updates). Average linkage is reducible, so
 * the chain finds the same dendrogram as the textbook O(n³) method; merges come out in chain
 * order, not sorted by height. The cluster merged into a point's slot keeps that point's index.
 */
export async function averageLinkage(distances: Float32Array, n: number, options: LinkageOptions = {}): Promise<Merge[]> {
  const size = new Int32Array(n).fill(1);
  const active = new Uint8Array(n).fill(1);
  const merges: Merge[] = [];
  const chain: number[] = [];
  let remaining = n;
  while (remaining > 1) {
    if (chain.length === 0) chain.push(active.indexOf(1));
    const top = chain[chain.length - 1]!;
    const previous = chain.length > 1 ? chain[chain.length - 2]! : -1;
    // Nearest active neighbour; a tie goes to the previous chain element, so the chain cannot cycle.
    let nearest = previous;
    let best = previous >= 0 ? distances[top * n + previous]! : Infinity;
    for (let j = 0; j < n; j++) {
      if (!active[j] || j === top) continue;
      const d = distances[top * n + j]!;
      if (d < best) {
        best = d;
        nearest = j;
      }
    }
    if (nearest !== previous) {
      chain.push(nearest);
      continue;
    }
    chain.length -= 2;
    const [a, b] = top < previous ? [top, previous] : [previous, top];
    merges.push({ a, b, height: best });
    const na = size[a]!;
    const nb = size[b]!;
    for (let j = 0; j < n; j++) {
      if (!active[j] || j === a || j === b) continue;
      const d = (na * distances[a * n + j]! + nb * distances[b * n + j]!) / (na + nb);
      distances[a * n + j] = d;
      distances[j * n + a] = d;
    }
    active[b] = 0;
    size[a] = na + nb;
    remaining--;
    if (remaining % 256 === 0) {
      await yieldToEventLoop();
      options.signal?.throwIfAborted();
      options.onProgress?.(n - remaining, n - 1);
    }
  }
  return merges;
}

/** Flat clusters of the dendrogram cut at `threshold`: a label 0, 1, … per point, in order of first appearance. */
export function cutDendrogram(merges: readonly Merge[], n: number, threshold: number): Int32Array {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  // Heights are monotone under average linkage, so every merge at or below the threshold joins
  // clusters that are themselves below it: applying them in any order gives the cut.
  for (const { a, b, height } of merges) if (height <= threshold) parent[root(b)] = root(a);
  const labels = new Int32Array(n);
  const labelOf = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = root(i);
    if (!labelOf.has(r)) labelOf.set(r, labelOf.size);
    labels[i] = labelOf.get(r)!;
  }
  return labels;
}
