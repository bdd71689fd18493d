import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODEL_KIND_NAMES, modelKindOf } from './model-kinds.js';

describe('modelKindOf', () => {
  it('knows the linear and the encoder classifier', () => {
    expect(MODEL_KIND_NAMES).toEqual(['linear', 'encoder']);
    expect(typeof modelKindOf('encoder').train).toBe('function');
  });

  it('names the known kinds when asked for another', () => {
    expect(() => modelKindOf('forest')).toThrow('unknown model kind "forest" (known: linear, encoder)');
  });

  it('trains a linear model that loads and predicts, one text or a batch', async () => {
    const kind = modelKindOf('linear');
    const examples = ['refund my order', 'i want my money back', 'money back please', 'refund now'].flatMap((text) => [
      { text, label: 'refund' },
      { text: text.replace(/refund|money back/g, 'parcel missing'), label: 'delivery' },
    ]);
    const model = await kind.load((await kind.train(examples, () => undefined)).bytes);
    expect(model.predictSync?.('where is my parcel, it is missing').topLabel).toBe('delivery');
    expect((await model.predictBatch(['where is my parcel, it is missing', 'refund please'])).map((p) => p.topLabel)).toEqual(['delivery', 'refund']);
  });

  it('tells the user to fetch the encoder when it is not there', async () => {
    const kind = modelKindOf('encoder', { encoder: 'all-minilm-l6-v2-q', modelsFolder: mkdtempSync(join(tmpdir(), 'no-models-')) });
    await expect(kind.train([{ text: 'refund', label: 'refund' }], () => undefined)).rejects.toThrow(/run `npm run models:fetch`/);
  });
});
