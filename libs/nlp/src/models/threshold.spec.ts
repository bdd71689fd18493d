import { tuneThreshold, type HeldOutOutcome } from './threshold.js';

const inScope = (confidence: number, correct: boolean): HeldOutOutcome => ({ confidence, correct, outOfScope: false, predictsOutOfScope: false });
const outOfScope = (confidence: number, predictsOutOfScope = false): HeldOutOutcome => ({ confidence, correct: predictsOutOfScope, outOfScope: true, predictsOutOfScope });

describe('tuneThreshold', () => {
  it('without out-of-scope texts, rejects the low confidences where the model is wrong more often than right', () => {
    const outcomes = [inScope(0.1, false), inScope(0.15, false), inScope(0.2, true), inScope(0.6, true), inScope(0.7, true), inScope(0.9, true)];
    const sut = tuneThreshold(outcomes, 1);
    expect(sut).toBeGreaterThan(0.15);
    expect(sut).toBeLessThanOrEqual(0.2);
  });

  it('never costs more held-out in-scope accuracy than allowed', () => {
    const outcomes = [inScope(0.1, true), inScope(0.2, false), inScope(0.3, false), ...Array.from({ length: 7 }, (_, i) => inScope(0.5 + i / 20, true))];
    // Rejecting 0.1 (right) would cost 10 points: with a 5-point allowance it must stay accepted.
    expect(tuneThreshold(outcomes, 0.05)).toBeLessThanOrEqual(0.1);
  });

  it('with enough out-of-scope texts, trades in-scope accuracy for out-of-scope recall one for one', () => {
    const outcomes = [
      ...Array.from({ length: 30 }, (_, i) => outOfScope(0.1 + i / 1000)),
      ...Array.from({ length: 60 }, (_, i) => inScope(0.5 + i / 200, true)),
    ];
    const sut = tuneThreshold(outcomes, 0.01);
    expect(sut).toBeGreaterThan(0.129);
    expect(sut).toBeLessThanOrEqual(0.5);
  });

  it('counts a prediction of the out-of-scope label as a rejection at any threshold', () => {
    const outcomes = [...Array.from({ length: 30 }, () => outOfScope(0.9, true)), inScope(0.2, true), inScope(0.8, true)];
    expect(tuneThreshold(outcomes, 0.01)).toBeLessThanOrEqual(0.2);
  });

  it('is 0 with nothing held out', () => {
    expect(tuneThreshold([], 0.01)).toBe(0);
  });
});
