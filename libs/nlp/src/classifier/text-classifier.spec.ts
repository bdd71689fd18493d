import { modelChecksum, ModelFileError } from './model-file.js';
import { TextClassifier, UNCLASSIFIED } from './text-classifier.js';
import { rulesOnlyClassifier, trainTextClassifier, TrainingDataError } from './train.js';
import type { LabelledText, TrainingProgress } from './train-options.js';

const TEMPLATES: Record<string, string[]> = {
  card_arrival: ['my new card has not arrived', 'when will my card arrive', 'still waiting for my card to be delivered', 'card delivery is taking too long', 'has my card been sent yet'],
  refund: ['i want a refund', 'please refund my payment', 'how do i get my money back', 'refund for the order i returned', 'when will the refund reach my account'],
  lost_card: ['i lost my card', 'my card was stolen', 'someone stole my wallet and card', 'cannot find my card anywhere', 'block my lost card'],
};
const OUT_OF_SCOPE = ['what is the weather tomorrow', 'tell me a joke', 'who won the football game', 'play some music', 'how tall is mount everest'];
const PREFIXES = ['', 'hi ', 'hello, ', 'please help: '];
const SUFFIXES = ['', ' thanks', ' asap', ' today'];

function examplesOf(templates: Record<string, string[]>): LabelledText[] {
  return Object.entries(templates).flatMap(([label, texts]) => texts.flatMap((text) => PREFIXES.flatMap((p) => SUFFIXES.map((s) => ({ text: `${p}${text}${s}`, label })))));
}

describe('TextClassifier trained on examples', () => {
  let sut: TextClassifier;
  beforeAll(() => {
    sut = trainTextClassifier(examplesOf(TEMPLATES), { seed: 3 });
  });

  it('labels a text like its examples, with its calibrated probability', () => {
    const prediction = sut.predict('my card still has not arrived');
    expect(prediction).toMatchObject({ label: 'card_arrival', unclassified: false, decidedBy: 'model' });
    expect(prediction.confidence).toBe(prediction.top[0]!.probability);
  });

  it('lists the top labels by probability, as many as asked', () => {
    const { top } = sut.predict('i want my money back', { topK: 2 });
    expect(top.map((t) => t.label)[0]).toBe('refund');
    expect(top).toHaveLength(2);
    expect(top[0]!.probability).toBeGreaterThanOrEqual(top[1]!.probability);
  });

  it('explains a decision with the words of the text that pushed it most, largest first', () => {
    const { terms } = sut.predict('someone stole my card', { explainTerms: 3 });
    expect(terms.length).toBeGreaterThan(0);
    expect(terms.length).toBeLessThanOrEqual(3);
    expect(terms.map((t) => t.term)).toContain('stole');
    expect(terms.map((t) => t.weight)).toEqual([...terms.map((t) => t.weight)].sort((a, b) => b - a));
  });

  it('skips the explanation when no terms are asked for', () => {
    expect(sut.predict('i lost my card', { explainTerms: 0 }).terms).toEqual([]);
  });

  it.each(['qwxz blorf zzkk vvv', '', '?!'])('leaves gibberish (%j) unclassified with low confidence', (text) => {
    const prediction = sut.predict(text);
    expect(prediction).toMatchObject({ label: UNCLASSIFIED, unclassified: true });
    expect(prediction.confidence).toBeLessThan(0.2);
  });

  it('lets the caller override the threshold', () => {
    expect(sut.predict('i lost my card', { threshold: 1.01 }).unclassified).toBe(true);
    expect(sut.predict('i lost my card', { threshold: 0 }).label).toBe('lost_card');
  });

  it('predicts the same after a round trip through bytes', () => {
    const loaded = TextClassifier.deserialise(sut.serialise());
    for (const text of ['my card still has not arrived', 'refund please', 'qwxz', 'my card was stolen yesterday']) {
      expect(loaded.predict(text)).toEqual(sut.predict(text));
    }
    expect(loaded.threshold).toBe(sut.threshold);
    expect(loaded.labels).toEqual(sut.labels);
  });

  it('loads from a Node Buffer that does not start at its ArrayBuffer’s beginning', () => {
    const bytes = sut.serialise();
    const padded = Buffer.alloc(bytes.length + 3);
    padded.set(bytes, 3);
    expect(TextClassifier.deserialise(padded.subarray(3)).predict('i lost my card').label).toBe('lost_card');
  });
});

