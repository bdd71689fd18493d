import { MODEL_KIND_NAMES, modelKindOf } from './model-kinds.js';

describe('modelKindOf', () => {
  it('knows the linear classifier', () => {
    expect(MODEL_KIND_NAMES).toContain('linear');
    expect(typeof modelKindOf('linear').train).toBe('function');
  });

  it('names the known kinds when asked for another', () => {
    expect(() => modelKindOf('encoder')).toThrow('unknown model kind "encoder" (known: linear)');
  });

  it('trains a linear model that loads and predicts', async () => {
    const kind = modelKindOf('linear');
    const examples = ['refund my order', 'i want my money back', 'money back please', 'refund now'].flatMap((text) => [
      { text, label: 'refund' },
      { text: text.replace(/refund|money back/g, 'parcel missing'), label: 'delivery' },
    ]);
    const model = await kind.load(await kind.train(examples, () => undefined));
    expect(model.predict('where is my parcel, it is missing').topLabel).toBe('delivery');
  });
});
