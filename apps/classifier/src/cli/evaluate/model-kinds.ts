import { TextClassifier, trainTextClassifier } from '@frictionlens/nlp';
import { encoderModelKind } from './encoder-model-kind.js';
import { DEFAULT_MODEL_KIND_SETTINGS, evaluatedOf, type ModelKind, type ModelKindSettings } from './model-kind.js';

export type { EvaluatedPrediction, LoadedModel, ModelKind, ModelKindSettings, TrainedModel } from './model-kind.js';

const linear = (): ModelKind => ({
  train: async (examples, onProgress) => ({ bytes: trainTextClassifier(examples, { onProgress }).serialise() }),
  load: async (bytes) => {
    const classifier = TextClassifier.deserialise(bytes);
    // Explanations included: the figures are for predictions as the service makes them.
    const predictSync = (text: string) => evaluatedOf(classifier.predict(text));
    return { threshold: classifier.threshold, predictSync, predictBatch: async (texts) => texts.map(predictSync), close: async () => undefined };
  },
});

const MODEL_KINDS = { linear, encoder: encoderModelKind } satisfies Record<string, (settings: ModelKindSettings) => ModelKind>;

export const MODEL_KIND_NAMES = Object.keys(MODEL_KINDS) as ReadonlyArray<keyof typeof MODEL_KINDS>;

export function modelKindOf(name: string, settings: ModelKindSettings = DEFAULT_MODEL_KIND_SETTINGS): ModelKind {
  const kind = (MODEL_KINDS as Record<string, (settings: ModelKindSettings) => ModelKind>)[name];
  if (!kind) throw new RangeError(`unknown model kind "${name}" (known: ${MODEL_KIND_NAMES.join(', ')})`);
  return kind(settings);
}
