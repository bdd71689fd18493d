import { TextClassifier, trainTextClassifier, type LabelledText, type TrainingProgress } from '@frictionlens/nlp';

/** What the evaluation needs from one prediction. */
export interface EvaluatedPrediction {
  /** The decided label, or a marker of "unclassified". */
  label: string;
  unclassified: boolean;
  /** The model's most probable label, before any unclassified threshold. */
  topLabel: string;
}

export interface LoadedModel {
  predict(text: string): EvaluatedPrediction;
  /** The confidence below which it answers unclassified, when it has one. */
  threshold?: number;
}

/** A kind of classifier the evaluation can train, store and load. */
export interface ModelKind {
  /** Trains on the examples and returns the model as stored (its serialised bytes). */
  train(examples: LabelledText[], onProgress: (progress: TrainingProgress) => void): Promise<Uint8Array>;
  load(bytes: Uint8Array): Promise<LoadedModel>;
}

const linear: ModelKind = {
  train: async (examples, onProgress) => trainTextClassifier(examples, { onProgress }).serialise(),
  load: async (bytes) => {
    const classifier = TextClassifier.deserialise(bytes);
    return {
      threshold: classifier.threshold,
      // Explanations included: the figures are for predictions as the service makes them.
      predict: (text) => {
        const prediction = classifier.predict(text);
        return { label: prediction.label, unclassified: prediction.unclassified, topLabel: prediction.top[0]?.label ?? prediction.label };
      },
    };
  },
};

const MODEL_KINDS = { linear } satisfies Record<string, ModelKind>;

export const MODEL_KIND_NAMES = Object.keys(MODEL_KINDS) as ReadonlyArray<keyof typeof MODEL_KINDS>;

export function modelKindOf(name: string): ModelKind {
  const kind = (MODEL_KINDS as Record<string, ModelKind>)[name];
  if (!kind) throw new RangeError(`unknown model kind "${name}" (known: ${MODEL_KIND_NAMES.join(', ')})`);
  return kind;
}
