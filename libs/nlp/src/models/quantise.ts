import type { LinearModel } from './one-vs-rest.js';

/** Weights as int8 codes with one scale per class: weight ≈ code × scale[k]. */
export interface QuantisedWeights {
  readonly codes: Int8Array;
  readonly scales: Float32Array;
}

/**
 * Rounds each class's weights to 255 levels of its largest magnitude, a quarter of float32's
 * size. The error per weight is at most half a level, far below what separates the classes.
 */
export function quantiseWeights(model: LinearModel): QuantisedWeights {
  const { classes, weights } = model;
  const scales = new Float32Array(classes);
  for (let i = 0; i < weights.length; i++) {
    const k = i % classes;
    scales[k] = Math.max(scales[k]!, Math.abs(weights[i]!));
  }
  for (let k = 0; k < classes; k++) scales[k] = scales[k]! > 0 ? scales[k]! / 127 : 1;
  const codes = new Int8Array(weights.length);
  for (let i = 0; i < weights.length; i++) codes[i] = Math.round(weights[i]! / scales[i % classes]!);
  return { codes, scales };
}

/** The weights the codes stand for, feature-major like the model they came from. */
export function dequantiseWeights(quantised: QuantisedWeights, classes: number): Float32Array {
  const { codes, scales } = quantised;
  const weights = new Float32Array(codes.length);
  for (let i = 0; i < codes.length; i++) weights[i] = codes[i]! * scales[i % classes]!;
  return weights;
}
