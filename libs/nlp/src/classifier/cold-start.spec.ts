import { ModelFileError } from './model-file.js';
import { EmbeddingMismatchError, MEANING_TERM } from './embedding-block.js';
import { TextClassifier } from './text-classifier.js';
import { trainTextClassifier } from './train.js';
import type { CategoryDescriptions, LabelledText } from './train-options.js';

// Five categories along five axes of a stand-in encoder; the sixth axis is none of theirs.
const LABELS = ['card_arrival', 'lost_card', 'refund', 'top_up', 'upgrade'];
const TEXTS: Record<string, string[]> = {
  card_arrival: ['my new card has not arrived', 'when will my card arrive', 'still waiting for my card'],
  lost_card: ['i lost my card', 'my card was stolen', 'cannot find my card anywhere'],
  refund: ['i want a refund', 'please refund my payment', 'how do i get my money back'],
  top_up: ['my top up failed', 'how do i add money', 'the top up did not go through'],
  upgrade: ['how do i upgrade to premium', 'i want the metal plan', 'tell me about premium'],
};
const DIMENSIONS = 6;
const ENCODER = { name: 'test-encoder', checksum: 'a'.repeat(64), dimensions: DIMENSIONS };

function embeddingOf(label: string, seed: number, noise = 0.25): Float32Array {
  const vector = new Float32Array(DIMENSIONS);
  vector[LABELS.indexOf(label)] = 1;
  for (let d = 0; d < DIMENSIONS; d++) vector[d]! += noise * Math.sin(seed * 12.9898 + d * 78.233);
  const length = Math.hypot(...vector);
  return vector.map((x) => x / length);
}

// A description is less like its category's texts than they are like each other.
const descriptions = (labels = LABELS): CategoryDescriptions => ({ encoder: ENCODER, categories: labels.map((label, i) => ({ label, vector: embeddingOf(label, 1000 + i, 0.45) })) });
const examplesOf = (labels: string[], each = 60): LabelledText[] =>
  labels.flatMap((label) => Array.from({ length: each }, (_, i) => ({ text: `${TEXTS[label]![i % 3]} ${['please', 'today', 'thanks', 'now', 'hello'][i % 5]}`, label })));
const vectorsOf = (examples: LabelledText[]) => examples.map((e, i) => embeddingOf(e.label, i));
// Fresh texts of each category, by their embeddings; the words are neutral.
const accuracyOf = (sut: TextClassifier, labels = LABELS) => {
  let right = 0;
  let total = 0;
  for (const label of labels) {
    for (let i = 0; i < 20; i++, total++) if (sut.predict('hello there', { embedding: embeddingOf(label, 5000 + i), threshold: 0 }).label === label) right++;
  }
  return right / total;
};

describe('a model of descriptions alone (no category has examples)', () => {
  const sut = trainTextClassifier([], { descriptions: descriptions() });

  it('classifies by the nearest description, with the meaning as its reason', () => {
    expect(sut.labels).toEqual(LABELS);
    expect(sut.byPrototype).toEqual(LABELS);
    expect(sut.encoder).toEqual(ENCODER);
    expect(accuracyOf(sut)).toBeGreaterThanOrEqual(0.95);
    const prediction = sut.predict('anything', { embedding: embeddingOf('refund', 7) });
    expect(prediction).toMatchObject({ label: 'refund', unclassified: false, decidedBy: 'model' });
    expect(prediction.terms[0]!.term).toBe(MEANING_TERM);
    expect(prediction.top[0]!.probability).toBeGreaterThan(prediction.top[1]!.probability);
  });

  it('needs each text’s embedding', () => {
    expect(() => sut.predict('i lost my card')).toThrow(EmbeddingMismatchError);
  });

  it('survives the model file (format version 3), and refuses another encoder', () => {
    const bytes = sut.serialise();
    expect(bytes[4]).toBe(3);
    const loaded = TextClassifier.deserialise(bytes, { encoder: ENCODER });
    for (const label of LABELS) expect(loaded.predict('x', { embedding: embeddingOf(label, 3) })).toEqual(sut.predict('x', { embedding: embeddingOf(label, 3) }));
    expect(() => TextClassifier.deserialise(bytes, { encoder: { ...ENCODER, checksum: 'b'.repeat(64) } })).toThrow(ModelFileError);
  });

  it('needs two categories', () => {
    expect(() => trainTextClassifier([], { descriptions: descriptions(['refund']) })).toThrow('at least two categories');
  });
});

