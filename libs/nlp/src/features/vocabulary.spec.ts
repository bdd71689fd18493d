import { DEFAULT_FEATURE_OPTIONS, type FeatureOptions } from './feature-options.js';
import { buildVocabulary, vocabularyFromTerms, wordNgramsOf } from './vocabulary.js';

const wordsOnly: FeatureOptions = { ...DEFAULT_FEATURE_OPTIONS, charMax: 0, minDf: 1 };

describe('buildVocabulary', () => {
  it('keeps stems and runs of up to three stems', () => {
    const sut = buildVocabulary(['cards arrived late'], { ...wordsOnly, wordNgrams: 3 });
    expect([...sut.words.keys()]).toEqual(['card', 'card arriv', 'card arriv late', 'arriv', 'arriv late', 'late']);
  });

  it('drops terms found in fewer texts than minDf', () => {
    const sut = buildVocabulary(['refund please', 'refund now', 'refund'], { ...wordsOnly, minDf: 2 });
    expect([...sut.words.keys()]).toEqual(['refund']);
  });

  it('counts a term once per text however often it occurs there', () => {
    const sut = buildVocabulary(['card card card', 'card'], { ...wordsOnly, minDf: 2, wordNgrams: 1 });
    // Smooth idf: ln((1 + n) / (1 + df)) + 1 with n = 2 texts, df = 2.
    expect(sut.idf[sut.words.get('card')!]).toBeCloseTo(1, 6);
  });

  it('gives rarer terms a larger idf', () => {
    const sut = buildVocabulary(['card lost', 'card stolen', 'card'], { ...wordsOnly, wordNgrams: 1 });
    expect(sut.idf[sut.words.get('lost')!]).toBeGreaterThan(sut.idf[sut.words.get('card')!]!);
  });

  it('numbers character n-grams after all word terms', () => {
    const sut = buildVocabulary(['pin', 'pin'], { ...DEFAULT_FEATURE_OPTIONS, charMin: 2, charMax: 3 });
    expect(Math.min(...sut.chars.values())).toBe(sut.words.size);
    expect([...sut.chars.keys()]).toEqual([' p', 'pi', 'in', 'n ', ' pi', 'pin', 'in ']);
  });
});

describe('vocabularyFromTerms', () => {
  it('rebuilds the same lookups from the stored terms', () => {
    const built = buildVocabulary(['my card is lost', 'my card is stolen'], DEFAULT_FEATURE_OPTIONS);
    const sut = vocabularyFromTerms(built.terms, built.words.size, built.idf);
    expect(sut.words).toEqual(built.words);
    expect(sut.chars).toEqual(built.chars);
  });
});

describe('wordNgramsOf', () => {
  it('lists each stem followed by the runs that start with it', () => {
    expect(wordNgramsOf(['a', 'b', 'c'], 2)).toEqual(['a', 'a b', 'b', 'b c', 'c']);
  });
});
