import { seededRandom } from './seeded-random.js';
import { drawStratifiedSample, proportionalAllocation } from './stratified-sample.js';

describe('proportionalAllocation', () => {
  it('gives each stratum n·Nₕ/N: 30, 15 and 5 of 50 for strata of 600, 300 and 100', () => {
    const sut = proportionalAllocation([{ key: 'billing', size: 600 }, { key: 'delivery', size: 300 }, { key: 'kyc', size: 100 }], 50);
    expect(sut.map((a) => a.sampleSize)).toEqual([30, 15, 5]);
  });

  it('rounds by largest remainder so the parts add up: 5 of 5, 3, 2 → 2.5, 1.5, 1 → 3, 1, 1 (the tie goes to the larger stratum)', () => {
    const sut = proportionalAllocation([{ key: 'a', size: 5 }, { key: 'b', size: 3 }, { key: 'c', size: 2 }], 5);
    expect(sut).toEqual([
      { key: 'a', size: 5, sampleSize: 3 },
      { key: 'b', size: 3, sampleSize: 1 },
      { key: 'c', size: 2, sampleSize: 1 },
    ]);
  });

  it('may give a tiny stratum none: 10 of 990 and 10 → 9.9 and 0.1 → 10 and 0', () => {
    expect(proportionalAllocation([{ key: 'big', size: 990 }, { key: 'tiny', size: 10 }], 10).map((a) => a.sampleSize)).toEqual([10, 0]);
  });

  it('refuses a sample larger than the population and repeated keys', () => {
    expect(() => proportionalAllocation([{ key: 'a', size: 3 }], 4)).toThrow(RangeError);
    expect(() => proportionalAllocation([{ key: 'a', size: 3 }, { key: 'a', size: 1 }], 1)).toThrow(RangeError);
  });
});

describe('drawStratifiedSample', () => {
  const strata = [{ key: 'email', size: 600 }, { key: 'phone', size: 300 }, { key: 'chat', size: 100 }];

  it('draws the allocated number of distinct ranks within each stratum', () => {
    const sut = drawStratifiedSample(strata, 50, 42);
    for (const [key, size, wanted] of [['email', 600, 30], ['phone', 300, 15], ['chat', 100, 5]] as const) {
      const ranks = sut.contacts.filter((c) => c.stratum === key).map((c) => c.rank);
      expect(ranks).toHaveLength(wanted);
      expect(new Set(ranks).size).toBe(wanted);
      expect(ranks.every((r) => Number.isInteger(r) && r >= 0 && r < size)).toBe(true);
    }
  });

  it('numbers the coding order 1..n, mixing the strata', () => {
    const sut = drawStratifiedSample(strata, 50, 42);
    expect(sut.contacts.map((c) => c.position)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(sut.contacts.slice(0, 10).map((c) => c.stratum)).size).toBeGreaterThan(1);
  });

  it('is reproducible from its seed, and another seed draws another sample', () => {
    expect(drawStratifiedSample(strata, 50, 7)).toEqual(drawStratifiedSample(strata, 50, 7));
    expect(drawStratifiedSample(strata, 50, 8).contacts).not.toEqual(drawStratifiedSample(strata, 50, 7).contacts);
  });

  it('draws exactly the sample it drew before from the same seed: a study can be drawn again in a later version', () => {
    expect(drawStratifiedSample([{ key: 'a', size: 10 }, { key: 'b', size: 5 }], 6, 42).contacts.map((c) => `${c.position}:${c.stratum}${c.rank}`)).toEqual(['1:a6', '2:a3', '3:a2', '4:b4', '5:a5', '6:b2']);
  });

  it('takes the whole stratum when the sample is the whole population', () => {
    const sut = drawStratifiedSample([{ key: 'a', size: 4 }, { key: 'b', size: 2 }], 6, 1);
    expect(sut.contacts.filter((c) => c.stratum === 'a').map((c) => c.rank).sort()).toEqual([0, 1, 2, 3]);
  });

  it('picks every contact about equally often over many seeds (each of 10 ranks in ~30% of 3-of-10 samples)', () => {
    const hits = new Array<number>(10).fill(0);
    for (let seed = 0; seed < 4000; seed++) for (const c of drawStratifiedSample([{ key: 's', size: 10 }], 3, seed).contacts) hits[c.rank]!++;
    for (const h of hits) expect(h / 4000).toBeGreaterThan(0.27);
    for (const h of hits) expect(h / 4000).toBeLessThan(0.33);
  });
});

describe('seededRandom', () => {
  it('gives the same sequence for the same seed, within the bound', () => {
    const a = seededRandom(123);
    const b = seededRandom(123);
    const drawn = Array.from({ length: 20 }, () => a.below(6));
    expect(drawn).toEqual(Array.from({ length: 20 }, () => b.below(6)));
    expect(drawn.every((v) => v >= 0 && v < 6)).toBe(true);
  });

  it('is Mulberry32: seed 1 starts 2693262067, 11749833, 2265367787 (the reference implementation’s numbers)', () => {
    const sut = seededRandom(1);
    expect([sut.below(2 ** 32), sut.below(2 ** 32), sut.below(2 ** 32)]).toEqual([2693262067, 11749833, 2265367787]);
  });

  it('refuses a seed that is not a 32-bit unsigned whole number', () => {
    expect(() => seededRandom(-1)).toThrow(RangeError);
    expect(() => seededRandom(2 ** 32)).toThrow(RangeError);
    expect(() => seededRandom(1.5)).toThrow(RangeError);
  });
});
