import { DEFAULT_FEATURE_OPTIONS, type FeatureOptions } from './feature-options.js';
import { Featuriser, type SparseVector } from './featuriser.js';
import { buildVocabulary } from './vocabulary.js';

const training = ['my card has not arrived', 'my card was stolen', 'where is my refund', 'refund my card payment'];

function entries(vector: SparseVector): Map<number, number> {
  return new Map(Array.from(vector.indices.subarray(0, vector.length), (id, i) => [id, vector.values[i]!]));
}

function blockNorm(vector: SparseVector, wordCount: number, words: boolean): number {
  let sum = 0;
  for (const [id, value] of entries(vector)) if (id < wordCount === words) sum += value * value;
  return Math.sqrt(sum);
}

describe('Featuriser', () => {
  const options: FeatureOptions = { ...DEFAULT_FEATURE_OPTIONS, minDf: 1, wordWeight: 1, charWeight: 1 };
  const vocabulary = buildVocabulary(training, options);

  it('gives each block (words, characters) unit length', () => {
    const sut = new Featuriser(vocabulary, options).featurise('my card has not arrived');
    expect(blockNorm(sut, vocabulary.words.size, true)).toBeCloseTo(1, 5);
    expect(blockNorm(sut, vocabulary.words.size, false)).toBeCloseTo(1, 5);
  });

  it('scales each block by its weight', () => {
    const sut = new Featuriser(vocabulary, { ...options, wordWeight: 2, charWeight: 0.5 }).featurise('my card has not arrived');
    expect(blockNorm(sut, vocabulary.words.size, true)).toBeCloseTo(2, 5);
    expect(blockNorm(sut, vocabulary.words.size, false)).toBeCloseTo(0.5, 5);
  });

  it('finds the same stems in other inflections of known words', () => {
    const sut = new Featuriser(vocabulary, options);
    const known = entries(sut.featurise('cards'));
    expect(known.has(vocabulary.words.get('card')!)).toBe(true);
  });

  it('uses sublinear term frequency: a word said twice weighs 1 + ln 2 as much, not twice', () => {
    const sut = new Featuriser(vocabulary, { ...options, charMax: 0 });
    const onceAndTwice = entries(sut.featurise('refund card card'));
    const refund = vocabulary.words.get('refund')!;
    const card = vocabulary.words.get('card')!;
    const ratio = onceAndTwice.get(card)! / vocabulary.idf[card]! / (onceAndTwice.get(refund)! / vocabulary.idf[refund]!);
    expect(ratio).toBeCloseTo(1 + Math.log(2), 5);
  });

  it('gives an empty vector for a text without known terms', () => {
    expect(new Featuriser(vocabulary, { ...options, charMax: 0 }).featurise('qwxz blorf').length).toBe(0);
  });

  it('gives the same vector for the same text on every call', () => {
    const sut = new Featuriser(vocabulary, options);
    const first = entries(sut.featurise('where is my card refund'));
    sut.featurise('something else entirely');
    expect(entries(sut.featurise('where is my card refund'))).toEqual(first);
  });

  it('records which words each known run of stems covers', () => {
    const sut = new Featuriser(vocabulary, options);
    sut.featurise('is my card stolen');
    const runs = sut.phrases.ids.map((id, r) => [vocabulary.terms[id], sut.phrases.starts[r], sut.phrases.sizes[r]]);
    expect(runs).toContainEqual(['is my', 0, 2]);
    expect(runs).toContainEqual(['my card', 1, 2]);
    expect(runs).toHaveLength(2);
  });
});
