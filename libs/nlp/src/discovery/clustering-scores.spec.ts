import { adjustedRandIndex, clusteringAccuracy, clusteringScoresOf, normalisedMutualInformation } from './clustering-scores.js';

describe('clustering scores', () => {
  it('are all 1 for the true partition under other cluster names', () => {
    const sut = clusteringScoresOf(['a', 'a', 'b', 'b', 'c'], [7, 7, 3, 3, 9]);
    expect(sut).toEqual({ nmi: 1, ari: 1, accuracy: 1, clusters: 3, trueClusters: 3 });
  });

  it('give NMI 0, ARI 0 and the majority share as accuracy when everything is one cluster', () => {
    const truth = ['a', 'a', 'b', 'b'];
    const found = [1, 1, 1, 1];
    expect(normalisedMutualInformation(truth, found)).toBe(0);
    expect(adjustedRandIndex(truth, found)).toBe(0);
    expect(clusteringAccuracy(truth, found)).toBe(0.5);
  });

  // Two labels of 3 split into clusters of 2, 2, 2: contingency a → {1: 2, 2: 1}, b → {2: 1, 3: 2}.
  it('match the hand-worked figures of a split into three pairs', () => {
    const truth = ['a', 'a', 'a', 'b', 'b', 'b'];
    const found = [1, 1, 2, 2, 3, 3];
    // MI = (2/3) ln 2; H(truth) = ln 2, H(found) = ln 3; NMI = 2 MI / (H + H).
    expect(normalisedMutualInformation(truth, found)).toBeCloseTo(((4 / 3) * Math.LN2) / (Math.LN2 + Math.log(3)), 10);
    // Pairs in cells 2, rows 6, columns 3, all 15: ARI = (2 - 6·3/15) / ((6 + 3)/2 - 6·3/15) = 0.8 / 3.3.
    expect(adjustedRandIndex(truth, found)).toBeCloseTo(0.8 / 3.3, 10);
    // a ↔ 1 and b ↔ 3 cover 4 of 6; cluster 2 stays unmatched.
    expect(clusteringAccuracy(truth, found)).toBeCloseTo(4 / 6, 10);
  });

  it('count a cluster matched to no label as wrong when there are more clusters than labels', () => {
    expect(clusteringAccuracy(['x', 'x', 'x', 'x'], [0, 0, 1, 2])).toBe(0.5);
  });

  it('refuse label and assignment lists of different lengths', () => {
    expect(() => clusteringScoresOf(['a'], [1, 2])).toThrow(RangeError);
  });
});
