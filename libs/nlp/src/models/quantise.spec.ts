import { dequantiseWeights, quantiseWeights } from './quantise.js';

describe('quantiseWeights', () => {
  const model = { classes: 2, features: 3, weights: Float32Array.from([0.5, -2, -0.25, 1, 0.1, 0]), biases: new Float32Array(2) };

  it('keeps every weight within half a step of its class scale', () => {
    const sut = quantiseWeights(model);
    const back = dequantiseWeights(sut, 2);
    model.weights.forEach((w, i) => expect(Math.abs(back[i]! - w)).toBeLessThanOrEqual(sut.scales[i % 2]! / 2 + 1e-7));
  });

  it('maps the largest magnitude of each class to ±127', () => {
    const sut = quantiseWeights(model);
    // Feature-major: class 0 holds 0.5, -0.25, 0.1 (largest 0.5); class 1 holds -2, 1, 0 (largest 2).
    expect(sut.codes[0]).toBe(127);
    expect(sut.codes[1]).toBe(-127);
  });
});
