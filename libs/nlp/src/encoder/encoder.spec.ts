import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EncoderNotFoundError, loadEncoder } from './encoder.js';
import { encoderPartsOf, UnknownEncoderError } from './encoder-registry.js';

describe('loadEncoder without the model files', () => {
  const folder = mkdtempSync(join(tmpdir(), 'models-'));

  it('tells the user to run npm run models:fetch, in one line', async () => {
    const error = await loadEncoder({ name: 'all-minilm-l6-v2-q', folder }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EncoderNotFoundError);
    expect((error as Error).message).toBe(`sentence encoder "all-minilm-l6-v2-q" is not in ${join(folder, 'all-minilm-l6-v2-q')}: run \`npm run models:fetch\` (needs Maven) to fetch it`);
  });

  it('names the missing part of encoders joined by "+"', async () => {
    mkdirSync(join(folder, 'all-minilm-l6-v2-q'), { recursive: true });
    writeFileSync(join(folder, 'all-minilm-l6-v2-q', 'model.onnx'), '');
    writeFileSync(join(folder, 'all-minilm-l6-v2-q', 'tokenizer.json'), '{}');
    await expect(loadEncoder({ name: 'all-minilm-l6-v2-q+bge-small-en-v15-q', folder })).rejects.toThrow(/"bge-small-en-v15-q" is not in .*npm run models:fetch/);
  });

  it('refuses an unknown encoder by name, listing the known ones', async () => {
    await expect(loadEncoder({ name: 'word2vec', folder })).rejects.toThrow(UnknownEncoderError);
  });
});

describe('encoderPartsOf', () => {
  it('knows how each encoder pools its tokens', () => {
    expect(encoderPartsOf('all-minilm-l6-v2-q+bge-small-en-v15-q').map((p) => [p.name, p.spec.pooling, p.spec.dimensions])).toEqual([
      ['all-minilm-l6-v2-q', 'mean', 384],
      ['bge-small-en-v15-q', 'cls', 384],
    ]);
  });

  it('lists the known encoders for an unknown name', () => {
    expect(() => encoderPartsOf('bge-large')).toThrow('unknown sentence encoder "bge-large" (known: all-minilm-l6-v2-q, bge-small-en-v15-q, or several joined by "+")');
  });
});
