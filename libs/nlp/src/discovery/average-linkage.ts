import type { EmbeddingMatrix } from './embedding-matrix.js';
import { dot } from './embedding-matrix.js';
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
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = 1 - dot(data, i * dimensions, data, j * dimensions, dimensions);
      distances[i * n + j] = d;
      distances[j * n + i] = d;
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
