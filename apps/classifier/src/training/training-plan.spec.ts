import { holdOut, modelKindFor } from './training-plan.js';

const examples = (label: string, n: number) => Array.from({ length: n }, (_, i) => ({ text: `${label} ${i}`, label }));

describe('holdOut', () => {
  it('holds out about a fifth of each category and keeps every example exactly once', () => {
    const all = [...examples('a', 50), ...examples('b', 10)];
    const sut = holdOut(all, 0.2);
    expect(sut.test.filter((e) => e.label === 'a')).toHaveLength(10);
    expect(sut.test.filter((e) => e.label === 'b')).toHaveLength(2);
    expect([...sut.train, ...sut.test].map((e) => e.text).sort()).toEqual(all.map((e) => e.text).sort());
  });

  it('keeps categories with fewer than five examples wholly in training', () => {
    expect(holdOut(examples('rare', 4), 0.2).test).toEqual([]);
  });

  it('draws the same split for the same seed', () => {
    const all = examples('a', 30);
    expect(holdOut(all, 0.2, 3)).toEqual(holdOut(all, 0.2, 3));
  });
});

describe('modelKindFor', () => {
  it('trains a linear model once two categories have examples, and keeps to the rules before', () => {
    expect(modelKindFor([...examples('a', 3), ...examples('b', 1)])).toBe('linear');
    expect(modelKindFor(examples('a', 3))).toBe('rules');
    expect(modelKindFor([])).toBe('rules');
  });
});
