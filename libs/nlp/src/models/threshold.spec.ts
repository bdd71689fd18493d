import { heldOutFiguresOf, heldOutPredictionsOf, tuneThreshold, type HeldOutOutcome } from './threshold.js';

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

describe('heldOutPredictionsOf', () => {
  it("gives each held-out text its true label and the model's label, or null when the threshold or an out-of-scope top label rejects it", () => {
    const outcomes: HeldOutOutcome[] = [
      { confidence: 0.9, correct: true, outOfScope: false, predictsOutOfScope: false },
      { confidence: 0.8, correct: false, outOfScope: false, predictsOutOfScope: false },
      { confidence: 0.3, correct: true, outOfScope: false, predictsOutOfScope: false },
      { confidence: 0.95, correct: false, outOfScope: false, predictsOutOfScope: true },
    ];
    const labels = ['card_arrival', 'oos', 'upgrade'];
    const sut = heldOutPredictionsOf(outcomes, [0, 2, 2, 0], [0, 0, 2, 1], labels, 0.5);
    expect(sut).toEqual([
      { label: 'card_arrival', predicted: 'card_arrival' },
      { label: 'upgrade', predicted: 'card_arrival' },
      { label: 'upgrade', predicted: null },
      { label: 'card_arrival', predicted: null },
    ]);
  });
});

describe('heldOutFiguresOf', () => {
  it("counts an out-of-scope text's top label right when it is the out-of-scope label, however the outcome marks it", () => {
    // As an open-set fit reports them: out-of-scope outcomes are never `correct`.
    const unknown = (predictsOutOfScope: boolean): HeldOutOutcome => ({ confidence: 0.9, correct: false, outOfScope: true, predictsOutOfScope });
    const outcomes = [inScope(0.9, true), inScope(0.9, false), unknown(true), unknown(true), unknown(false)];
    const sut = heldOutFiguresOf(outcomes, 0.5);
    expect(sut.topAccuracy).toBe(0.6);
    expect(sut.outOfScopeRecall).toBe(0.6667);
    expect(sut.inScopeAccuracy).toBe(0.5);
  });
});
