import { TaxonomyDocumentV1 } from '@frictionlens/contracts';
import type { Category } from './category.js';
import { categoryOf, examplesOf, sameCategory, taxonomyDocumentOf, withCategory } from './taxonomy-document.js';

const aCategory = (overrides: Partial<Category> = {}): Category => ({
  key: 'card_arrival',
  name: 'Card arrival',
  description: null,
  demandType: 'failure',
  parent: null,
  failureType: 'progress-chasing',
  rules: [],
  attributes: { valueStream: 'card-issuing', step: 'card-delivery' },
  ...overrides,
});

describe('categoryOf', () => {
  it('names a category from its key when the document gives no name, and stores nulls for what is missing', () => {
    const [parsed] = TaxonomyDocumentV1.parse({ categories: [{ key: 'Refund_not_showing_up', demandType: 'failure', note: 'refund missing' }] }).categories;
    expect(categoryOf(parsed!)).toEqual({
      key: 'Refund_not_showing_up',
      name: 'Refund not showing up',
      description: null,
      demandType: 'failure',
      parent: null,
      failureType: null,
      rules: [],
      attributes: { note: 'refund missing' },
    });
  });

  it('keeps a name the document gives', () => {
    expect(categoryOf({ key: 'a', name: 'Ask about A', demandType: 'value', rules: [], attributes: {} }).name).toBe('Ask about A');
  });
});

describe('examplesOf', () => {
  it('keeps each (category, text) once and redacts personal data as contacts are', () => {
    const sut = examplesOf([
      { key: 'a', examples: ['my card 4111 1111 1111 1111 was charged twice', 'hello', 'hello'] },
      { key: 'b', examples: ['hello'] },
    ]);
    expect(sut).toEqual([
      { categoryKey: 'a', text: 'my card [CARD] was charged twice' },
      { categoryKey: 'a', text: 'hello' },
      { categoryKey: 'b', text: 'hello' },
    ]);
  });
});

describe('taxonomyDocumentOf', () => {
  it('writes attributes back beside the known fields, so the export imports to the same categories', () => {
    const categories = [aCategory(), aCategory({ key: 'cards', name: 'Cards', parent: null, failureType: null, demandType: 'value', description: 'All card matters', rules: ['card'] })];
    const document = taxonomyDocumentOf(categories, new Map([['card_arrival', ['where is my card?']]]), 'version 3');
    expect(document.categories[0]).toEqual({
      valueStream: 'card-issuing',
      step: 'card-delivery',
      key: 'card_arrival',
      name: 'Card arrival',
      demandType: 'failure',
      failureType: 'progress-chasing',
      rules: [],
      examples: ['where is my card?'],
    });
    const reimported = TaxonomyDocumentV1.parse(JSON.parse(JSON.stringify(document)));
    expect(reimported.categories.map(categoryOf)).toEqual(categories);
    expect(reimported.categories[0]!.examples).toEqual(['where is my card?']);
  });
});

describe('withCategory', () => {
  it('replaces the category with the same key in place, or appends a new one', () => {
    const a = aCategory({ key: 'a' });
    const b = aCategory({ key: 'b' });
    expect(withCategory([a, b], { ...a, name: 'A!' }).map((c) => c.name)).toEqual(['A!', 'Card arrival']);
    expect(withCategory([a], b).map((c) => c.key)).toEqual(['a', 'b']);
  });
});

describe('sameCategory', () => {
  it('ignores the order of attributes but not their values', () => {
    expect(sameCategory(aCategory({ attributes: { x: 1, y: 2 } }), aCategory({ attributes: { y: 2, x: 1 } }))).toBe(true);
    expect(sameCategory(aCategory({ attributes: { x: 1 } }), aCategory({ attributes: { x: 2 } }))).toBe(false);
  });
});
