import type { FeatureOptions } from '../features/feature-options.js';
import type { Vocabulary } from '../features/vocabulary.js';
import type { LinearModel } from '../models/one-vs-rest.js';
import type { OpenSetModel } from '../models/open-set.js';
import type { QuantisedWeights } from '../models/quantise.js';
import type { KeywordRule } from '../rules/keyword-rules.js';
import type { EmbeddingBlock } from './embedding-block.js';

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
}
