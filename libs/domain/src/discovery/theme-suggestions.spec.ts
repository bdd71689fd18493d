import type { Category } from '../taxonomy/category.js';
import { nearestCategories, suggestedKeyOf, themeSuggestions } from './theme-suggestions.js';

const category = (key: string, fields: Partial<Category> = {}): Category => ({
  key,
  name: key.replace(/_/g, ' '),
  description: null,
  demandType: 'failure',
  parent: null,
  failureType: null,
  rules: [],
  attributes: {},
  ...fields,
});

const categories = [
  category('card_arrival', { parent: 'cards', failureType: 'progress-chasing' }),
  category('card_linking', { demandType: 'value', parent: 'cards' }),
  category('refund_not_showing', { failureType: 'done-wrong' }),
  category('no_examples_yet'),
];
const centroids = new Map([
  ['card_arrival', new Float32Array([1, 0, 0])],
  ['card_linking', new Float32Array([0.6, 0.8, 0])],
  ['refund_not_showing', new Float32Array([0, 0, 1])],
]);

describe('nearestCategories', () => {
  it('orders the categories by the cosine of their centroid to the theme, leaving out those without one', () => {
    const sut = nearestCategories(new Float32Array([0.8, 0.6, 0]), centroids, categories, 3);
    expect(sut).toEqual([
      { key: 'card_linking', name: 'card linking', similarity: 0.96 },
      { key: 'card_arrival', name: 'card arrival', similarity: 0.8 },
      { key: 'refund_not_showing', name: 'refund not showing', similarity: 0 },
    ]);
  });

  it('keeps only as many as asked', () => {
    expect(nearestCategories(new Float32Array([0, 0, 1]), centroids, categories, 1).map((n) => n.key)).toEqual(['refund_not_showing']);
  });
});

describe('themeSuggestions', () => {
  const links = [
    { categoryKey: 'card_arrival', stepKey: 'card-dispatch', weight: 0.3 },
    { categoryKey: 'card_arrival', stepKey: 'card-production', weight: 0.7 },
  ];

  it("takes the demand type, failure type and parent of the nearest category, and the heaviest step of the nearest linked one", () => {
    const nearest = nearestCategories(new Float32Array([1, 0.1, 0]), centroids, categories);
    const sut = themeSuggestions(nearest, categories, links);
    expect(sut).toMatchObject({ demandType: 'failure', failureType: 'progress-chasing', parent: 'cards', step: { key: 'card-production', weight: 0.7, through: 'card_arrival' } });
  });

  it('reaches past a nearer category without step links for the step', () => {
    const nearest = [
      { key: 'card_linking', name: 'card linking', similarity: 0.9 },
      { key: 'card_arrival', name: 'card arrival', similarity: 0.7 },
    ];
    const sut = themeSuggestions(nearest, categories, links);
    expect(sut.demandType).toBe('value');
    expect(sut.failureType).toBeNull();
    expect(sut.step).toEqual({ key: 'card-production', weight: 0.7, through: 'card_arrival' });
  });

  it('suggests nothing from categories below the minimum similarity, but still lists them', () => {
    const nearest = [{ key: 'refund_not_showing', name: 'refund not showing', similarity: 0.1 }];
    expect(themeSuggestions(nearest, categories, links, 0.2)).toEqual({ demandType: null, failureType: null, parent: null, nearestCategories: nearest, step: null });
  });

  it('suggests nothing without categories (a new organisation)', () => {
    expect(themeSuggestions([], [], [])).toEqual({ demandType: null, failureType: null, parent: null, nearestCategories: [], step: null });
  });
});

describe('suggestedKeyOf', () => {
  it('joins the top two terms in snake_case, without what a key may not hold', () => {
    expect(suggestedKeyOf(['card arrival', "isn't here", 'late'])).toBe('card_arrival_isn_t_here');
    expect(suggestedKeyOf(['€€'])).toBe('new_theme');
  });
});
