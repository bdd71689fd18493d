import { availableParallelism } from 'node:os';
import {
  loadEncoder,
  SecondOpinionClassifier,
  TextClassifier,
  trainSecondOpinion,
  trainTextClassifier,
  type Encoder,
  type EncoderIdentity,
  type LabelledText,
  type TrainingProgress,
} from '@frictionlens/nlp';
import { evaluatedOf, type LoadedModel, type ModelKind, type ModelKindSettings } from './model-kind.js';

// Texts per embed call while training: a multiple of the encoder's window (32), so the batches
// are those of one call over every text, with progress in between.
const EMBED_CHUNK = 1024;

/**
 * TF-IDF features beside a frozen sentence encoder's embedding. Training embeds every training
 * text (the same batching rule as prediction, on two threads like the SVMs); retraining reuses
 * those embeddings; loading opens a fresh ONNX session on one thread, as a service starting up would.
 * With `secondOpinion`, a second model reads that encoder's embedding beside the fast one's, for
 * the texts the fast model is unsure are ours (SecondOpinionClassifier).
 */
export function encoderModelKind(settings: ModelKindSettings): ModelKind {
  const open = (name: string, sessions: number) => loadEncoder({ name, folder: settings.modelsFolder, sessions });
  const openSet = settings.openSetFlagShare ? { openSet: { flagShare: settings.openSetFlagShare } } : {};
  return {
    train: async (examples, onProgress) => {
      const sessions = Math.min(2, availableParallelism());
      const embeddings = await embeddingsOf(await open(settings.encoder, sessions), examples, onProgress);
      const extra = settings.secondOpinion ? await embeddingsOf(await open(settings.secondOpinion, sessions), examples, onProgress) : undefined;
      const train = (progress: (p: TrainingProgress) => void) =>
        extra ? trainSecondOpinion(examples, { embeddings, extra }, { onProgress: progress, ...openSet }) : trainTextClassifier(examples, { onProgress: progress, embeddings, ...openSet });
      return { bytes: train(onProgress).serialise(), retrain: async (progress) => void train(progress) };
    },
    load: async (bytes) => {
      const encoder = await open(settings.encoder, 1);
      if (!settings.secondOpinion) return singleModel(TextClassifier.deserialise(bytes, { encoder }), encoder);
      const extra = await open(settings.secondOpinion, 1);
      return secondOpinionModel(SecondOpinionClassifier.deserialise(bytes, { encoder, extraEncoder: extra }), encoder, extra);
    },
  };
}

function singleModel(classifier: TextClassifier, encoder: Encoder): LoadedModel {
  return {
    ...thresholdsOf(classifier),
    encoder: encoder.name,
    predictBatch: async (texts) => {
      const embeddings = await encoder.embed(texts);
      return texts.map((text, i) => evaluatedOf(classifier.predict(text, { embedding: embeddings[i]! })));
    },
    close: () => encoder.close(),
  };
}

// Every text through the fast encoder and model; the unsure ones through the second encoder too,
// in one call per batch, and the second model decides them.
function secondOpinionModel(classifier: SecondOpinionClassifier, encoder: Encoder, extra: Encoder): LoadedModel {
  return {
    ...thresholdsOf(classifier.first),
    encoder: `${encoder.name} (second opinion: ${encoder.name}+${extra.name})`,
    predictBatch: async (texts) => {
      const embeddings = await encoder.embed(texts);
      const first = texts.map((text, i) => classifier.first.predict(text, { embedding: embeddings[i]! }));
      const unsure = first.flatMap((prediction, i) => (classifier.wantsSecondOpinion(prediction) ? [i] : []));
      const extraEmbeddings = unsure.length > 0 ? await extra.embed(unsure.map((i) => texts[i]!)) : [];
      const answers = first.map((prediction) => ({ ...evaluatedOf(prediction), secondOpinion: false }));
      unsure.forEach((i, j) => (answers[i] = { ...evaluatedOf(classifier.secondOpinion(texts[i]!, embeddings[i]!, extraEmbeddings[j]!)), secondOpinion: true }));
      return answers;
    },
    close: async () => {
      await encoder.close();
      await extra.close();
    },
  };
}

function thresholdsOf(classifier: TextClassifier): Pick<LoadedModel, 'threshold' | 'openSetThreshold'> {
  return { threshold: classifier.threshold, ...(classifier.openSetThreshold !== undefined && { openSetThreshold: classifier.openSetThreshold }) };
}

// Every training text's embedding; the encoder is closed before the SVMs train (its sessions'
// memory is not needed for that).
async function embeddingsOf(encoder: Encoder, examples: readonly LabelledText[], onProgress: (progress: TrainingProgress) => void): Promise<{ encoder: EncoderIdentity; vectors: Float32Array[] }> {
  const identity: EncoderIdentity = { name: encoder.name, checksum: encoder.checksum, dimensions: encoder.dimensions };
  const stage = `embeddings (${encoder.name})`;
  const vectors: Float32Array[] = [];
  try {
    for (let start = 0; start < examples.length; start += EMBED_CHUNK) {
      onProgress({ stage, done: start, total: examples.length });
      vectors.push(...(await encoder.embed(examples.slice(start, start + EMBED_CHUNK).map((e) => e.text))));
    }
  } finally {
    await encoder.close();
  }
  onProgress({ stage, done: examples.length, total: examples.length });
  return { encoder: identity, vectors };
}
