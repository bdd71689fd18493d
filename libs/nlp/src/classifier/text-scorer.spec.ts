import { DEFAULT_FEATURE_OPTIONS } from '../features/feature-options.js';
import { Featuriser } from '../features/featuriser.js';
import { buildVocabulary } from '../features/vocabulary.js';
import { scoreRow } from '../models/linear-scoring.js';
import { seededRandom } from '../models/random.js';
import { explainLabel } from './explain.js';
import { TextScorer } from './text-scorer.js';

describe('TextScorer', () => {
  const texts = ['the card that the bank sent', 'banana bandana', 'my card, my card, my card!', 'refund the fee'];
  const vocabulary = buildVocabulary([...texts, ...texts], DEFAULT_FEATURE_OPTIONS);
  const classes = 5;
  const random = seededRandom(4);
  const weights = Float32Array.from({ length: vocabulary.terms.length * classes }, () => random() / 2 ** 32 - 0.5);
  const model = { classes, features: vocabulary.terms.length, weights, biases: Float32Array.from([0.1, -0.2, 0, 0.3, -0.1]) };

  it.each(texts.concat('bandana banana banana', 'unknown words only'))('gives the plain sparse dot product for %j', (text) => {
    const featuriser = new Featuriser(vocabulary, DEFAULT_FEATURE_OPTIONS);
    const vector = featuriser.featurise(text);
    const expected = new Float64Array(classes);
    scoreRow(model, vector.indices, vector.values, 0, vector.length, expected, 0, new Int32Array(vector.length));
    const sut = new Float64Array(classes);
    new TextScorer(model, vocabulary).score(featuriser, vector, sut);
    Array.from(expected).forEach((value, k) => expect(sut[k]).toBeCloseTo(value, 5));
  });

  it('gives the same scores once the words are cached', () => {
    const featuriser = new Featuriser(vocabulary, DEFAULT_FEATURE_OPTIONS);
    const sut = new TextScorer(model, vocabulary);
    const first = new Float64Array(classes);
    sut.score(featuriser, featuriser.featurise('my card, my card'), first);
    const again = new Float64Array(classes);
    sut.score(featuriser, featuriser.featurise('my card, my card'), again);
    expect(Array.from(again)).toEqual(Array.from(first));
  });
});

describe('explainLabel with cached word scores', () => {
  it('gives the same term weights as from the vector alone', () => {
    const texts = ['the card that the bank sent', 'my card, my card, my card!', 'refund the fee'];
    const vocabulary = buildVocabulary([...texts, ...texts], DEFAULT_FEATURE_OPTIONS);
    const classes = 3;
    const random = seededRandom(8);
    const weights = Float32Array.from({ length: vocabulary.terms.length * classes }, () => random() / 2 ** 32 - 0.3);
    const model = { classes, features: vocabulary.terms.length, weights, biases: new Float32Array(classes) };
    const plain = new Featuriser(vocabulary, DEFAULT_FEATURE_OPTIONS);
    const expected = explainLabel(plain, plain.featurise('my card, the card that my bank sent'), model, vocabulary.idf, 1, 10);
    const cached = new Featuriser(vocabulary, DEFAULT_FEATURE_OPTIONS);
    const vector = cached.featurise('my card, the card that my bank sent');
    new TextScorer(model, vocabulary).score(cached, vector, new Float64Array(classes));
    const sut = explainLabel(cached, vector, model, vocabulary.idf, 1, 10);
    expect(sut.map((t) => t.term)).toEqual(expected.map((t) => t.term));
    sut.forEach((t, i) => expect(t.weight).toBeCloseTo(expected[i]!.weight, 5));
  });
});
