import { EMBEDDING_SCALES, TrainingDataError, trainTextClassifier } from './train.js';
import { EmbeddingMismatchError, MEANING_TERM } from './embedding-block.js';
import { ModelFileError } from './model-file.js';
import { TextClassifier } from './text-classifier.js';
import type { LabelledText } from './train-options.js';

const TEMPLATES: Record<string, string[]> = {
  card_arrival: ['my new card has not arrived', 'when will my card arrive', 'still waiting for my card to be delivered', 'card delivery is taking too long', 'has my card been sent yet'],
  refund: ['i want a refund', 'please refund my payment', 'how do i get my money back', 'refund for the order i returned', 'when will the refund reach my account'],
  lost_card: ['i lost my card', 'my card was stolen', 'someone stole my wallet and card', 'cannot find my card anywhere', 'block my lost card'],
};
const LABELS = Object.keys(TEMPLATES);
const PREFIXES = ['', 'hi ', 'hello, ', 'please help: '];
const SUFFIXES = ['', ' thanks', ' asap', ' today'];
const DIMENSIONS = 6;
const ENCODER = { name: 'test-encoder', checksum: 'a'.repeat(64), dimensions: DIMENSIONS };

// A stand-in for a sentence encoder: each label's texts point one way, with seeded noise.
function embeddingOf(label: string, seed: number): Float32Array {
  const vector = new Float32Array(DIMENSIONS);
  vector[LABELS.indexOf(label)] = 1;
  for (let d = 0; d < DIMENSIONS; d++) vector[d]! += 0.2 * Math.sin(seed * 12.9898 + d * 78.233);
  const length = Math.hypot(...vector);
  return vector.map((x) => x / length);
}

const examples: LabelledText[] = Object.entries(TEMPLATES).flatMap(([label, texts]) => texts.flatMap((text) => PREFIXES.flatMap((p) => SUFFIXES.map((s) => ({ text: `${p}${text}${s}`, label })))));
const vectors = examples.map((e, i) => embeddingOf(e.label, i));

describe('TextClassifier with a sentence-embedding block', () => {
  let sut: TextClassifier;
  beforeAll(() => {
    sut = trainTextClassifier(examples, { seed: 3, embeddings: { encoder: ENCODER, vectors } });
  });

  it('records the encoder it was trained with', () => {
    expect(sut.encoder).toEqual(ENCODER);
  });

  it('lets the embedding decide when the words say nothing, and says so in the explanation', () => {
    const prediction = sut.predict('please help today thanks', { embedding: embeddingOf('refund', 999), threshold: 0 });
    expect(prediction.label).toBe('refund');
    expect(prediction.terms[0]).toEqual({ term: MEANING_TERM, weight: expect.any(Number) });
  });

  it('still reads the words: the same embedding with clear words leans toward them', () => {
    const neutral = new Float32Array(DIMENSIONS).fill(1 / Math.sqrt(DIMENSIONS));
    expect(sut.predict('someone stole my card', { embedding: neutral }).label).toBe('lost_card');
  });

  it('needs the text embedding, of the encoder size', () => {
    expect(() => sut.predict('i lost my card')).toThrow(EmbeddingMismatchError);
    expect(() => sut.predict('i lost my card', { embedding: new Float32Array(3) })).toThrow('the embedding has 3 dimensions; "test-encoder" gives 6');
  });

  it('survives the model file: same predictions, same encoder, α kept', () => {
    const loaded = TextClassifier.deserialise(sut.serialise(), { encoder: ENCODER });
    expect(loaded.encoder).toEqual(ENCODER);
    for (const [i, e] of examples.entries()) {
      if (i % 17 !== 0) continue;
      expect(loaded.predict(e.text, { embedding: vectors[i]! })).toEqual(sut.predict(e.text, { embedding: vectors[i]! }));
    }
  });

  it('is written as model format version 2; a model without embeddings stays version 1', () => {
    expect(sut.serialise()[4]).toBe(2);
    expect(trainTextClassifier(examples, { seed: 3 }).serialise()[4]).toBe(1);
  });

  it('refuses to load with another encoder, or another version of it', () => {
    const bytes = sut.serialise();
    expect(() => TextClassifier.deserialise(bytes, { encoder: { ...ENCODER, name: 'other' } })).toThrow(ModelFileError);
    expect(() => TextClassifier.deserialise(bytes, { encoder: { ...ENCODER, checksum: 'b'.repeat(64) } })).toThrow(/trained with the encoder "test-encoder" \(sha256 aaaaaaaaaaaa…\)/);
  });

  it('notices a damaged embedding section', () => {
    const bytes = sut.serialise();
    expect(() => TextClassifier.deserialise(bytes.subarray(0, bytes.length - 8))).toThrow(ModelFileError);
  });
});

describe('training with embeddings', () => {
  const scaleOf = (classifier: TextClassifier) => {
    const bytes = classifier.serialise();
    const length = new DataView(bytes.buffer, bytes.byteOffset + 8, 4).getUint32(0, true);
    return (JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as { embedding: { scale: number } }).embedding.scale;
  };

  it('chooses α among the candidates on the held-out rows, or takes the one given', () => {
    expect(EMBEDDING_SCALES).toContain(scaleOf(trainTextClassifier(examples, { seed: 3, embeddings: { encoder: ENCODER, vectors } })));
    expect(scaleOf(trainTextClassifier(examples, { seed: 3, embeddings: { encoder: ENCODER, vectors, scale: 0.7 } }))).toBe(0.7);
  });

  it('gives the same model for the same data and seed', () => {
    const again = () => trainTextClassifier(examples, { seed: 5, embeddings: { encoder: ENCODER, vectors } }).serialise();
    expect(again()).toEqual(again());
  });

  it('refuses embeddings that do not match the examples', () => {
    expect(() => trainTextClassifier(examples, { embeddings: { encoder: ENCODER, vectors: vectors.slice(1) } })).toThrow(TrainingDataError);
    expect(() => trainTextClassifier(examples, { embeddings: { encoder: { ...ENCODER, dimensions: 4 }, vectors } })).toThrow(`embedding 0 has 6 dimensions; "test-encoder" gives 4`);
  });
});
