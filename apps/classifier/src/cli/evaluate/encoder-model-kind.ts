import { availableParallelism } from 'node:os';
import { loadEncoder, TextClassifier, trainTextClassifier, type Encoder, type EncoderIdentity, type LabelledText, type TrainingProgress } from '@frictionlens/nlp';
import { evaluatedOf, type ModelKind, type ModelKindSettings } from './model-kind.js';

// Texts per embed call while training: a multiple of the encoder's window (32), so the batches
// are those of one call over every text, with progress in between.
const EMBED_CHUNK = 1024;

/**
 * TF-IDF features beside a frozen sentence encoder's embedding. Training embeds every training
 * text (the same batching rule as prediction, on two threads like the SVMs); retraining reuses
 * those embeddings; loading opens a fresh ONNX session on one thread, as a service starting up would.
 */
export function encoderModelKind(settings: ModelKindSettings): ModelKind {
  const open = (sessions: number) => loadEncoder({ name: settings.encoder, folder: settings.modelsFolder, sessions });
  return {
    train: async (examples, onProgress) => {
      const encoder = await open(Math.min(2, availableParallelism()));
      const identity: EncoderIdentity = { name: encoder.name, checksum: encoder.checksum, dimensions: encoder.dimensions };
      // Closed before the SVMs train: its sessions' memory is not needed for that.
      const vectors = await embedAll(encoder, examples, onProgress).finally(() => encoder.close());
      const openSet = settings.openSetFlagShare ? { openSet: { flagShare: settings.openSetFlagShare } } : {};
      const classifier = trainTextClassifier(examples, { onProgress, embeddings: { encoder: identity, vectors }, ...openSet });
      const retrain = async (progress: (p: TrainingProgress) => void) => void trainTextClassifier(examples, { onProgress: progress, embeddings: { encoder: identity, vectors }, ...openSet });
      return { bytes: classifier.serialise(), retrain };
    },
    load: async (bytes) => {
      const encoder = await open(1);
      const classifier = TextClassifier.deserialise(bytes, { encoder });
      return {
        threshold: classifier.threshold,
        ...(classifier.openSetThreshold !== undefined && { openSetThreshold: classifier.openSetThreshold }),
        encoder: encoder.name,
        predictBatch: async (texts) => {
          const embeddings = await encoder.embed(texts);
          return texts.map((text, i) => evaluatedOf(classifier.predict(text, { embedding: embeddings[i]! })));
        },
        close: () => encoder.close(),
      };
    },
  };
}

async function embedAll(encoder: Encoder, examples: readonly LabelledText[], onProgress: (progress: TrainingProgress) => void): Promise<Float32Array[]> {
  const stage = `embeddings (${encoder.name})`;
  const vectors: Float32Array[] = [];
  for (let start = 0; start < examples.length; start += EMBED_CHUNK) {
    onProgress({ stage, done: start, total: examples.length });
    vectors.push(...(await encoder.embed(examples.slice(start, start + EMBED_CHUNK).map((e) => e.text))));
  }
  onProgress({ stage, done: examples.length, total: examples.length });
  return vectors;
}
