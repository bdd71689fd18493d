import { modelKindFor } from './training-plan.js';

const examples = (label: string, n: number) => Array.from({ length: n }, (_, i) => ({ text: `${label} ${i}`, label }));

describe('modelKindFor', () => {
  it('trains a linear model once two categories have examples, and keeps to the rules before', () => {
    expect(modelKindFor([...examples('a', 3), ...examples('b', 1)])).toBe('linear');
    expect(modelKindFor(examples('a', 3))).toBe('rules');
    expect(modelKindFor([])).toBe('rules');
  });

  it('trains an encoder model instead of a linear one when a sentence encoder is at hand', () => {
    expect(modelKindFor([...examples('a', 3), ...examples('b', 1)], true)).toBe('encoder');
    expect(modelKindFor(examples('a', 3), true)).toBe('rules');
  });
});
