import { centredCentroidOf, centroidOf, cosine, meanOf, splitInTwo } from './theme-vectors.js';
import { discoveryScopeKey } from './discovery-scope.js';

describe('splitInTwo', () => {
  it('separates two groups of rows pointing different ways', () => {
    const data = new Float32Array([1, 0.1, 0.9, 0, 1, -0.1, 0.1, 1, 0, 0.9, -0.1, 1]);
    const sut = splitInTwo(data, 2, [0, 1, 2, 3, 4, 5]);
    expect(sut[0]).toBe(sut[1]);
    expect(sut[1]).toBe(sut[2]);
    expect(sut[3]).toBe(sut[4]);
    expect(sut[4]).toBe(sut[5]);
    expect(sut[0]).not.toBe(sut[3]);
  });

  it('only looks at the rows given', () => {
    const data = new Float32Array([1, 0, 0, 1, 1, 0.05, 0.05, 1]);
    expect([...splitInTwo(data, 2, [1, 3])]).not.toEqual([0, 0]);
  });
});

describe('centroidOf and cosine', () => {
  it('is the unit mean of the rows', () => {
    const sut = centroidOf(new Float32Array([1, 0, 0, 1, 5, 5]), 2, [0, 1]);
    expect(sut[0]).toBeCloseTo(Math.SQRT1_2);
    expect(cosine(sut, new Float32Array([1, 1]))).toBeCloseTo(1);
  });
});

describe('discoveryScopeKey', () => {
  it('is the same whatever the order of the fields, and `all` for no filter', () => {
    expect(discoveryScopeKey({ kind: 'ticket', from: '2026-01-01' })).toBe(discoveryScopeKey({ from: '2026-01-01', kind: 'ticket' }));
    expect(discoveryScopeKey({})).toBe('all');
    expect(discoveryScopeKey({ category: 'unclassified' })).not.toBe(discoveryScopeKey({}));
  });
});

describe('centredCentroidOf', () => {
  // Three groups sharing a large common direction (the first axis), as sentence embeddings do.
  const data = new Float32Array([0.9, 0.4, 0, 0.9, 0.5, 0, 0.9, 0, 0.4, 0.9, 0, 0.5, 0.9, -0.3, -0.3]);
  const origin = meanOf(data, 3, [0, 1, 2, 3, 4]);

  it('leaves the common direction out, so different groups are far apart', () => {
    const a = centredCentroidOf(data, 3, [0, 1], origin);
    const b = centredCentroidOf(data, 3, [2, 3], origin);
    expect(cosine(centroidOf(data, 3, [0, 1]), centroidOf(data, 3, [2, 3]))).toBeGreaterThan(0.75);
    expect(cosine(a, b)).toBeLessThan(0.3);
  });

  it('is the mean minus the origin, at length 1', () => {
    expect([...meanOf(data, 3, [0, 1])]).toEqual([expect.closeTo(0.9), expect.closeTo(0.45), 0]);
    const sut = centredCentroidOf(data, 3, [0, 1], new Float32Array([0.9, 0, 0]));
    expect([...sut]).toEqual([expect.closeTo(0), expect.closeTo(1), 0]);
  });
});
