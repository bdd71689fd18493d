import { resolve } from 'node:path';
import { loadEncoder, type Encoder, type EncoderIdentity } from '@frictionlens/nlp';

/** Which sentence encoder the classifier runs and where its files are (CLASSIFIER_ENCODER, CLASSIFIER_MODELS_DIR). */
export interface EncoderSettings {
  /** A name of the NLP library's ENCODERS (or several joined by "+"), or `none`. */
  name: string;
  folder: string;
}

export const NO_ENCODER = 'none';

const PROBE_TEXT = 'my card has not arrived';

export function encoderSettingsOf(config: { CLASSIFIER_ENCODER: string; CLASSIFIER_MODELS_DIR: string }): EncoderSettings {
  return { name: config.CLASSIFIER_ENCODER, folder: config.CLASSIFIER_MODELS_DIR };
}

/**
 * The sentence encoder of this classifier instance, loaded once at start-up, or why there is
 * none (switched off, files not fetched, onnxruntime failed to load): then the TF-IDF model
 * serves. Calls to `embed` are queued, since one encoder is not for concurrent calls and
 * batches of several partitions arrive at once; one at a time is also one core's worth of CPU.
 */
export class ClassifierEncoder {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly settings: EncoderSettings,
    private readonly loaded: Encoder | undefined,
    /** Why there is no encoder (undefined when there is one). */
    readonly unavailableBecause: string | undefined,
  ) {}

  static async open(settings: EncoderSettings): Promise<ClassifierEncoder> {
    const absolute = { ...settings, folder: resolve(settings.folder) };
    if (settings.name === NO_ENCODER) return new ClassifierEncoder(absolute, undefined, `CLASSIFIER_ENCODER is ${NO_ENCODER}`);
    let encoder: Encoder | undefined;
    try {
      encoder = await loadEncoder({ name: settings.name, folder: absolute.folder, sessions: 1 });
      // One text through the graph at start-up: a runtime that loads but cannot run (a broken
      // native library, a foreign JavaScript realm as under Jest) is found here, not per batch.
      const [probe] = await encoder.embed([PROBE_TEXT]);
      if (probe?.length !== encoder.dimensions) throw new Error(`gave ${probe?.length ?? 0} dimensions instead of ${encoder.dimensions}`);
      return new ClassifierEncoder(absolute, encoder, undefined);
    } catch (error) {
      await encoder?.close().catch(() => undefined);
      const problem = error instanceof Error ? error.message : String(error);
      return new ClassifierEncoder(absolute, undefined, encoder ? `the sentence encoder ${settings.name} failed its test embedding: ${problem}` : problem);
    }
  }

  /** For tests and tools that run without an encoder. */
  static none(reason: string): ClassifierEncoder {
    return new ClassifierEncoder({ name: NO_ENCODER, folder: '' }, undefined, reason);
  }

  /** Name, checksum and size of the loaded encoder; undefined without one. */
  get identity(): EncoderIdentity | undefined {
    const e = this.loaded;
    return e && { name: e.name, checksum: e.checksum, dimensions: e.dimensions };
  }

  /** One unit vector per text, in order, by the library's batching rule; one call at a time. */
  embed(texts: readonly string[]): Promise<Float32Array[]> {
    const encoder = this.loaded;
    if (!encoder) return Promise.reject(new Error(`no sentence encoder: ${this.unavailableBecause}`));
    if (this.closed) return Promise.reject(new Error('the sentence encoder is closed (shutting down)'));
    const run = this.queue.then(() => encoder.embed(texts));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.loaded?.close();
  }

  /** Nest calls it on shutdown: the ONNX session's memory goes back. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}
