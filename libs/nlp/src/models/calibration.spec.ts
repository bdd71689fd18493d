import { fitTemperature, logLoss, softmaxInto } from './calibration.js';
import { seededRandom } from './random.js';

describe('softmaxInto', () => {
  it('gives probabilities that sum to 1, largest for the largest score', () => {
    const sut = new Float64Array(3);
    softmaxInto([0.2, 1.5, -3], 0, 3, 0.5, sut);
    expect(sut.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(sut.indexOf(Math.max(...sut))).toBe(1);
  });

  it('stays finite for scores far beyond exp()’s range', () => {
    const sut = new Float64Array(2);
    softmaxInto([1000, 999], 0, 2, 0.01, sut);
    expect(Number.isFinite(sut[0]!)).toBe(true);
  });

  it('sharpens as the temperature falls', () => {
    const hot = new Float64Array(2);
    const cold = new Float64Array(2);
    softmaxInto([1, 0], 0, 2, 2, hot);
    softmaxInto([1, 0], 0, 2, 0.1, cold);
    expect(cold[0]!).toBeGreaterThan(hot[0]!);
  });
});

describe('fitTemperature', () => {
  it('recovers the temperature the labels were drawn with', () => {
    // Labels sampled from softmax(scores / 0.25): the fitted temperature should be close to 0.25.
    const random = seededRandom(11);
    const classes = 4;
    const rows = 4000;
    const scores = new Float64Array(rows * classes);
    const targets = new Int32Array(rows);
    const p = new Float64Array(classes);
    for (let row = 0; row < rows; row++) {
      for (let k = 0; k < classes; k++) scores[row * classes + k] = random() / 2 ** 32 - 0.5;
      softmaxInto(scores, row * classes, classes, 0.25, p);
      let u = random() / 2 ** 32;
      let k = 0;
      while (k < classes - 1 && (u -= p[k]!) > 0) k++;
      targets[row] = k;
    }
    expect(fitTemperature(scores, targets, classes)).toBeCloseTo(0.25, 1);
  });

  it('lowers the log-loss compared with no scaling', () => {
    const scores = [0.3, -0.2, 0.1, 0.4, -0.5, 0.0];
    const targets = [0, 1];
    const t = fitTemperature(scores, targets, 3);
    expect(logLoss(scores, targets, 3, 1 / t)).toBeLessThanOrEqual(logLoss(scores, targets, 3, 1));
  });

  it('is 1 with nothing to fit on', () => {
    expect(fitTemperature([], [], 3)).toBe(1);
  });
});
