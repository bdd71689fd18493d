import type { Category } from './category.js';
import { categoryMergeProblems, categoryRenameProblems, mergeCategory, renameCategory, reparentedByMerge } from './category-moves.js';
import { taxonomyProblems } from './taxonomy-problems.js';

const category = (key: string, fields: Partial<Category> = {}): Category => ({
  key,
  name: key,
  description: null,
  demandType: 'failure',
  parent: null,
  failureType: null,
  rules: [],
  attributes: {},
  ...fields,
});

describe('renaming a category', () => {
  const categories = [
    category('cards', { demandType: 'value' }),
    category('card_arrival', { name: 'Card arrival', parent: 'cards', failureType: 'progress-chasing', description: 'waiting', rules: ['where is my card'], attributes: { step: 'delivery' } }),
    category('late', { parent: 'card_arrival' }),
  ];

  it('keeps everything but the key, and the children follow', () => {
    const sut = renameCategory(categories, 'card_arrival', 'card_not_arrived');
    expect(sut).toEqual([
      categories[0],
      { ...categories[1], key: 'card_not_arrived', name: 'Card not arrived' },
      { ...categories[2], parent: 'card_not_arrived' },
    ]);
    expect(taxonomyProblems(sut)).toEqual([]);
  });

  it('derives the name again only when it was derived from the old key; a given name wins', () => {
    const chosen = [category('x', { name: 'Where is my card' })];
    expect(renameCategory(chosen, 'x', 'y')[0]!.name).toBe('Where is my card');
    expect(renameCategory(chosen, 'x', 'y', 'Card late')[0]!.name).toBe('Card late');
  });

  it('refuses an unknown key, the same key, or a key another category has', () => {
    expect(categoryRenameProblems(categories, 'nope', 'x')).toEqual([{ field: 'key', problem: "no category of the current taxonomy has the key 'nope'" }]);
    expect(categoryRenameProblems(categories, 'late', 'late').map((p) => p.field)).toEqual(['key']);
    expect(categoryRenameProblems(categories, 'late', 'cards')[0]!.problem).toMatch(/^'cards' is already the key of another category: merge into it instead/);
    expect(categoryRenameProblems(categories, 'late', 'very_late')).toEqual([]);
  });
});

describe('merging a category', () => {
  const categories = [
    category('cards', { demandType: 'value' }),
    category('card_arrival', { parent: 'cards' }),
    category('card_delivery', { parent: 'cards' }),
    category('late', { parent: 'card_delivery' }),
    category('very_late', { parent: 'late' }),
  ];

  it('drops the category and gives its children to the one it is merged into', () => {
    const sut = mergeCategory(categories, 'card_delivery', 'card_arrival');
    expect(sut.map((c) => [c.key, c.parent])).toEqual([
      ['cards', null],
      ['card_arrival', 'cards'],
      ['late', 'card_arrival'],
      ['very_late', 'late'],
    ]);
    expect(reparentedByMerge(categories, 'card_delivery')).toEqual(['late']);
    expect(taxonomyProblems(sut)).toEqual([]);
  });

  it('lets a child take its merged parent’s place', () => {
    const sut = mergeCategory(categories, 'card_delivery', 'late');
    expect(sut.map((c) => [c.key, c.parent])).toEqual([
      ['cards', null],
      ['card_arrival', 'cards'],
      ['late', 'cards'],
      ['very_late', 'late'],
    ]);
    expect(categoryMergeProblems(categories, 'card_delivery', 'late')).toEqual([]);
    expect(taxonomyProblems(sut)).toEqual([]);
  });

  it('refuses an unknown key, itself, an unknown target, or a target further below it', () => {
    expect(categoryMergeProblems(categories, 'nope', 'cards')).toEqual([{ field: 'key', problem: "no category of the current taxonomy has the key 'nope'" }]);
    expect(categoryMergeProblems(categories, 'late', 'late')).toEqual([{ field: 'into', problem: 'a category cannot be merged into itself' }]);
    expect(categoryMergeProblems(categories, 'late', 'nope')).toEqual([{ field: 'into', problem: "no category of the current taxonomy has the key 'nope'" }]);
    expect(categoryMergeProblems(categories, 'card_delivery', 'very_late').map((p) => p.field)).toEqual(['into']);
    expect(categoryMergeProblems(categories, 'very_late', 'cards')).toEqual([]);
  });
});
