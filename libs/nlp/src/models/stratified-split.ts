import { seededRandom, shuffle } from './random.js';

export interface Split {
  /** Row numbers to fit on, ascending. */
  fit: number[];
  /** Row numbers held out, ascending. */
  heldOut: number[];
}

/**
 * Which of a class's rows are held out:
 * - `latest`: the last ones in the order given (the newest, when rows come in the order they
 *   arrived). Texts written in one sitting sit together and paraphrase each other; a random pick
 *   holds out the twins of fitted rows, so held-out figures come out better than on texts still
 *   to come, and everything tuned on them (the threshold, the open-set decision) is tuned for the
 *   wrong data.
 * - `random`: chosen by a seeded shuffle.
 */
export type HeldOutPick = 'latest' | 'random';

/**
 * Holds out `fraction` of each class's rows, so every class is represented on both sides in
 * proportion. A class with a single row is kept for fitting.
 */
export function stratifiedSplit(targets: ArrayLike<number>, fraction: number, seed: number, pick: HeldOutPick = 'latest'): Split {
  const byClass = new Map<number, number[]>();
  for (let row = 0; row < targets.length; row++) {
    const rows = byClass.get(targets[row]!) ?? [];
    rows.push(row);
    byClass.set(targets[row]!, rows);
  }
  const random = seededRandom(seed);
  const held = new Uint8Array(targets.length);
  for (const rows of byClass.values()) {
    const count = rows.length > 1 ? Math.max(1, Math.round(rows.length * fraction)) : 0;
    const chosen = pick === 'latest' ? rows.slice(rows.length - count) : shuffle(rows, random).slice(0, count);
    for (const row of chosen) held[row] = 1;
  }
  const fit: number[] = [];
  const heldOut: number[] = [];
  for (let row = 0; row < targets.length; row++) (held[row] ? heldOut : fit).push(row);
  return { fit, heldOut };
}
