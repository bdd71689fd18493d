import { minimumCostAssignment } from './hungarian.js';

/** How well found clusters match true labels; every figure is a fraction (ARI can dip below 0 for worse than chance). */
export interface ClusteringScores {
  /** Normalised mutual information, arithmetic-mean normalisation (sklearn's default). */
  nmi: number;
  /** Adjusted Rand index. */
  ari: number;
  /** Share of items whose cluster maps to their label under the best one-to-one matching (Hungarian). */
  accuracy: number;
  clusters: number;
  trueClusters: number;
}

interface Contingency {
  counts: number[][];
  rowTotals: number[];
  columnTotals: number[];
  n: number;
}

function contingencyOf<A, B>(truth: readonly A[], found: readonly B[]): Contingency {
  if (truth.length !== found.length) throw new RangeError(`${truth.length} labels but ${found.length} cluster assignments`);
  const rowIds = new Map<A, number>();
  const columnIds = new Map<B, number>();
  for (const label of truth) if (!rowIds.has(label)) rowIds.set(label, rowIds.size);
  for (const cluster of found) if (!columnIds.has(cluster)) columnIds.set(cluster, columnIds.size);
  const counts = Array.from({ length: rowIds.size }, () => new Array<number>(columnIds.size).fill(0));
  truth.forEach((label, i) => counts[rowIds.get(label)!]![columnIds.get(found[i]!)!]!++);
  const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = Array.from({ length: columnIds.size }, (_, j) => counts.reduce((sum, row) => sum + row[j]!, 0));
  return { counts, rowTotals, columnTotals, n: truth.length };
}

const entropyOf = (totals: readonly number[], n: number) => -totals.reduce((h, t) => (t > 0 ? h + (t / n) * Math.log(t / n) : h), 0);

export function normalisedMutualInformation<A, B>(truth: readonly A[], found: readonly B[]): number {
  const { counts, rowTotals, columnTotals, n } = contingencyOf(truth, found);
  if (n === 0) return 1;
  let mutual = 0;
  counts.forEach((row, i) =>
    row.forEach((c, j) => {
      if (c > 0) mutual += (c / n) * Math.log((c * n) / (rowTotals[i]! * columnTotals[j]!));
    }),
  );
  const entropies = entropyOf(rowTotals, n) + entropyOf(columnTotals, n);
  // Both partitions a single cluster: identical, by convention 1.
  return entropies === 0 ? 1 : Math.max(0, (2 * mutual) / entropies);
}

export function adjustedRandIndex<A, B>(truth: readonly A[], found: readonly B[]): number {
  const { counts, rowTotals, columnTotals, n } = contingencyOf(truth, found);
  const pairs = (x: number) => (x * (x - 1)) / 2;
  const index = counts.reduce((sum, row) => sum + row.reduce((s, c) => s + pairs(c), 0), 0);
  const rows = rowTotals.reduce((s, t) => s + pairs(t), 0);
  const columns = columnTotals.reduce((s, t) => s + pairs(t), 0);
  const expected = n > 1 ? (rows * columns) / pairs(n) : 0;
  const maximum = (rows + columns) / 2;
  return maximum === expected ? 1 : (index - expected) / (maximum - expected);
}

export function clusteringAccuracy<A, B>(truth: readonly A[], found: readonly B[]): number {
  const { counts, n } = contingencyOf(truth, found);
  if (n === 0) return 1;
  const assigned = minimumCostAssignment(counts.map((row) => row.map((c) => -c)));
  return assigned.reduce((sum, column, row) => sum + (column >= 0 ? counts[row]![column]! : 0), 0) / n;
}

export function clusteringScoresOf<A, B>(truth: readonly A[], found: readonly B[]): ClusteringScores {
  return {
    nmi: normalisedMutualInformation(truth, found),
    ari: adjustedRandIndex(truth, found),
    accuracy: clusteringAccuracy(truth, found),
    clusters: new Set(found).size,
    trueClusters: new Set(truth).size,
  };
}
