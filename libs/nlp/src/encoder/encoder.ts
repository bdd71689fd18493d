import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_ENCODER, encoderPartsOf, type EncoderSpec } from './encoder-registry.js';
import { joinedIdentity, type EncoderIdentity } from './encoder-identity.js';
import { concatenateNormalised } from './pooling.js';

/** A frozen sentence encoder: texts in, L2-normalised embeddings out. */
export interface Encoder extends EncoderIdentity {
  /**
   * One embedding per text, in order. Deterministic: the same texts in the same order give the
   * same vectors (see lengthBatchesOf for the batching rule). Not for concurrent calls.
   */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /** Frees the ONNX sessions. */
  close(): Promise<void>;
}

export interface LoadEncoderOptions {
  /** A name of ENCODERS, or several joined by "+" (default all-minilm-l6-v2-q). */
  name?: string;
  /** The models folder: <folder>/<name>/model.onnx and tokenizer.json (tools/models/fetch.sh). */
  folder: string;
  /** Texts sorted by length together (default 32, a service batch). */
  window?: number;
  /** Texts per ONNX run inside a window (default 4: the fastest on one core, ahead of 1, 2, 8 and 32). */
  batch?: number;
  /**
   * ONNX sessions, each on a thread of its own, sharing the windows of one embed call (default 1,
   * a live classifier's one core; more for embedding a training set). The vectors do not change.
   */
  sessions?: number;
}

/** The encoder's files are not there: the one thing to do is fetch them. */
export class EncoderNotFoundError extends Error {}

export const DEFAULT_WINDOW = 32;
export const DEFAULT_BATCH = 4;

/** Loads an encoder's ONNX session(s) and tokenizer; onnxruntime is imported only here. */
export async function loadEncoder(options: LoadEncoderOptions): Promise<Encoder> {
  const name = options.name ?? DEFAULT_ENCODER;
  const parts = encoderPartsOf(name);
  for (const part of parts) await assertFetched(part.name, join(options.folder, part.spec.folder));
  const { OnnxEncoder } = await import('./onnx-encoder.js');
  const settings = { window: options.window ?? DEFAULT_WINDOW, batch: options.batch ?? DEFAULT_BATCH, sessions: options.sessions ?? 1 };
  const loaded = await Promise.all(parts.map(async (part) => OnnxEncoder.load(part.name, part.spec, await filesOf(options.folder, part.spec), settings)));
  return loaded.length === 1 ? loaded[0]! : combined(name, loaded);
}

async function assertFetched(name: string, folder: string): Promise<void> {
  try {
    await Promise.all([access(join(folder, 'model.onnx')), access(join(folder, 'tokenizer.json'))]);
  } catch {
    throw new EncoderNotFoundError(`sentence encoder "${name}" is not in ${folder}: run \`npm run models:fetch\` (needs Maven) to fetch it`);
  }
}

export interface EncoderFiles {
  onnx: Uint8Array;
  checksum: string;
  tokenizer: unknown;
}

async function filesOf(folder: string, spec: EncoderSpec): Promise<EncoderFiles> {
  const onnx = await readFile(join(folder, spec.folder, 'model.onnx'));
  const tokenizer: unknown = JSON.parse(await readFile(join(folder, spec.folder, 'tokenizer.json'), 'utf8'));
  return { onnx, checksum: createHash('sha256').update(onnx).digest('hex'), tokenizer };
}

// Encoders joined by "+": each embeds every text, the vectors go side by side.
function combined(name: string, parts: Encoder[]): Encoder {
  const { checksum, dimensions } = joinedIdentity(parts);
  return {
    name,
    dimensions,
    checksum,
    embed: async (texts) => {
      const each: Float32Array[][] = [];
      for (const part of parts) each.push(await part.embed(texts));
      return texts.map((_, i) => concatenateNormalised(each.map((vectors) => vectors[i]!)));
    },
    close: async () => {
      for (const part of parts) await part.close();
    },
  };
}
