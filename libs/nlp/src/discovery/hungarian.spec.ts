import { seededRandom } from '../models/random.js';
import { minimumCostAssignment } from './hungarian.js';

const costOf = (cost: number[][], assigned: number[]) => assigned.reduce((sum, column, row) => sum + (column >= 0 ? cost[row]![column]! : 0), 0);

function bruteForceMinimum(cost: number[][]): number {
  const n = cost.length;
  let best = Infinity;
  const permute = (row: number, used: Set<number>, sum: number) => {
    if (row === n) {
      best = Math.min(best, sum);
      return;
    }
    for (let column = 0; column < cost[0]!.length; column++) {
      if (used.has(column)) continue;
      used.add(column);
      permute(row + 1, used, sum + cost[row]![column]!);
      used.delete(column);
    }
  };
  permute(0, new Set(), 0);
  return best;
}

describe('minimumCostAssignment', () => {
  it('finds the cheapest one-to-one assignment of a 3 × 3 matrix', () => {
    const cost = [
      [4, 1, 3],
      [2, 0, 5],
      [3, 2, 2],
    ];
    const sut = minimumCostAssignment(cost);
    expect(sut).toEqual([1, 0, 2]);
    expect(costOf(cost, sut)).toBe(5);
  });

  it('leaves the costliest row without a column when there are more rows than columns', () => {
    const cost = [[1, 9], [9, 1], [5, 5]];
    // Rows 0 and 1 take their cheap columns (2); giving row 2 a column would cost 5 + 1.
    expect(minimumCostAssignment(cost)).toEqual([0, 1, -1]);
  });

  it('uses each column at most once with more columns than rows', () => {
    expect(minimumCostAssignment([[5, 1, 1], [5, 1, 2]])).toEqual([2, 1]);
  });

  it('agrees with trying every permutation on random 6 × 6 and 5 × 7 matrices', () => {
    const random = seededRandom(7);
    for (const [n, m] of [[6, 6], [5, 7], [6, 6], [5, 7]] as const) {
      const cost = Array.from({ length: n }, () => Array.from({ length: m }, () => random() % 100));
      const sut = minimumCostAssignment(cost);
      expect(new Set(sut).size).toBe(n);
      expect(costOf(cost, sut)).toBe(bruteForceMinimum(cost));
    }
  });
});