describe('one category with examples, the others described', () => {
  const examples = examplesOf(['refund'], 20);
  const sut = trainTextClassifier(examples, { descriptions: descriptions(), embeddings: { encoder: ENCODER, vectors: vectorsOf(examples) } });

  it('makes every category a prototype, the examples joining their description', () => {
    expect(sut.labels).toEqual(LABELS);
    expect(accuracyOf(sut)).toBeGreaterThanOrEqual(0.95);
    expect(sut.predict('x', { embedding: embeddingOf('refund', 11) }).label).toBe('refund');
  });

  it('refuses examples without their embeddings', () => {
    expect(() => trainTextClassifier(examples, { descriptions: descriptions() })).toThrow('examples without their embeddings');
  });
});

describe('few examples per category, others described', () => {
  it('makes a model of prototypes below 20 examples per category on average, a linear one from there', () => {
    const few = examplesOf(['card_arrival', 'lost_card', 'refund'], 19);
    const fewModel = trainTextClassifier(few, { seed: 3, embeddings: { encoder: ENCODER, vectors: vectorsOf(few) }, descriptions: descriptions() });
    expect(fewModel.byPrototype).toEqual(LABELS);
    expect(accuracyOf(fewModel)).toBeGreaterThanOrEqual(0.95);
    const enough = examplesOf(['card_arrival', 'lost_card', 'refund'], 20);
    const linear = trainTextClassifier(enough, { seed: 3, embeddings: { encoder: ENCODER, vectors: vectorsOf(enough) }, descriptions: descriptions() });
    expect(linear.byPrototype).toEqual(['top_up', 'upgrade']);
  });
});

describe('an encoder model with some categories described only', () => {
  const trained = ['card_arrival', 'lost_card', 'refund'];
  const examples = examplesOf(trained);
  const embeddings = { encoder: ENCODER, vectors: vectorsOf(examples) };
  const sut = trainTextClassifier(examples, { seed: 3, embeddings, descriptions: descriptions() });

  it('puts the described ones after the trained ones, and classifies texts of both', () => {
    expect(sut.labels).toEqual([...trained, 'top_up', 'upgrade']);
    expect(sut.byPrototype).toEqual(['top_up', 'upgrade']);
    expect(accuracyOf(sut, trained)).toBeGreaterThanOrEqual(0.95);
    expect(accuracyOf(sut, ['top_up', 'upgrade'])).toBeGreaterThanOrEqual(0.9);
    const cold = sut.predict('hello there', { embedding: embeddingOf('upgrade', 42) });
    expect(cold).toMatchObject({ label: 'upgrade', unclassified: false });
    expect(cold.terms[0]!.term).toBe(MEANING_TERM);
  });

  it('survives the model file', () => {
    const loaded = TextClassifier.deserialise(sut.serialise(), { encoder: ENCODER });
    expect(loaded.labels).toEqual(sut.labels);
    for (const label of LABELS) expect(loaded.predict('my card', { embedding: embeddingOf(label, 9) })).toEqual(sut.predict('my card', { embedding: embeddingOf(label, 9) }));
  });

  it('is the model it was before when every described category has examples: same bytes', () => {
    const plain = trainTextClassifier(examples, { seed: 3, embeddings });
    const withDescriptions = trainTextClassifier(examples, { seed: 3, embeddings, descriptions: descriptions(trained) });
    expect(withDescriptions.byPrototype).toEqual([]);
    expect(Buffer.from(withDescriptions.serialise()).equals(Buffer.from(plain.serialise()))).toBe(true);
    expect(plain.serialise()[4]).toBe(2);
  });

  it('refuses descriptions by another encoder', () => {
    expect(() => trainTextClassifier(examples, { embeddings, descriptions: { ...descriptions(), encoder: { ...ENCODER, checksum: 'c'.repeat(64) } } })).toThrow('the descriptions were embedded by');
  });
});

describe('a TF-IDF model', () => {
  it('ignores descriptions once two categories have examples (it has no embeddings to compare)', () => {
    const examples = examplesOf(['refund', 'lost_card'], 20);
    const sut = trainTextClassifier(examples, { descriptions: descriptions() });
    expect(sut.labels).toEqual(['lost_card', 'refund']);
    expect(sut.encoder).toBeUndefined();
  });
});
