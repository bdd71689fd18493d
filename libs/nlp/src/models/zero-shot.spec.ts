import { fitZeroShotMap, prototypeOf, unitLength, zeroShotScoresInto } from './zero-shot.js';

// Held-out rows as a trained model sees them: the true class scores about +1, the others about −1;
// the true class's description is about 0.75 similar to the text, the others' about 0.3.
function heldOut(rows: number, classes: number, described = (_k: number) => true) {
  const scores = new Float32Array(rows * classes);
  const cosines = new Float64Array(rows * classes);
  const targets = Int32Array.from({ length: rows }, (_, row) => row % classes);
  for (let row = 0; row < rows; row++) {
    for (let k = 0; k < classes; k++) {
      const noise = Math.sin(row * 12.9898 + k * 78.233);
      const own = k === targets[row];
      scores[row * classes + k] = (own ? 1 : -1) + 0.3 * noise;
      cosines[row * classes + k] = described(k) ? (own ? 0.75 : 0.3) + 0.08 * noise : Number.NaN;
    }
  }
  return { scores, cosines, targets, classes, temperature: 0.3, coldShare: 0.4 };
}

describe('fitZeroShotMap', () => {
  it('maps a matching description above the other categories’ decision values and a foreign one below the true class’s', () => {
    const map = fitZeroShotMap(heldOut(200, 5))!;
    expect(map.slope).toBeGreaterThan(0);
    // A described category that fits the text beats the others (about −1)…
    expect(map.slope * 0.75 + map.offset).toBeGreaterThan(-0.5);
    // …and one that does not fit does not take the text from its true category (about +1).
    expect(map.slope * 0.3 + map.offset).toBeLessThan(0.5);
  });

  it('finds the same scores when the similarities are squeezed (an encoder whose cosines span less)', () => {
    const rows = heldOut(200, 5);
    const squeezed = { ...rows, cosines: rows.cosines.map((c) => 0.5 * c + 0.2) };
    const map = fitZeroShotMap(rows)!;
    const other = fitZeroShotMap(squeezed)!;
    expect(other.slope).toBeCloseTo(2 * map.slope, 1);
    for (const c of [0.3, 0.75]) expect(other.slope * (0.5 * c + 0.2) + other.offset).toBeCloseTo(map.slope * c + map.offset, 1);
  });

  it('fits nothing on fewer than 30 held-out texts of described categories', () => {
    expect(fitZeroShotMap(heldOut(29, 5))).toBeUndefined();
    // 100 rows, but only class 0 (20 rows) has a description.
    expect(fitZeroShotMap(heldOut(100, 5, (k) => k === 0))).toBeUndefined();
  });
});

describe('prototypes', () => {
  it('scales to unit length and leaves a zero vector alone', () => {
    expect(Array.from(unitLength([3, 4]))).toEqual([0.6000000238418579, 0.800000011920929]);
    expect(Array.from(unitLength([0, 0]))).toEqual([0, 0]);
  });

  it('counts the description as one example', () => {
    const prototype = prototypeOf([2, 0], [[0, 1], [0, 5]]);
    // (1, 0) + (0, 1) + (0, 1) = (1, 2), at unit length.
    expect(prototype[0]).toBeCloseTo(1 / Math.sqrt(5), 6);
    expect(prototype[1]).toBeCloseTo(2 / Math.sqrt(5), 6);
    expect(Array.from(prototypeOf(undefined, [[0, 3]]))).toEqual([0, 1]);
  });

  it('scores slope × cosine + offset, whatever the embedding’s length', () => {
    const prototypes = Float32Array.from([1, 0, 0, 1]);
    const scores = new Float64Array(3).fill(-9);
    zeroShotScoresInto(prototypes, [3, 3], { slope: 2, offset: -1 }, scores, 1);
    expect(scores[0]).toBe(-9);
    expect(scores[1]).toBeCloseTo(2 * Math.SQRT1_2 - 1, 6);
    expect(scores[2]).toBeCloseTo(2 * Math.SQRT1_2 - 1, 6);
  });
});
