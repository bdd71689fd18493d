import { pareto } from './pareto.js';

describe('pareto', () => {
  it('marks the two categories that cause 80% of 200 failure contacts as the vital few', () => {
    const sut = pareto([
      { key: 'where-is-my-card', count: 60 },
      { key: 'refund-chasing', count: 100 },
      { key: 'pin-not-arrived', count: 20 },
      { key: 'address-change', count: 12 },
      { key: 'statement-query', count: 8 },
    ]);
    expect(sut).toEqual([
      { key: 'refund-chasing', count: 100, share: 0.5, cumulativeShare: 0.5, vital: true },
      { key: 'where-is-my-card', count: 60, share: 0.3, cumulativeShare: 0.8, vital: true },
      { key: 'pin-not-arrived', count: 20, share: 0.1, cumulativeShare: 0.9, vital: false },
      { key: 'address-change', count: 12, share: 0.06, cumulativeShare: 0.96, vital: false },
      { key: 'statement-query', count: 8, share: 0.04, cumulativeShare: 1, vital: false },
    ]);
  });

  it('includes the item that crosses 80% in the vital few', () => {
    const sut = pareto([{ key: 'a', count: 50 }, { key: 'b', count: 25 }, { key: 'c', count: 15 }, { key: 'd', count: 10 }]);
    expect(sut.map((item) => item.vital)).toEqual([true, true, true, false]);
  });

  it('stops the vital few at exactly 80% although 1.2 / 1.5 is 0.7999999999999999 in floating point', () => {
    const sut = pareto([{ key: 'a', count: 0.7 }, { key: 'b', count: 0.5 }, { key: 'c', count: 0.3 }]);
    expect(sut.map((item) => item.vital)).toEqual([true, true, false]);
  });

  it('marks a single item that is 80% or more on its own as the only vital one', () => {
    const sut = pareto([{ key: 'small', count: 1 }, { key: 'big', count: 9 }]);
    expect(sut.map((item) => [item.key, item.vital])).toEqual([['big', true], ['small', false]]);
  });

  it('breaks ties by key', () => {
    const sut = pareto([{ key: 'b', count: 5 }, { key: 'c', count: 5 }, { key: 'a', count: 5 }]);
    expect(sut.map((item) => item.key)).toEqual(['a', 'b', 'c']);
  });

  it('ends at a cumulative share of exactly 1 for fractional counts', () => {
    const sut = pareto([{ key: 'a', count: 0.1 }, { key: 'b', count: 0.2 }, { key: 'c', count: 0.3 }, { key: 'd', count: 0.4 }]);
    expect(sut.at(-1)!.cumulativeShare).toBe(1);
  });

  it('marks nothing as vital, with shares of 0, when every count is 0', () => {
    const sut = pareto([{ key: 'a', count: 0 }, { key: 'b', count: 0 }]);
    expect(sut).toEqual([
      { key: 'a', count: 0, share: 0, cumulativeShare: 0, vital: false },
      { key: 'b', count: 0, share: 0, cumulativeShare: 0, vital: false },
    ]);
  });

  it('returns nothing for nothing', () => {
    expect(pareto([])).toEqual([]);
  });

  it('leaves its input in the order it was given', () => {
    const items = [{ key: 'a', count: 1 }, { key: 'b', count: 2 }];
    pareto(items);
    expect(items.map((item) => item.key)).toEqual(['a', 'b']);
  });

  it.each([[-1], [NaN]])('rejects a count of %s', (count) => {
    expect(() => pareto([{ key: 'a', count }])).toThrow(RangeError);
  });
});
