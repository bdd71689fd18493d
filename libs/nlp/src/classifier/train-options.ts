import type { EncoderIdentity } from '../encoder/encoder-identity.js';
import type { FeatureOptions } from '../features/feature-options.js';
import type { SvmLoss } from '../models/dual-coordinate-descent.js';
import type { OpenSetFit } from '../models/open-set.js';
import type { HeldOutPick } from '../models/stratified-split.js';
import type { HeldOutFigures, HeldOutPrediction } from '../models/threshold.js';
import type { KeywordRule } from '../rules/keyword-rules.js';

export interface LabelledText {
  text: string;
  label: string;
}

/** Sentence embeddings of the examples, for an `encoder` model (stored ones will do: no encoder runs). */
export interface TrainingEmbeddings {
  /** The encoder that made them: the model records it and refuses any other. */
  encoder: EncoderIdentity;
  /** One per example, in the examples' order, made by the same batching rule as at prediction. */
  vectors: readonly Float32Array[];
  /** α, the embedding's scale beside the TF-IDF blocks; by default the best of EMBEDDING_SCALES on held-out rows. */
  scale?: number;
}

/**
 * Embeddings of categories' names and descriptions (turned into words). A category among them
 * with no examples is scored by the similarity of a text's embedding to its description's; with
 * fewer than two categories with examples the model is of prototypes alone (docs/classifier.md).
 * The categories with examples are used to fit how the similarity maps onto the model's scores.
 */
export interface CategoryDescriptions {
  /** The encoder that made them (the one of `embeddings`, when both are given). */
  encoder: EncoderIdentity;
  categories: ReadonlyArray<{ label: string; vector: Float32Array }>;
}

export interface TrainingProgress {
  /** 'features' | 'held-out fit' | 'calibration' | 'final fit' */
  stage: string;
  done: number;
  total: number;
}

export interface TrainOptions {
  /** Label of out-of-scope examples (default 'oos'); predicting it means unclassified. */
  outOfScopeLabel?: string;
  /** Keyword rules that rescue unsure predictions (see TextClassifier.predict). */
  rules?: KeywordRule[];
  /** Seed of every random choice (split, descent order); same data and seed, same model. */
  seed?: number;
  /** SVM cost (default 1; 0.5 with embeddings). */
  C?: number;
  /** 'l2' squared hinge (default) or 'l1' hinge. */
  loss?: SvmLoss;
  /** Weigh classes equally however many examples each has (default true). */
  balanced?: boolean;
  features?: Partial<FeatureOptions>;
  /** Share of each class held out to fit temperature and threshold (default 0.2). */
  heldOutFraction?: number;
  /**
   * Which of a class's examples are held out (default `latest`: the last ones in the order given,
   * the newest when examples come in the order they arrived; see HeldOutPick).
   */
  heldOut?: HeldOutPick;
  /** Fixed unclassified threshold instead of the tuned one. */
  threshold?: number;
  /**
   * How much held-out in-scope accuracy the threshold may cost (default 0.0025, a quarter of a point).
   * The threshold rejects low-confidence predictions; each one it rejects that was right is lost.
   */
  maxAccuracyLoss?: number;
  /** Threads for the SVMs (default 2, or 1 when the machine has one core). */
  threads?: number;
  /** Sentence embeddings beside the TF-IDF features: trains an `encoder` model. */
  embeddings?: TrainingEmbeddings;
  /** Categories' descriptions: those without examples are classified by similarity to them. */
  descriptions?: CategoryDescriptions;
  /**
   * The open-set decision of an `encoder` model (fitted on the held-out rows by default; `false`
   * leaves it out and keeps the confidence threshold alone). `maxAccuracyLoss` caps what it may
   * cost of held-out in-scope accuracy; `onFit` sees what was fitted (held-out outcomes included).
   * `flagShare`, for data without out-of-scope examples: the share of held-out in-scope texts the
   * decision flags as unknown (default 0: it only scores and the confidence threshold decides);
   * above 0 the decision replaces the confidence threshold (docs/classifier.md).
   */
  openSet?: false | { maxAccuracyLoss?: number; flagShare?: number; onFit?: (fit: OpenSetFit) => void };
  onProgress?: (progress: TrainingProgress) => void;
  /**
   * Receives the held-out figures of the calibration model and its prediction for each held-out
   * text at the tuned threshold (not called with too few examples to hold out).
   */
  onHeldOut?: (figures: HeldOutFigures, predictions: readonly HeldOutPrediction[]) => void;
}
