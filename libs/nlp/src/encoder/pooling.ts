import type { Pooling } from './encoder-registry.js';

/**
 * Pools row `row` of a [batch, tokens, dimensions] hidden state into `out`, then L2-normalises:
 * the mean of the token vectors the attention mask keeps, or the first ([CLS]) token's vector.
 */
export function poolInto(hidden: Float32Array, mask: ArrayLike<number | bigint>, row: number, tokens: number, dimensions: number, pooling: Pooling, out: Float32Array): Float32Array {
  const base = row * tokens * dimensions;
  out.fill(0);
  if (pooling === 'cls') {
    for (let d = 0; d < dimensions; d++) out[d] = hidden[base + d]!;
  } else {
    let kept = 0;
    for (let t = 0; t < tokens; t++) {
      if (Number(mask[row * tokens + t]!) === 0) continue;
      kept++;
      const offset = base + t * dimensions;
      for (let d = 0; d < dimensions; d++) out[d]! += hidden[offset + d]!;
    }
    if (kept > 0) for (let d = 0; d < dimensions; d++) out[d]! /= kept;
  }
  return normaliseInPlace(out);
}

/** Scales a vector to length 1 (a zero vector stays zero). */
export function normaliseInPlace(vector: Float32Array): Float32Array {
  let squares = 0;
  for (let d = 0; d < vector.length; d++) squares += vector[d]! * vector[d]!;
  if (squares === 0) return vector;
  const scale = 1 / Math.sqrt(squares);
  for (let d = 0; d < vector.length; d++) vector[d]! *= scale;
  return vector;
}

/** Vectors side by side, scaled so that unit vectors make a unit vector. */
export function concatenateNormalised(parts: readonly Float32Array[]): Float32Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  const scale = 1 / Math.sqrt(parts.length);
  let at = 0;
  for (const part of parts) {
    for (let d = 0; d < part.length; d++) out[at + d] = part[d]! * scale;
    at += part.length;
  }
  return out;
}
