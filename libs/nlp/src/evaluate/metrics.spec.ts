import { scoresOf, worstClasses } from './metrics.js';

describe('scoresOf', () => {
  const truth = ['a', 'a', 'a', 'b', 'b', 'c'];
  const predicted = ['a', 'a', 'b', 'b', 'unclassified', 'c'];
  const sut = scoresOf(truth, predicted);

  it('counts accuracy over every text', () => {
    expect(sut.accuracy).toBeCloseTo(4 / 6, 12);
  });

  it('gives precision, recall and F1 per true class', () => {
    expect(sut.classes.find((c) => c.label === 'a')).toEqual({ label: 'a', precision: 1, recall: 2 / 3, f1: 0.8, support: 3 });
    expect(sut.classes.find((c) => c.label === 'b')).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5 });
  });

  it('averages F1 over the true classes only', () => {
    expect(sut.classes.map((c) => c.label)).toEqual(['a', 'b', 'c']);
    expect(sut.macroF1).toBeCloseTo((0.8 + 0.5 + 1) / 3, 12);
  });

  it('refuses lists of different lengths', () => {
    expect(() => scoresOf(['a'], [])).toThrow(RangeError);
  });
});

describe('worstClasses', () => {
  it('lists the lowest F1 first', () => {
    const sut = worstClasses(scoresOf(['a', 'b', 'b', 'c'], ['a', 'b', 'c', 'b']), 2);
    expect(sut.map((c) => c.label)).toEqual(['c', 'b']);
  });
});
