import { DEFAULT_ENCODER, type LabelledText, type Prediction, type TrainingProgress } from '@frictionlens/nlp';

/** What the evaluation needs from one prediction. */
export interface EvaluatedPrediction {
  /** The decided label, or a marker of "unclassified". */
  label: string;
  unclassified: boolean;
  /** The model's most probable label, before any unclassified threshold. */
  topLabel: string;
  /** Calibrated probability of the model's label (the rule confidence when rules decided). */
  confidence: number;
  /** The open-set score: probability of none of the categories (encoder models that have the decision). */
  unknown?: number;
  /** With a second opinion: whether the second model decided this text. */
  secondOpinion?: boolean;
}

export interface LoadedModel {
  /** Classifies texts together, as the service does one batch of contacts. */
  predictBatch(texts: readonly string[]): Promise<EvaluatedPrediction[]>;
  /** One text, synchronously, for a model that needs nothing asynchronous (no encoder). */
  predictSync?: (text: string) => EvaluatedPrediction;
  /** The confidence below which it answers unclassified, when it has one. */
  threshold?: number;
  /** The open-set score above which it answers unclassified, when it has the decision. */
  openSetThreshold?: number;
  /** The sentence encoder it runs, when it runs one. */
  encoder?: string;
  close(): Promise<void>;
}

export interface TrainedModel {
  /** The model as stored (its serialised bytes). */
  bytes: Uint8Array;
  /** Trains the same model again from what the first training computed once (the embeddings). */
  retrain?: (onProgress: (progress: TrainingProgress) => void) => Promise<void>;
}

/** A kind of classifier the evaluation can train, store and load. */
export interface ModelKind {
  train(examples: LabelledText[], onProgress: (progress: TrainingProgress) => void): Promise<TrainedModel>;
  load(bytes: Uint8Array): Promise<LoadedModel>;
}

export interface ModelKindSettings {
  /** Sentence encoder of the `encoder` kind (a name of ENCODERS, or several joined by "+"). */
  encoder: string;
  /** Where tools/models/fetch.sh put the encoders. */
  modelsFolder: string;
  /** The `encoder` kind's open-set flag share for data without out-of-scope texts (TrainOptions.openSet.flagShare; default 0). */
  openSetFlagShare?: number;
  /** A second encoder, read beside the first for the texts the first model is unsure of (SecondOpinionClassifier). */
  secondOpinion?: string;
}

export const DEFAULT_MODEL_KIND_SETTINGS: ModelKindSettings = { encoder: DEFAULT_ENCODER, modelsFolder: '.frictionlens/models' };

/** The fields the evaluation reads from a library prediction. */
export function evaluatedOf(prediction: Prediction): EvaluatedPrediction {
  return {
    label: prediction.label,
    unclassified: prediction.unclassified,
    topLabel: prediction.top[0]?.label ?? prediction.label,
    confidence: prediction.confidence,
    ...(prediction.unknown !== undefined && { unknown: prediction.unknown }),
  };
}

