import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassifierEncoder } from '../encoder/classifier-encoder.js';
import { discoveryRunEncoders, fixedRunEncoder } from './discovery-encoder.js';

// Encoders whose files are not there: ClassifierEncoder.open says why without loading onnxruntime.
describe('discoveryRunEncoders', () => {
  let emptyModels: string;
  beforeAll(() => (emptyModels = mkdtempSync(join(tmpdir(), 'frictionlens-no-models-'))));
  afterAll(() => rmSync(emptyModels, { recursive: true, force: true }));

  it("falls back to the classifier's encoder, saying why, when DISCOVERY_ENCODER's files are missing", async () => {
    const classifier = await ClassifierEncoder.open({ name: 'all-minilm-l6-v2-q', folder: emptyModels });
    const run = await discoveryRunEncoders(classifier, { name: 'bge-small-en-v15-q', folder: emptyModels }).forRun();
    expect(run.encoder).toBe(classifier);
    expect(run.fallbackBecause).toMatch(/bge-small-en-v15-q.*models:fetch/);
    await run.release();
  });

  it("uses the classifier's own encoder when DISCOVERY_ENCODER names it: no second session, nothing to close", async () => {
    const classifier = await ClassifierEncoder.open({ name: 'all-minilm-l6-v2-q', folder: emptyModels });
    const source = discoveryRunEncoders(classifier, { name: 'all-minilm-l6-v2-q', folder: emptyModels });
    const run = await source.forRun();
    expect(run.encoder).toBe(classifier);
    expect(run.fallbackBecause).toBeUndefined();
  });

  it('clusters TF-IDF/LSA vectors when DISCOVERY_ENCODER is none, whatever the classifier runs', async () => {
    const classifier = await ClassifierEncoder.open({ name: 'all-minilm-l6-v2-q', folder: emptyModels });
    const run = await discoveryRunEncoders(classifier, { name: 'none', folder: emptyModels }).forRun();
    expect(run.encoder).not.toBe(classifier);
    expect(run.encoder.identity).toBeUndefined();
    expect(run.encoder.unavailableBecause).toBe('DISCOVERY_ENCODER is none');
  });

  it('a fixed encoder is handed to every run as it is', async () => {
    const encoder = ClassifierEncoder.none('tests');
    const source = fixedRunEncoder(encoder);
    expect((await source.forRun()).encoder).toBe(encoder);
    expect((await source.forRun()).encoder).toBe(encoder);
  });
});
