/**
 * Softmax of `classes` decision values from `scores[offset…]`, divided by the temperature, into
 * `out` (the same length as classes). Subtracting the maximum keeps exp() finite.
 */
export function softmaxInto(scores: ArrayLike<number>, offset: number, classes: number, temperature: number, out: Float64Array): void {
  let max = -Infinity;
  for (let k = 0; k < classes; k++) if (scores[offset + k]! > max) max = scores[offset + k]!;
  let sum = 0;
  for (let k = 0; k < classes; k++) {
    const e = Math.exp((scores[offset + k]! - max) / temperature);
    out[k] = e;
    sum += e;
  }
  for (let k = 0; k < classes; k++) out[k]! /= sum;
}

/** Mean negative log-likelihood of the true classes at a given inverse temperature. */
export function logLoss(scores: ArrayLike<number>, targets: ArrayLike<number>, classes: number, inverseTemperature: number): number {
  let total = 0;
  const rows = targets.length;
  for (let row = 0; row < rows; row++) {
    const offset = row * classes;
    let max = -Infinity;
    for (let k = 0; k < classes; k++) if (scores[offset + k]! > max) max = scores[offset + k]!;
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += Math.exp((scores[offset + k]! - max) * inverseTemperature);
    total += Math.log(sum) - (scores[offset + targets[row]!]! - max) * inverseTemperature;
  }
  return total / Math.max(rows, 1);
}

const MIN_LOG_INVERSE = Math.log(1e-2);
const MAX_LOG_INVERSE = Math.log(1e3);
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * The temperature T that minimises the log-loss of softmax(scores / T) on held-out rows
 * (Guo et al. 2017, temperature scaling). The loss is convex in 1/T, so a golden-section search
 * over log(1/T) finds the minimum; 1 when there is nothing to fit on.
 */
export function fitTemperature(scores: ArrayLike<number>, targets: ArrayLike<number>, classes: number): number {
  if (targets.length === 0 || classes < 2) return 1;
  const loss = (logInverse: number) => logLoss(scores, targets, classes, Math.exp(logInverse));
  let low = MIN_LOG_INVERSE;
  let high = MAX_LOG_INVERSE;
  let a = high - GOLDEN * (high - low);
  let b = low + GOLDEN * (high - low);
  let lossA = loss(a);
  let lossB = loss(b);
  while (high - low > 1e-3) {
    if (lossA < lossB) {
      high = b;
      b = a;
      lossB = lossA;
      a = high - GOLDEN * (high - low);
      lossA = loss(a);
    } else {
      low = a;
      a = b;
      lossA = lossB;
      b = low + GOLDEN * (high - low);
      lossB = loss(b);
    }
  }
  return 1 / Math.exp((low + high) / 2);
}
