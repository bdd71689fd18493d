import { seededRandom, type SeededRandom } from './seeded-random.js';

/** A part of the population: contacts of one step, channel or period. */
export interface Stratum {
  key: string;
  /** How many contacts of the population are in it. */
  size: number;
}

export interface Allocation {
  key: string;
  size: number;
  /** How many of its contacts the sample takes. */
  sampleSize: number;
}

/** One contact of the sample: the `rank`-th contact of its stratum (in the population's stable order), coded at `position`. */
export interface SampledContact {
  stratum: string;
  /** 0-based rank within the stratum, in whatever stable order the population is listed (contact id). */
  rank: number;
  /** 1-based order in which people code the sample: random across strata. */
  position: number;
}

/**
 * Proportional allocation: each stratum gets its share of the sample, n·Nₕ/N, rounded by largest
 * remainder so the parts add up to n (ties go to the larger stratum, then by key). A stratum too
 * small for its share to reach one contact may get none.
 */
export function proportionalAllocation(strata: readonly Stratum[], sampleSize: number): Allocation[] {
  const population = strata.reduce((sum, s) => sum + s.size, 0);
  for (const s of strata) {
    if (!Number.isInteger(s.size) || s.size < 0) throw new RangeError(`stratum ${s.key}: size must be a whole number ≥ 0, got ${s.size}`);
  }
  if (new Set(strata.map((s) => s.key)).size !== strata.length) throw new RangeError('stratum keys must be distinct');
  if (!Number.isInteger(sampleSize) || sampleSize < 0 || sampleSize > population) {
    throw new RangeError(`sampleSize must be a whole number from 0 to the population (${population}), got ${sampleSize}`);
  }
  const shares = strata.map((s) => {
    const exact = population === 0 ? 0 : (sampleSize * s.size) / population;
    return { key: s.key, size: s.size, sampleSize: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  let left = sampleSize - shares.reduce((sum, s) => sum + s.sampleSize, 0);
  const byRemainder = [...shares].sort((a, b) => b.remainder - a.remainder || b.size - a.size || compareKeys(a.key, b.key));
  for (const share of byRemainder) {
    if (left === 0) break;
    if (share.sampleSize < share.size) {
      share.sampleSize++;
      left--;
    }
  }
  return shares.map(({ key, size, sampleSize: n }) => ({ key, size, sampleSize: n }));
}

/**
 * A stratified random sample with proportional allocation, reproducible from `seed`: within each
 * stratum (in key order) a simple random sample of ranks without replacement (Floyd's algorithm,
 * memory in the sample's size, not the population's), then the whole sample shuffled into the
 * order people code it, so a study stopped half-way is still a random sample of every stratum.
 * The same seed and the same population (listed in the same order) give the same sample.
 */
export function drawStratifiedSample(strata: readonly Stratum[], sampleSize: number, seed: number): { allocation: Allocation[]; contacts: SampledContact[] } {
  const allocation = proportionalAllocation(strata, sampleSize);
  const random = seededRandom(seed);
  const picked: Array<Omit<SampledContact, 'position'>> = [];
  for (const part of [...allocation].sort((a, b) => compareKeys(a.key, b.key))) {
    for (const rank of distinctRanks(random, part.size, part.sampleSize)) picked.push({ stratum: part.key, rank });
  }
  shuffle(random, picked);
  return { allocation, contacts: picked.map((p, i) => ({ ...p, position: i + 1 })) };
}

// Robert Floyd's algorithm: k distinct numbers from 0..n−1, each k-subset equally likely; sorted.
function distinctRanks(random: SeededRandom, n: number, k: number): number[] {
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = random.below(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}

// Fisher–Yates.
function shuffle<T>(random: SeededRandom, items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.below(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

// Byte order, as PostgreSQL's COLLATE "C" and the taxonomy list keys: the same on every machine.
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
