import { childrenOf, taxonomyProblems } from './taxonomy-problems.js';

const c = (key: string, parent: string | null = null) => ({ key, parent });

describe('taxonomyProblems', () => {
  it('finds nothing wrong with a flat taxonomy or a proper hierarchy', () => {
    expect(taxonomyProblems([c('cards'), c('card_arrival', 'cards'), c('card_delivery_estimate', 'cards'), c('late', 'card_arrival')])).toEqual([]);
  });

  it('names a key used twice at its second use, pointing at the first', () => {
    expect(taxonomyProblems([c('a'), c('b'), c('a')])).toEqual([{ index: 2, field: 'key', problem: "'a' is already the key of category 0" }]);
  });

  it('names a parent that no category has', () => {
    expect(taxonomyProblems([c('a', 'cards')])).toEqual([{ index: 0, field: 'parent', problem: "no category has the key 'cards'" }]);
  });

  it('refuses a category that is its own parent', () => {
    expect(taxonomyProblems([c('a', 'a')])).toEqual([{ index: 0, field: 'parent', problem: 'a category cannot be its own parent' }]);
  });

  it('reports a cycle once, at its first category, listing the chain', () => {
    const sut = taxonomyProblems([c('root'), c('b', 'c'), c('a', 'b'), c('c', 'a'), c('leaf', 'a')]);
    expect(sut).toEqual([{ index: 1, field: 'parent', problem: 'the parents make a cycle: b → c → a → b' }]);
  });

  it('reports two separate cycles separately', () => {
    const sut = taxonomyProblems([c('a', 'b'), c('b', 'a'), c('x', 'y'), c('y', 'x')]);
    expect(sut.map((p) => p.index)).toEqual([0, 2]);
  });

  it('walks a long chain without recursion', () => {
    const chain = Array.from({ length: 5_000 }, (_, i) => c(`k${i}`, i === 0 ? null : `k${i - 1}`));
    expect(taxonomyProblems(chain)).toEqual([]);
  });
});

describe('childrenOf', () => {
  it('lists the categories that name the key as parent', () => {
    expect(childrenOf([c('cards'), c('a', 'cards'), c('b'), c('d', 'cards')], 'cards')).toEqual(['a', 'd']);
  });
});
