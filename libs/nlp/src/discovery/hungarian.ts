/**
 * Minimum-cost assignment (Hungarian algorithm with potentials, O(n² m)) for an n × m cost matrix
 * given as rows: each row gets a distinct column, and every column is used at most once.
 * Returns the column of each row; with more rows than columns, the rows left over get -1.
 */
export function minimumCostAssignment(cost: readonly (readonly number[])[]): number[] {
  const n = cost.length;
  const m = n === 0 ? 0 : cost[0]!.length;
  if (n === 0 || m === 0) return new Array<number>(n).fill(-1);
  if (n > m) {
    const columns = minimumCostAssignment(Array.from({ length: m }, (_, j) => cost.map((row) => row[j]!)));
    const assigned = new Array<number>(n).fill(-1);
    columns.forEach((row, column) => {
      if (row >= 0) assigned[row] = column;
    });
    return assigned;
  }
  // 1-based arrays as in the classic formulation: rowOf[j] is the row matched to column j (0: none).
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const rowOf = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  for (let i = 1; i <= n; i++) {
    rowOf[0] = i;
    let j0 = 0;
    const minimum = new Float64Array(m + 1).fill(Infinity);
    const used = new Uint8Array(m + 1);
    do {
      used[j0] = 1;
      const i0 = rowOf[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const reduced = cost[i0 - 1]![j - 1]! - u[i0]! - v[j]!;
        if (reduced < minimum[j]!) {
          minimum[j] = reduced;
          way[j] = j0;
        }
        if (minimum[j]! < delta) {
          delta = minimum[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[rowOf[j]!]! += delta;
          v[j]! -= delta;
        } else minimum[j]! -= delta;
      }
      j0 = j1;
    } while (rowOf[j0] !== 0);
    do {
      const j1 = way[j0]!;
      rowOf[j0] = rowOf[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const assigned = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) if (rowOf[j]! > 0) assigned[rowOf[j]! - 1] = j - 1;
  return assigned;
}
