import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

// The second opinion with the real encoders (npm run models:fetch, as CI does), in a process of its
// own: onnxruntime cannot run inside Jest's module sandbox (classifier-encoder.int-spec.ts). The
// script trains a pair on a few BANKING77-like texts, stores and loads it, and reports what the
// assertions need. What it pins down: the second model reads exactly what loadEncoder gives for the
// two encoders joined by "+" (same identity, same vector), so a second-opinion model and one
// trained with `--encoder a+b` are interchangeable.
const NLP = resolve('dist/libs/nlp/src/index.js');
const modelsFolder = resolve(process.env['FRICTIONLENS_MODELS_HOME'] ?? '.frictionlens/models');

const SCRIPT = `
const nlp = await import(${JSON.stringify(NLP)});
const folder = ${JSON.stringify(modelsFolder)};
const fast = await nlp.loadEncoder({ name: 'all-minilm-l6-v2-q', folder });
const extra = await nlp.loadEncoder({ name: 'bge-small-en-v15-q', folder });
const joined = await nlp.loadEncoder({ name: 'all-minilm-l6-v2-q+bge-small-en-v15-q', folder });
const examples = [
  ['my card has not arrived yet', 'card_arrival'], ['when will my new card come', 'card_arrival'], ['still waiting for the card in the post', 'card_arrival'],
  ['my card is on its way, how long', 'card_arrival'], ['the card was sent two weeks ago and is not here', 'card_arrival'], ['card delivery is late', 'card_arrival'],
  ['i was charged twice for one purchase', 'duplicate_charge'], ['the same payment went out two times', 'duplicate_charge'], ['double charge on my statement', 'duplicate_charge'],
  ['you took the money twice', 'duplicate_charge'], ['a payment appears twice', 'duplicate_charge'], ['charged two times for coffee', 'duplicate_charge'],
  ['how do i change my pin', 'change_pin'], ['i want a new pin number', 'change_pin'], ['can i reset my pin', 'change_pin'],
  ['where do i set a different pin', 'change_pin'], ['change the pin on my card', 'change_pin'], ['pin change please', 'change_pin'],
].map(([text, label]) => ({ text, label }));
const texts = examples.map((e) => e.text);
const identity = (e) => ({ name: e.name, checksum: e.checksum, dimensions: e.dimensions });
const pair = nlp.trainSecondOpinion(examples, {
  embeddings: { encoder: identity(fast), vectors: await fast.embed(texts) },
  extra: { encoder: identity(extra), vectors: await extra.embed(texts) },
}, { seed: 1 });
const bytes = pair.serialise();
const loaded = nlp.SecondOpinionClassifier.deserialise(bytes, { encoder: identity(fast), extraEncoder: identity(extra) });
const probe = 'my card never came in the post';
const [a] = await fast.embed([probe]);
const [b] = await extra.embed([probe]);
const [both] = await joined.embed([probe]);
const viaPair = loaded.secondOpinion(probe, a, b);
const viaJoined = loaded.second.predict(probe, { embedding: both });
let wrongEncoder = '';
try { nlp.SecondOpinionClassifier.deserialise(bytes, { extraEncoder: identity(fast) }); } catch (error) { wrongEncoder = error.message; }
console.log(JSON.stringify({
  isPair: nlp.isSecondOpinionFile(bytes),
  secondReads: loaded.second.encoder,
  joined: identity(joined),
  rereadFrom: loaded.rereadFrom,
  first: loaded.first.predict(probe, { embedding: a }).top[0].label,
  viaPair: [viaPair.top[0].label, viaPair.confidence, viaPair.top[1].probability],
  viaJoined: [viaJoined.top[0].label, viaJoined.confidence, viaJoined.top[1].probability],
  wrongEncoder,
}));
await Promise.all([fast.close(), extra.close(), joined.close()]);
`;

describe('a second opinion with the real encoders', () => {
  let result: {
    isPair: boolean;
    secondReads: unknown;
    joined: unknown;
    rereadFrom: number;
    first: string;
    viaPair: [string, number, number];
    viaJoined: [string, number, number];
    wrongEncoder: string;
  };

  beforeAll(async () => {
    // The test runner's NODE_OPTIONS (--experimental-vm-modules) would only add warnings here.
    const { NODE_OPTIONS: _nodeOptions, ...env } = process.env;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', SCRIPT], { env, maxBuffer: 1 << 20 });
    result = JSON.parse(stdout.trim().split('\n').at(-1)!) as typeof result;
  }, 120_000);

  it('stores both models in one file whose second model reads the encoders joined by "+"', () => {
    expect(result.isPair).toBe(true);
    expect(result.secondReads).toEqual(result.joined);
    expect(result.rereadFrom).toBe(0.3);
  });

  it('gives the same answer from the two embeddings as from the joined encoder’s one', () => {
    expect(result.viaPair[0]).toBe(result.viaJoined[0]);
    expect(result.viaPair[1]).toBeCloseTo(result.viaJoined[1], 5);
    expect(result.viaPair[2]).toBeCloseTo(result.viaJoined[2], 5);
  });

  it('places a paraphrase it never saw with either model', () => {
    expect([result.first, result.viaPair[0]]).toEqual(['card_arrival', 'card_arrival']);
  });

  it('refuses to run with another second encoder than the one it was trained with', () => {
    expect(result.wrongEncoder).toMatch(/trained with the encoder "bge-small-en-v15-q"/);
  });
});
