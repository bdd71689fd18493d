import { Tokenizer } from '@huggingface/tokenizers';
import ort from 'onnxruntime-node';
import type { Encoder, EncoderFiles } from './encoder.js';
import type { EncoderSpec } from './encoder-registry.js';
import { lengthBatchesOf } from './length-batches.js';
import { poolInto } from './pooling.js';

/**
 * One ONNX sentence encoder, each session on one CPU thread (a second intra-op thread did not
 * pay here). With several sessions, windows are shared out between them: the vectors are the same.
 */
export class OnnxEncoder implements Encoder {
  readonly dimensions: number;

  private constructor(
    readonly name: string,
    readonly checksum: string,
    private readonly spec: EncoderSpec,
    private readonly sessions: ort.InferenceSession[],
    private readonly tokenizer: TextTokenizer,
    private readonly window: number,
    private readonly batch: number,
  ) {
    this.dimensions = spec.dimensions;
  }

  static async load(name: string, spec: EncoderSpec, files: EncoderFiles, settings: { window: number; batch: number; sessions: number }): Promise<OnnxEncoder> {
    const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all', logSeverityLevel: 3 };
    const sessions = await Promise.all(Array.from({ length: settings.sessions }, () => ort.InferenceSession.create(files.onnx, options)));
    return new OnnxEncoder(name, files.checksum, spec, sessions, tokenizerOf(files.tokenizer), settings.window, settings.batch);
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const ids = texts.map((text) => this.tokenIds(text));
    const out: Float32Array[] = new Array<Float32Array>(texts.length);
    const batches = lengthBatchesOf(ids.map((t) => t.length), this.window, this.batch);
    // Session s takes windows s, s + n, …; onnxruntime runs them off this thread, side by side.
    await Promise.all(
      this.sessions.map(async (session, s) => {
        for (const rows of batches) {
          if (Math.floor(rows[0]! / this.window) % this.sessions.length !== s) continue;
          const vectors = await this.run(session, rows.map((row) => ids[row]!));
          rows.forEach((row, i) => (out[row] = vectors[i]!));
        }
      }),
    );
    return out;
  }

  async close(): Promise<void> {
    for (const session of this.sessions) await session.release();
  }

  // [CLS] text [SEP], cut to maxTokens with [SEP] kept last.
  private tokenIds(text: string): number[] {
    const { ids } = this.tokenizer.encode(text);
    if (ids.length <= this.spec.maxTokens) return ids;
    return [...ids.slice(0, this.spec.maxTokens - 1), ids[ids.length - 1]!];
  }

  // One padded batch through the graph, pooled and normalised row by row.
  private async run(session: ort.InferenceSession, batch: number[][]): Promise<Float32Array[]> {
    const rows = batch.length;
    const tokens = Math.max(...batch.map((ids) => ids.length));
    const inputIds = new BigInt64Array(rows * tokens);
    const mask = new BigInt64Array(rows * tokens);
    batch.forEach((ids, r) => {
      for (let t = 0; t < ids.length; t++) {
        inputIds[r * tokens + t] = BigInt(ids[t]!);
        mask[r * tokens + t] = 1n;
      }
    });
    const dims = [rows, tokens];
    const feeds: Record<string, ort.Tensor> = { input_ids: new ort.Tensor('int64', inputIds, dims), attention_mask: new ort.Tensor('int64', mask, dims) };
    if (session.inputNames.includes('token_type_ids')) feeds['token_type_ids'] = new ort.Tensor('int64', new BigInt64Array(rows * tokens), dims);
    const result = await session.run(feeds);
    const hidden = result['last_hidden_state'];
    if (!hidden) throw new Error(`${this.name}: the graph gave no last_hidden_state`);
    const data = hidden.data as Float32Array;
    const vectors = batch.map((_, r) => poolInto(data, mask, r, tokens, this.dimensions, this.spec.pooling, new Float32Array(this.dimensions)));
    hidden.dispose();
    return vectors;
  }
}

// The exports' tokenizer.json may pad and cut every text to 128 tokens: batches pad themselves.
function tokenizerOf(json: unknown): TextTokenizer {
  const config = { ...(json as Record<string, unknown>), padding: null, truncation: null };
  // eslint-disable-next-line @typescript-eslint/no-unsafe-call -- the package's types do not resolve (see TextTokenizer)
  return new Tokenizer(config, {}) as TextTokenizer;
}

/**
 * What this encoder uses of @huggingface/tokenizers. The package's .d.ts files import each other
 * without extensions, which nodenext resolution cannot follow, so its Tokenizer reads as an
 * unresolved type (any) here; this names the one call made on it.
 */
interface TextTokenizer {
  encode(text: string): { ids: number[] };
}
