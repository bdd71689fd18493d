import { trainTextClassifier } from '@frictionlens/nlp';
import type { ModelVersionRecord } from '@frictionlens/persistence';
import { ClassifierEncoder } from '../encoder/classifier-encoder.js';
import { ActiveModel } from './active-model.js';

const linearArtefact = trainTextClassifier(
  [
    ...['my card has not arrived', 'card still not delivered', 'where is my new card'].map((text) => ({ text, label: 'card_arrival' })),
    ...['how do I change my pin', 'change the pin of my card', 'new pin please'].map((text) => ({ text, label: 'change_pin' })),
  ],
  { threads: 1 },
).serialise();

const aVersion = (id: number, kind: 'linear' | 'encoder', evaluation: Record<string, unknown> = {}): ModelVersionRecord => ({
  id,
  kind,
  taxonomyVersionId: 1,
  createdAt: new Date(2026, 0, id),
  exampleCount: 6,
  labelCount: 0,
  evaluation,
  checksum: `checksum-${id}`,
  sizeBytes: 0,
  // An encoder model is refused before its bytes are read when this instance has no encoder.
  artefact: Buffer.from(kind === 'linear' ? linearArtefact : new Uint8Array(8)),
});

function versions(...records: ModelVersionRecord[]) {
  const byId = new Map(records.map((r) => [r.id, r]));
  return {
    latestId: async () => Math.max(...records.map((r) => r.id)),
    find: async (id: number) => byId.get(id),
    list: async (limit = 100) => [...records].sort((a, b) => b.id - a.id).slice(0, limit),
  };
}

const taxonomy = { findVersion: async () => ({ categories: [{ key: 'card_arrival', demandType: 'failure' as const }] }) };
const noEncoder = ClassifierEncoder.none('sentence encoder "all-minilm-l6-v2-q" is not in /models/all-minilm-l6-v2-q: run `npm run models:fetch`');
const encoderModel = (id: number) => aVersion(id, 'encoder', { encoder: { name: 'all-minilm-l6-v2-q', checksum: 'afdb6f1a0e45b715' } });

describe('ActiveModel without the sentence encoder', () => {
  it('serves the newest TF-IDF model when the newest model needs the encoder, and says why', async () => {
    const sut = new ActiveModel(versions(aVersion(1, 'linear'), encoderModel(2)), taxonomy, noEncoder);
    expect(await sut.refresh()).toBe(true);
    expect(sut.current).toMatchObject({ modelVersionId: 1, kind: 'linear' });
    expect(sut.current!.encoder).toBeUndefined();
    expect(sut.current!.classifier.predict('my card has not arrived').top[0]!.label).toBe('card_arrival');
    expect(sut.newestUnservable?.modelVersionId).toBe(2);
    const mode = sut.mode();
    expect(mode).toMatchObject({ mode: 'linear', encoder: null });
    expect(mode.reason).toContain('model 2 is not served: it needs the sentence encoder all-minilm-l6-v2-q');
    expect(mode.reason).toContain('npm run models:fetch');
    // Nothing newer: the next check changes nothing.
    expect(await sut.refresh()).toBe(false);
  });

  it('serves nothing, and says so, when no model it can run is stored', async () => {
    const sut = new ActiveModel(versions(encoderModel(1)), taxonomy, noEncoder);
    expect(await sut.refresh()).toBe(false);
    expect(sut.current).toBeUndefined();
    expect(sut.newestUnservable?.modelVersionId).toBe(1);
    expect(sut.mode()).toMatchObject({ mode: null, encoder: null });
  });

  it('says why a TF-IDF model serves when there is no encoder at all', async () => {
    const sut = new ActiveModel(versions(aVersion(1, 'linear')), taxonomy, noEncoder);
    await sut.refresh();
    expect(sut.mode()).toEqual({ mode: 'linear', encoder: null, reason: `no sentence encoder: ${noEncoder.unavailableBecause}` });
  });
});

describe('ClassifierEncoder', () => {
  it('is switched off by CLASSIFIER_ENCODER=none without touching the models folder', async () => {
    const sut = await ClassifierEncoder.open({ name: 'none', folder: '/nowhere' });
    expect(sut.identity).toBeUndefined();
    expect(sut.unavailableBecause).toBe('CLASSIFIER_ENCODER is none');
    await expect(sut.embed(['text'])).rejects.toThrow('no sentence encoder: CLASSIFIER_ENCODER is none');
  });

  it('names the missing files and the fetch command when the folder is empty', async () => {
    const sut = await ClassifierEncoder.open({ name: 'all-minilm-l6-v2-q', folder: '/nowhere' });
    expect(sut.identity).toBeUndefined();
    expect(sut.unavailableBecause).toBe('sentence encoder "all-minilm-l6-v2-q" is not in /nowhere/all-minilm-l6-v2-q: run `npm run models:fetch` (needs Maven) to fetch it');
  });

  it('names an unknown encoder', async () => {
    const sut = await ClassifierEncoder.open({ name: 'word2vec', folder: '/nowhere' });
    expect(sut.unavailableBecause).toMatch(/unknown sentence encoder "word2vec"/);
  });
});
