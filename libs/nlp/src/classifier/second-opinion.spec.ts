import { joinedIdentity } from '../encoder/encoder-identity.js';
import { ModelFileError } from './model-file.js';
import { DEFAULT_REREAD_FROM, isSecondOpinionFile, SecondOpinionClassifier, trainSecondOpinion } from './second-opinion.js';
import { TextClassifier } from './text-classifier.js';
import type { Prediction } from './text-classifier.js';
import { trainTextClassifier } from './train.js';
import type { LabelledText } from './train-options.js';

// The words say nothing (every label has the same texts); the fast encoder tells card_arrival
// from the rest but puts refund and lost_card on one axis; the second encoder tells all three apart.
const LABELS = ['card_arrival', 'lost_card', 'refund'];
const TEXTS = ['please help', 'hello there', 'i need some help', 'can you help me', 'a question', 'quick one', 'hi team', 'help please today'];
const FAST = { name: 'fast', checksum: 'f'.repeat(64), dimensions: 4 };
const EXTRA = { name: 'extra', checksum: 'e'.repeat(64), dimensions: 4 };
const FAST_AXIS: Record<string, number> = { card_arrival: 0, lost_card: 1, refund: 1 };
const EXTRA_AXIS: Record<string, number> = { card_arrival: 0, lost_card: 1, refund: 2 };

function unit(axis: number, seed: number, dimensions = 4): Float32Array {
  const vector = new Float32Array(dimensions);
  vector[axis] = 1;
  for (let d = 0; d < dimensions; d++) vector[d]! += 0.15 * Math.sin(seed * 12.9898 + d * 78.233);
  const length = Math.hypot(...vector);
  return vector.map((x) => x / length);
}

const examples: LabelledText[] = LABELS.flatMap((label) => [0, 1, 2, 3].flatMap(() => TEXTS.map((text) => ({ text, label }))));
const fastVectors = examples.map((e, i) => unit(FAST_AXIS[e.label]!, i));
const extraVectors = examples.map((e, i) => unit(EXTRA_AXIS[e.label]!, i + 1000));

describe('SecondOpinionClassifier', () => {
  let sut: SecondOpinionClassifier;
  beforeAll(() => {
    sut = trainSecondOpinion(examples, { embeddings: { encoder: FAST, vectors: fastVectors }, extra: { encoder: EXTRA, vectors: extraVectors } }, { seed: 5 });
  });

  it('trains a fast model on the fast encoder and a second one on both encoders side by side', () => {
    expect(sut.first.encoder).toEqual(FAST);
    expect(sut.second.encoder).toEqual(joinedIdentity([FAST, EXTRA]));
    expect(sut.extraEncoder).toEqual(EXTRA);
    expect(sut.rereadFrom).toBe(DEFAULT_REREAD_FROM);
  });

  it('asks for a second opinion from the open-set score rereadFrom, not below it nor without a score', () => {
    const prediction = (unknown?: number) => ({ label: 'refund', unclassified: false, confidence: 0.9, top: [], terms: [], decidedBy: 'model', ...(unknown !== undefined && { unknown }) }) as Prediction;
    expect(sut.wantsSecondOpinion(prediction(DEFAULT_REREAD_FROM))).toBe(true);
    expect(sut.wantsSecondOpinion(prediction(0.99))).toBe(true);
    expect(sut.wantsSecondOpinion(prediction(DEFAULT_REREAD_FROM - 0.01))).toBe(false);
    expect(sut.wantsSecondOpinion(prediction())).toBe(false);
  });

  it('tells apart with the second encoder what the fast one cannot', () => {
    const text = 'please help';
    const seen = [0, 1, 2, 3, 4, 5].map((seed) => ({ fast: unit(1, 5000 + seed), lost: unit(1, 6000 + seed), refund: unit(2, 7000 + seed) }));
    const firstRight = seen.filter(({ fast }) => sut.first.predict(text, { embedding: fast, threshold: 0 }).top[0]!.label === 'lost_card').length;
    expect(firstRight).toBeLessThan(seen.length); // a coin toss between lost_card and refund
    for (const { fast, lost, refund } of seen) {
      expect(sut.secondOpinion(text, fast, lost, { threshold: 0 }).top[0]!.label).toBe('lost_card');
      expect(sut.secondOpinion(text, fast, refund, { threshold: 0 }).top[0]!.label).toBe('refund');
    }
  });

  it('survives its model file: the same predictions from both models, the same settings', () => {
    const bytes = sut.serialise();
    expect(isSecondOpinionFile(bytes)).toBe(true);
    const loaded = SecondOpinionClassifier.deserialise(bytes, { encoder: FAST, extraEncoder: EXTRA });
    expect([loaded.rereadFrom, loaded.extraEncoder]).toEqual([sut.rereadFrom, EXTRA]);
    for (const seed of [1, 2, 3]) {
      const fast = unit(seed % 2, 9000 + seed);
      const extra = unit(seed % 3, 9100 + seed);
      expect(loaded.first.predict('hi team', { embedding: fast })).toEqual(sut.first.predict('hi team', { embedding: fast }));
      expect(loaded.secondOpinion('hi team', fast, extra)).toEqual(sut.secondOpinion('hi team', fast, extra));
    }
  });

  it('is not mistaken for a text classifier, nor the other way round', () => {
    const single = sut.first.serialise();
    expect(isSecondOpinionFile(single)).toBe(false);
    expect(() => SecondOpinionClassifier.deserialise(single)).toThrow(new ModelFileError('not a FrictionLens second-opinion model'));
    expect(() => TextClassifier.deserialise(sut.serialise())).toThrow(ModelFileError);
  });

  it('refuses encoders other than those it was trained with, and damaged files', () => {
    const bytes = sut.serialise();
    expect(() => SecondOpinionClassifier.deserialise(bytes, { extraEncoder: { ...EXTRA, checksum: '0'.repeat(64) } })).toThrow(/trained with the encoder "extra"/);
    expect(() => SecondOpinionClassifier.deserialise(bytes, { encoder: { ...FAST, checksum: '0'.repeat(64) } })).toThrow(ModelFileError);
    expect(() => SecondOpinionClassifier.deserialise(bytes.subarray(0, bytes.length - 10))).toThrow(ModelFileError);
    const newer = Uint8Array.from(bytes);
    newer[4] = 9;
    expect(() => SecondOpinionClassifier.deserialise(newer)).toThrow('second-opinion format version 9 is not supported (expected 1)');
  });

  it('refuses a second model that does not read both encoders, or has other labels', () => {
    expect(() => SecondOpinionClassifier.of(sut.first, sut.first, EXTRA)).toThrow('the second model must read "fast+extra", not "fast"');
    const twoLabels = examples.filter((e) => e.label !== 'refund');
    const rows = examples.flatMap((e, i) => (e.label !== 'refund' ? [i] : []));
    const other = trainTextClassifier(twoLabels, { seed: 5, embeddings: { encoder: joinedIdentity([FAST, EXTRA]), vectors: rows.map((i) => new Float32Array([...fastVectors[i]!, ...extraVectors[i]!]).map((x) => x / Math.SQRT2)) } });
    expect(() => SecondOpinionClassifier.of(sut.first, other, EXTRA)).toThrow('the two models of a second opinion must have the same labels');
  });
});
