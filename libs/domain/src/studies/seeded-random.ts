/** A source of uniform random whole numbers that gives the same sequence for the same seed. */
export interface SeededRandom {
  /** A whole number from 0 to `bound − 1`, each equally likely. */
  below(bound: number): number;
}

const TWO_TO_32 = 2 ** 32;

/** The largest seed: studies keep theirs as a 32-bit unsigned whole number. */
export const MAX_SEED = TWO_TO_32 - 1;

/**
 * Mulberry32 (Tommy Ettinger's 32-bit generator): tiny, fast and well distributed enough for
 * drawing samples, and, above all, reproducible: a study's sample can be drawn again from its seed.
 * Not for secrets.
 */
export function seededRandom(seed: number): SeededRandom {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new RangeError(`seed must be a whole number from 0 to ${MAX_SEED}, got ${seed}`);
  let state = seed >>> 0;
  const next32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    below(bound: number): number {
      if (!Number.isInteger(bound) || bound < 1 || bound > TWO_TO_32) throw new RangeError(`bound must be a whole number from 1 to 2^32, got ${bound}`);
      // Rejection sampling: values past the last whole multiple of `bound` would favour the low numbers.
      const limit = TWO_TO_32 - (TWO_TO_32 % bound);
      for (;;) {
        const value = next32();
        if (value < limit) return value % bound;
      }
    },
  };
}
