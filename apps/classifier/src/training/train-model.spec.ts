import { TextClassifier } from '@frictionlens/nlp';
import { trainModel } from './train-model.js';

// Three categories, 60 examples each: 20% held out is 36 texts, enough to calibrate on.
const phrasings: Record<string, string[]> = {
  card_arrival: ['my card has not arrived', 'still waiting for my new card', 'where is my card', 'card never came in the post'],
  charged_twice: ['i was charged twice', 'double payment on my account', 'the same payment went out two times', 'duplicate charge for one purchase'],
  upgrade: ['how do i upgrade to premium', 'i want the metal card plan', 'can i move to the better account', 'tell me about premium features'],
};
const examples = Object.entries(phrasings).flatMap(([label, texts]) => Array.from({ length: 60 }, (_, i) => ({ text: `${texts[i % texts.length]} ${['please', 'today', 'thanks', 'now', 'hello'][i % 5]}`, label })));

describe('trainModel', () => {
  it("stores the held-out texts by true and predicted demand type beside the held-out figures", async () => {
    const sut = await trainModel({ taxonomyVersionId: 1, rules: [], examples, labelCount: 0, demandTypes: { card_arrival: 'failure', charged_twice: 'failure', upgrade: 'value' } });
    const confusion = sut.evaluation.demandTypeConfusion as { failure: Record<string, number>; value: Record<string, number> };
    const heldOut = sut.evaluation.heldOut as { examples: number };
    const total = (row: Record<string, number>) => row.failure! + row.value! + row.unclassified!;
    // 12 held out of each of the two failure categories, 12 of the value one.
    expect(total(confusion.failure)).toBe(24);
    expect(total(confusion.value)).toBe(12);
    expect(total(confusion.failure) + total(confusion.value)).toBe(heldOut.examples);
    // Texts this distinct are told apart.
    expect(confusion.failure.failure).toBeGreaterThanOrEqual(22);
    expect(confusion.value.failure).toBeLessThanOrEqual(1);
  });

  it('stores no confusion without the demand types, nor for a model of rules alone', async () => {
    const linear = await trainModel({ taxonomyVersionId: 1, rules: [], examples, labelCount: 0 });
    expect(linear.evaluation.demandTypeConfusion).toBeNull();
    const rules = await trainModel({ taxonomyVersionId: 1, rules: [{ label: 'upgrade', phrases: ['premium'] }], examples: [], labelCount: 0, demandTypes: { upgrade: 'value' } });
    expect(rules.evaluation.demandTypeConfusion).toBeUndefined();
  });
});

describe('trainModel with examples of none of the categories', () => {
  // Two accepted categories and the contacts of themes nobody accepted (yet): what a partial
  // taxonomy after discovery trains on.
  const notOurs = ['how do i change my pin', 'what is the exchange rate for euros', 'can i close my account', 'is there an age limit', 'my phone was stolen'];
  const inScope = examples.filter((e) => e.label !== 'upgrade');
  const outOfScope = Array.from({ length: 60 }, (_, i) => ({ text: `${notOurs[i % notOurs.length]} ${['please', 'today', 'thanks', 'now', 'hello'][Math.floor(i / 5) % 5]}`, label: 'not one of ours' }));

  it('leaves texts like them unclassified instead of forcing them into a category, and records what it learnt from', async () => {
    const sut = await trainModel({ taxonomyVersionId: 1, rules: [], examples: [...inScope, ...outOfScope], labelCount: 0, outOfScopeLabel: 'not one of ours', demandTypes: { card_arrival: 'failure', charged_twice: 'failure' } });
    expect(sut.evaluation).toMatchObject({ examples: inScope.length, outOfScopeExamples: 60, categories: 2, openSetThreshold: null });
    const heldOut = sut.evaluation.heldOut as { outOfScopeRecall: number | null };
    expect(heldOut.outOfScopeRecall).toBeGreaterThanOrEqual(0.9);
    const model = TextClassifier.deserialise(sut.artefact);
    expect(model.predict('how do i change my pin please').unclassified).toBe(true);
    expect(model.predict('i was charged twice today')).toMatchObject({ unclassified: false, label: 'charged_twice' });
  });

  it('makes one category and "not one of ours" a classifier, where one category alone is rules', async () => {
    const one = examples.filter((e) => e.label === 'upgrade');
    expect((await trainModel({ taxonomyVersionId: 1, rules: [], examples: one, labelCount: 0 })).kind).toBe('rules');
    const sut = await trainModel({ taxonomyVersionId: 1, rules: [], examples: [...one, ...outOfScope], labelCount: 0, outOfScopeLabel: 'not one of ours' });
    expect(sut.kind).toBe('linear');
    expect(sut.evaluation).toMatchObject({ categories: 1, outOfScopeExamples: 60 });
  });
});

describe('trainModel with the encoder and no out-of-scope examples', () => {
  // Stored embeddings for every example, so no encoder files are needed: one direction a label
  // plus seeded noise, which is how sentence embeddings of three intents sit apart.
  const dimensions = 12;
  let seed = 7;
  const noise = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648 - 0.5) * 0.9;
  const labels = Object.keys(phrasings);
  const stored = examples.map((e) => Float32Array.from({ length: dimensions }, (_, d) => (d === labels.indexOf(e.label) ? 1 : 0) + noise()));
  const encoder = { name: 'all-minilm-l6-v2-q', folder: '/nowhere', checksum: 'c'.repeat(64), dimensions, stored };

  it('flags the configured share of known texts as not one of ours (CLASSIFIER_OPEN_SET_FLAG_SHARE), and by default only scores', async () => {
    const scoring = await trainModel({ taxonomyVersionId: 1, rules: [], examples, labelCount: 0, encoder });
    expect(scoring.kind).toBe('encoder');
    expect(scoring.evaluation.openSetThreshold).toBe(1);
    const flagging = await trainModel({ taxonomyVersionId: 1, rules: [], examples, labelCount: 0, encoder, openSetFlagShare: 0.1 });
    expect(flagging.evaluation.openSetThreshold).toBeLessThan(1);
    const heldOut = flagging.evaluation.heldOut as { unclassifiedRate: number };
    expect(heldOut.unclassifiedRate).toBeGreaterThan(0.02);
    expect(heldOut.unclassifiedRate).toBeLessThan(0.25);
  });
});