describe('trainTextClassifier', () => {
  it('gives the same model bytes for the same data and seed', () => {
    const examples = examplesOf(TEMPLATES);
    expect(modelChecksum(trainTextClassifier(examples, { seed: 5 }).serialise())).toBe(modelChecksum(trainTextClassifier(examples, { seed: 5 }).serialise()));
  });

  it('treats the out-of-scope label as unclassified', () => {
    const sut = trainTextClassifier([...examplesOf(TEMPLATES), ...examplesOf({ oos: OUT_OF_SCOPE })], { seed: 3 });
    expect(sut.labels).toContain('oos');
    expect(sut.predict('tell me a joke about the weather')).toMatchObject({ label: UNCLASSIFIED, unclassified: true });
    expect(sut.predict('i lost my card').label).toBe('lost_card');
  });

  it('honours a custom out-of-scope label', () => {
    const sut = trainTextClassifier([...examplesOf(TEMPLATES), ...examplesOf({ other: OUT_OF_SCOPE })], { outOfScopeLabel: 'other' });
    expect(sut.predict('play some music please').unclassified).toBe(true);
  });

  it('reports its stages as it goes', () => {
    const stages = new Set<string>();
    trainTextClassifier(examplesOf(TEMPLATES), { onProgress: (p: TrainingProgress) => stages.add(p.stage) });
    expect([...stages]).toEqual(['features', 'held-out fit', 'calibration', 'final fit']);
  });

  it('uses a fixed threshold when given one', () => {
    expect(trainTextClassifier(examplesOf(TEMPLATES), { threshold: 0.42 }).threshold).toBe(0.42);
  });

  it('refuses a single label, the reserved label, and nothing at all', () => {
    expect(() => trainTextClassifier([{ text: 'a', label: 'x' }, { text: 'b', label: 'x' }])).toThrow(TrainingDataError);
    expect(() => trainTextClassifier([{ text: 'a', label: UNCLASSIFIED }, { text: 'b', label: 'x' }])).toThrow(/reserved/);
    expect(() => trainTextClassifier([])).toThrow(TrainingDataError);
  });

  it('falls back to the rules when there are no examples', () => {
    const sut = trainTextClassifier([], { rules: [{ label: 'refund', phrases: ['money back'] }] });
    expect(sut.predict('I want my money back').label).toBe('refund');
  });
});

describe('TextClassifier with keyword rules', () => {
  const rules = [
    { label: 'refund', phrases: ['chargeback', 'money back'] },
    { label: 'lost_card', phrases: ['card missing'] },
  ];
  let sut: TextClassifier;
  beforeAll(() => {
    sut = trainTextClassifier(examplesOf(TEMPLATES), { seed: 3, rules });
  });

  it('lets a confident model decide, and says when a rule agrees', () => {
    expect(sut.predict('how do i get my money back')).toMatchObject({ label: 'refund', decidedBy: 'model+rule', rule: { label: 'refund', phrase: 'money back' } });
    expect(sut.predict('i lost my card')).toMatchObject({ label: 'lost_card', decidedBy: 'model' });
  });

  it('does not let a rule overrule a confident model', () => {
    expect(sut.predict('i lost my card, i want my money back', { threshold: 0 })).toMatchObject({ decidedBy: expect.stringMatching(/^model/) });
  });

  it('decides by the rule when the model is unsure, with confidence 1 for one matching label', () => {
    expect(sut.predict('Chargeback!')).toMatchObject({ label: 'refund', unclassified: false, confidence: 1, decidedBy: 'rule', rule: { phrase: 'chargeback' } });
  });

  it('gives 1 / (labels matched) as the confidence when rules of several labels match', () => {
    const prediction = sut.predict('chargeback xqzt card missing', { threshold: 0.99 });
    expect(prediction).toMatchObject({ confidence: 0.5, decidedBy: 'rule', unclassified: true });
  });
});

describe('rulesOnlyClassifier', () => {
  const sut = rulesOnlyClassifier([
    { label: 'refund', phrases: ['refund', 'money back'] },
    { label: 'delivery', phrases: ['not arrived', 'where is my parcel'] },
  ]);

  it('labels a text that matches one label’s phrase, whatever its case and punctuation', () => {
    expect(sut.predict('Where is my PARCEL?!')).toMatchObject({ label: 'delivery', confidence: 1, decidedBy: 'rule', rule: { label: 'delivery', phrase: 'where is my parcel' } });
  });

  it('matches whole words only', () => {
    expect(sut.predict('refunded').unclassified).toBe(true);
  });

  it('leaves a text matching several labels unclassified unless the threshold allows ties', () => {
    const text = 'not arrived, I want a refund';
    expect(sut.predict(text)).toMatchObject({ unclassified: true, confidence: 0.5 });
    expect(sut.predict(text, { threshold: 0.5 }).label).toBe('refund');
  });

  it('leaves a text matching nothing unclassified with confidence 0', () => {
    expect(sut.predict('hello there')).toMatchObject({ label: UNCLASSIFIED, confidence: 0, top: [] });
  });

  it('survives a round trip through bytes', () => {
    expect(TextClassifier.deserialise(sut.serialise()).predict('money back please').label).toBe('refund');
  });
});

describe('model files', () => {
  it('names a model by the SHA-256 of its bytes', () => {
    expect(modelChecksum(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('refuses bytes that are not a model', () => {
    expect(() => TextClassifier.deserialise(new TextEncoder().encode('hello world'))).toThrow(ModelFileError);
  });

  it('refuses a truncated model', () => {
    const bytes = rulesOnlyClassifier([{ label: 'a', phrases: ['b'] }]).serialise();
    expect(() => TextClassifier.deserialise(bytes.subarray(0, bytes.length - 8))).toThrow(/truncated|damaged/);
  });

  it('refuses a model of another format version', () => {
    const bytes = rulesOnlyClassifier([{ label: 'a', phrases: ['b'] }]).serialise();
    bytes[4] = 99;
    expect(() => TextClassifier.deserialise(bytes)).toThrow(/version 99/);
  });
});
