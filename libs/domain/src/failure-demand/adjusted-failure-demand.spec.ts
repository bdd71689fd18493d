import { adjustedFailureDemandShare, demandTypeConfusionIn, demandTypeConfusionOf, failureDetectionRates, type DemandTypeConfusion } from './adjusted-failure-demand.js';

// Held-out: 100 texts truly failure (80 called failure, 10 value, 10 unclassified), 100 truly
// value (10 called failure): tpr 0.8, fpr 0.1.
const confusion: DemandTypeConfusion = { failure: { failure: 80, value: 10, unclassified: 10 }, value: { failure: 10, value: 85, unclassified: 5 } };

describe('demandTypeConfusionOf', () => {
  const demandTypeOf = (label: string) => ({ card_arrival: 'failure', charged_twice: 'failure', upgrade: 'value' }) [label] as 'failure' | 'value' | undefined;

  it('counts held-out texts by true and predicted demand type; no prediction or a category without a type is unclassified', () => {
    const sut = demandTypeConfusionOf(
      [
        { label: 'card_arrival', predicted: 'card_arrival' },
        { label: 'card_arrival', predicted: 'charged_twice' },
        { label: 'charged_twice', predicted: 'upgrade' },
        { label: 'charged_twice', predicted: null },
        { label: 'upgrade', predicted: 'card_arrival' },
        { label: 'upgrade', predicted: 'oos' },
        { label: 'upgrade', predicted: 'upgrade' },
        { label: 'oos', predicted: 'upgrade' },
      ],
      demandTypeOf,
    );
    expect(sut).toEqual({ failure: { failure: 2, value: 1, unclassified: 1 }, value: { failure: 1, value: 1, unclassified: 1 } });
  });
});

describe('failureDetectionRates', () => {
  it('is tpr 0.8 and fpr 0.1, with the held-out sizes behind them', () => {
    expect(failureDetectionRates(confusion)).toEqual({ tpr: 0.8, fpr: 0.1, failureExamples: 100, valueExamples: 100 });
  });

  it('is undefined without held-out value (or failure) texts', () => {
    expect(failureDetectionRates({ ...confusion, value: { failure: 0, value: 0, unclassified: 0 } })).toBeUndefined();
  });
});

describe('adjustedFailureDemandShare', () => {
  const rates = failureDetectionRates(confusion)!;

  it('corrects an observed 40 failure calls in 100 contacts to (0.4 − 0.1) / (0.8 − 0.1) = 0.4286', () => {
    const sut = adjustedFailureDemandShare({ failure: 40, value: 50, unclassified: 10 }, rates)!;
    expect(sut.share).toBeCloseTo(0.3 / 0.7, 12);
    // Wilson 95% of 40/100 is 0.30940–0.49800, i.e. 0.29914–0.56857 once corrected; widened in
    // quadrature by 1.96² (0.4286²·0.8·0.2/100 + 0.5714²·0.1·0.9/100) / 0.7².
    expect(sut.low).toBeCloseTo(0.28242386600763203, 10);
    expect(sut.high).toBeCloseTo(0.5841567619181955, 10);
  });

  it('clips to 0 when fewer failure calls were seen than false alarms explain, the interval still above 0', () => {
    const sut = adjustedFailureDemandShare({ failure: 5, value: 95, unclassified: 0 }, rates)!;
    expect(sut.share).toBe(0);
    expect(sut.low).toBe(0);
    expect(sut.high).toBeCloseTo(0.05038119485146772, 10);
  });

  it('is undefined when the model barely tells failure from value demand (tpr − fpr < 0.2)', () => {
    expect(adjustedFailureDemandShare({ failure: 40, value: 60, unclassified: 0 }, { ...rates, tpr: 0.55, fpr: 0.4 })).toBeUndefined();
    expect(adjustedFailureDemandShare({ failure: 40, value: 60, unclassified: 0 }, { ...rates, tpr: 0.6, fpr: 0.4 })).toBeDefined();
  });

  it('is undefined without rates or without contacts', () => {
    expect(adjustedFailureDemandShare({ failure: 40, value: 60, unclassified: 0 }, undefined)).toBeUndefined();
    expect(adjustedFailureDemandShare({ failure: 0, value: 0, unclassified: 0 }, rates)).toBeUndefined();
  });

  it('rejects negative counts', () => {
    expect(() => adjustedFailureDemandShare({ failure: -1, value: 60, unclassified: 0 }, rates)).toThrow(RangeError);
  });
});

describe('demandTypeConfusionIn', () => {
  it("reads the confusion of a model version's stored evaluation", () => {
    expect(demandTypeConfusionIn({ threshold: 0.2, demandTypeConfusion: confusion })).toEqual(confusion);
  });

  it('is undefined for an evaluation without one, or with one of another shape', () => {
    expect(demandTypeConfusionIn({})).toBeUndefined();
    expect(demandTypeConfusionIn({ demandTypeConfusion: null })).toBeUndefined();
    expect(demandTypeConfusionIn({ demandTypeConfusion: { failure: { failure: 1, value: 2 }, value: confusion.value } })).toBeUndefined();
    expect(demandTypeConfusionIn({ demandTypeConfusion: { ...confusion, value: { failure: -1, value: 2, unclassified: 0 } } })).toBeUndefined();
  });
});
