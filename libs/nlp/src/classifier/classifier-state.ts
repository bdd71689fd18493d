import type { FeatureOptions } from '../features/feature-options.js';
import type { Vocabulary } from '../features/vocabulary.js';
import type { LinearModel } from '../models/one-vs-rest.js';
import type { OpenSetModel } from '../models/open-set.js';
import type { QuantisedWeights } from '../models/quantise.js';
import type { KeywordRule } from '../rules/keyword-rules.js';
import type { EmbeddingBlock } from './embedding-block.js';
import type { EncoderIdentity } from '../encoder/encoder-identity.js';
import type { ZeroShotMap } from '../models/zero-shot.js';

/**
 * Categories scored by the similarity of the text's embedding to a prototype: for a model with a
 * linear part, the categories that had no examples (the last labels, after the model's classes),
 * each prototype the embedding of its name and description; for a model of prototypes alone, every
 * label. A category's score is map.slope × cosine + map.offset.
 */
export interface ZeroShotBlock {
  readonly encoder: EncoderIdentity;
  /** Unit-length prototypes, one per label after the linear model's classes, row-major. */
  readonly prototypes: Float32Array;
  readonly map: ZeroShotMap;
}

/** Everything a trained classifier is made of; what the model file stores. */
export interface ClassifierState {
  /** The model's labels, in weight-column order; empty for a classifier of rules alone. */
  readonly labels: readonly string[];
  /** The label that marks out-of-scope texts, when the training data had it. */
  readonly outOfScopeLabel: string | undefined;
  readonly featureOptions: FeatureOptions;
  readonly vocabulary: Vocabulary;
  /** The linear model (with the weights the quantised form stands for), or none for rules alone. */
  readonly model: LinearModel | undefined;
  readonly quantised: QuantisedWeights | undefined;
  /** Softmax temperature fitted on held-out data. */
  readonly temperature: number;
  /** Below this confidence a prediction is unclassified. */
  readonly threshold: number;
  readonly rules: readonly KeywordRule[];
  /** The sentence-embedding block of an `encoder` model; none for the TF-IDF model alone. */
  readonly embedding?: EmbeddingBlock;
  /** The open-set decision of an `encoder` model (models trained before it have none). */
  readonly openSet?: OpenSetModel;
  /** Categories known by their description (or prototypes alone); models trained before it have none. */
  readonly zeroShot?: ZeroShotBlock;
}
