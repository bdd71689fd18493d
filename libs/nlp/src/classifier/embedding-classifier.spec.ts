import { EMBEDDING_SCALES, TrainingDataError, trainTextClassifier } from './train.js';
import { EmbeddingMismatchError, MEANING_TERM } from './embedding-block.js';
import { ModelFileError } from './model-file.js';
import { TextClassifier, UNCLASSIFIED } from './text-classifier.js';
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

// A stand-in for a sentence encoder: each label's texts point one way, with seeded noise. The
// axes after the labels' are no category's: a text along one of them is of none of them.
function embeddingOf(label: string, seed: number, axis = LABELS.indexOf(label)): Float32Array {
  const vector = new Float32Array(DIMENSIONS);
  vector[axis] = 1;
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

describe('the open-set decision of an encoder model', () => {
  // Out-of-scope examples, as CLINC150 has them: texts of no category, along the empty axes.
  const OUT_OF_SCOPE = ['tell me a joke', 'what is the weather like', 'play some music', 'how tall is everest', 'set an alarm for seven', 'who won the match'];
  const withOutOfScope: LabelledText[] = [...examples, ...OUT_OF_SCOPE.flatMap((text) => PREFIXES.flatMap((p) => SUFFIXES.map((s) => ({ text: `${p}${text}${s}`, label: 'oos' }))))];
  const outOfScopeVectors = withOutOfScope.map((e, i) => (e.label === 'oos' ? embeddingOf('', i, 3 + (i % 3)) : vectors[i]!));
  let sut: TextClassifier;
  beforeAll(() => {
    sut = trainTextClassifier(withOutOfScope, { seed: 3, embeddings: { encoder: ENCODER, vectors: outOfScopeVectors } });
  });

  it('is fitted by default, with the confidence threshold left to it', () => {
    expect(sut.openSetThreshold).toBeGreaterThan(0);
    expect(sut.openSetThreshold).toBeLessThanOrEqual(1);
    expect(sut.threshold).toBe(0);
  });

  it('scores every prediction, and sends a text of no known category to unclassified', () => {
    const known = sut.predict('please help today thanks', { embedding: embeddingOf('refund', 4) });
    expect(known).toMatchObject({ label: 'refund', unclassified: false });
    expect(known.unknown).toBeLessThanOrEqual(sut.openSetThreshold!);
    // Halfway between two empty axes: like no training text, out-of-scope ones included.
    for (const [a, b] of [[3, 4], [4, 5], [3, 5]] as const) {
      const embedding = embeddingOf('', 7, a).map((x, d) => x + (d === b ? 1 : 0));
      const unknown = sut.predict('please help today thanks', { embedding: embedding.map((x) => x / Math.hypot(...embedding)) });
      expect(unknown).toMatchObject({ label: UNCLASSIFIED, unclassified: true });
      expect(unknown.unknown).toBeGreaterThan(sut.openSetThreshold!);
    }
  });

  it('survives the model file, and a model without it (as stored before it existed) reads and behaves as before', () => {
    const loaded = TextClassifier.deserialise(sut.serialise(), { encoder: ENCODER });
    expect(loaded.openSetThreshold).toBe(sut.openSetThreshold);
    const far = embeddingOf('', 7, 4);
    expect(loaded.predict('please help today thanks', { embedding: far })).toEqual(sut.predict('please help today thanks', { embedding: far }));

    const before = trainTextClassifier(examples, { seed: 3, embeddings: { encoder: ENCODER, vectors }, openSet: false });
    const bytes = before.serialise();
    expect(new TextDecoder().decode(bytes)).not.toContain('openSet');
    const old = TextClassifier.deserialise(bytes, { encoder: ENCODER });
    expect(old.openSetThreshold).toBeUndefined();
    expect(old.threshold).toBe(before.threshold);
    const prediction = old.predict('i lost my card', { embedding: embeddingOf('lost_card', 1) });
    expect(prediction).toEqual(before.predict('i lost my card', { embedding: embeddingOf('lost_card', 1) }));
    expect(prediction.label).toBe('lost_card');
    expect(prediction).not.toHaveProperty('unknown');
  });

  it('notices a damaged open-set section', () => {
    const bytes = sut.serialise();
    // The centroids are the last section: cut into them.
    expect(() => TextClassifier.deserialise(bytes.subarray(0, bytes.length - 4))).toThrow(ModelFileError);
  });
});

describe('the open-set decision without out-of-scope examples', () => {
  it('only scores by default: the confidence threshold decides', () => {
    const sut = trainTextClassifier(examples, { seed: 3, embeddings: { encoder: ENCODER, vectors } });
    expect(sut.openSetThreshold).toBe(1);
    // A text of no category still gets its top label when the confidence allows it.
    const embedding = embeddingOf('', 7, 3).map((x, d) => x + (d === 4 ? 1 : 0));
    const far = sut.predict('i lost my card', { embedding: embedding.map((x) => x / Math.hypot(...embedding)) });
    expect(far.unknown).toBeGreaterThan(0.5);
    expect(far.unclassified).toBe(far.confidence < sut.threshold);
  });

  it('with a flag share, flags that share of held-out known texts and sends texts of no category to unclassified', () => {
    let flaggedShare = -1;
    const sut = trainTextClassifier(examples, {
      seed: 3,
      embeddings: { encoder: ENCODER, vectors },
      openSet: { flagShare: 0.1, onFit: (fit) => (flaggedShare = Array.from(fit.unknown).filter((u) => u > fit.threshold).length / fit.unknown.length) },
    });
    expect(sut.openSetThreshold).toBeLessThan(1);
    expect(sut.threshold).toBe(0);
    expect(flaggedShare).toBeGreaterThan(0.05);
    expect(flaggedShare).toBeLessThanOrEqual(0.1);
    expect(sut.predict('i lost my card', { embedding: embeddingOf('lost_card', 1) })).toMatchObject({ label: 'lost_card', unclassified: false });
    const embedding = embeddingOf('', 7, 3).map((x, d) => x + (d === 4 ? 1 : 0));
    expect(sut.predict('please help today thanks', { embedding: embedding.map((x) => x / Math.hypot(...embedding)) })).toMatchObject({ label: UNCLASSIFIED, unclassified: true });
  });
});

describe('the known-word guard', () => {
  // Short social-media texts: handles, hashtags and emoji, words no vocabulary knows.
  const SOCIAL = '@monzo @support #refund 🙏🙏';

  it('does not override a confident encoder answer', () => {
    const sut = trainTextClassifier(examples, { seed: 3, embeddings: { encoder: ENCODER, vectors } });
    const prediction = sut.predict(SOCIAL, { embedding: embeddingOf('refund', 12) });
    expect(prediction).toMatchObject({ label: 'refund', unclassified: false });
    expect(prediction.confidence).toBe(prediction.top[0]!.probability);
  });

  it('still stops a TF-IDF model, which only has the words (and shrinks its confidence)', () => {
    const sut = trainTextClassifier(examples, { seed: 3 });
    const prediction = sut.predict(SOCIAL, { threshold: 0 });
    expect(prediction.unclassified).toBe(true);
    expect(prediction.confidence).toBeLessThan(prediction.top[0]!.probability);
  });

  it('still shrinks an encoder model’s unsure answer', () => {
    const sut = trainTextClassifier(examples, { seed: 3, embeddings: { encoder: ENCODER, vectors }, openSet: false });
    const prediction = sut.predict(SOCIAL, { embedding: embeddingOf('refund', 12), threshold: 1.1 });
    expect(prediction.unclassified).toBe(true);
    expect(prediction.confidence).toBeLessThan(prediction.top[0]!.probability);
  });
});
