import { categoryDescriptionText, modelKindFor } from './training-plan.js';

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

  it('trains an encoder model from the first described categories when the encoder is here (a cold start), and rules without it', () => {
    expect(modelKindFor([], true, 2)).toBe('encoder');
    expect(modelKindFor(examples('a', 3), true, 5)).toBe('encoder');
    expect(modelKindFor([], true, 1)).toBe('rules');
    expect(modelKindFor([], false, 5)).toBe('rules');
  });
});

describe('categoryDescriptionText', () => {
  it('is the name and the description, the key in words when there is no name', () => {
    expect(categoryDescriptionText({ key: 'card_arrival', name: 'Card arrival', description: 'When will my card arrive?' })).toBe('Card arrival. When will my card arrive?');
    expect(categoryDescriptionText({ key: 'card_arrival', name: '', description: null })).toBe('card arrival');
    expect(categoryDescriptionText({ key: 'top-up.failed', name: 'Top-up failed.', description: 'It did not go through.' })).toBe('Top-up failed. It did not go through.');
  });
});
