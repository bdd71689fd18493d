import { seededRandom, shuffle } from './random.js';

export interface Split {
  /** Row numbers to fit on, ascending. */
  fit: number[];
  /** Row numbers held out, ascending. */
  heldOut: number[];
}

/**
 * Holds out `fraction` of each class's rows, chosen by a seeded shuffle, so every class is
 * represented on both sides in proportion. A class with a single row is kept for fitting.
 */
export function stratifiedSplit(targets: ArrayLike<number>, fraction: number, seed: number): Split {
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
    for (const row of shuffle(rows, random).slice(0, count)) held[row] = 1;
  }
  const fit: number[] = [];
  const heldOut: number[] = [];
  for (let row = 0; row < targets.length; row++) (held[row] ? heldOut : fit).push(row);
  return { fit, heldOut };
}
