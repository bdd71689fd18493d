import type { KeywordRule, LabelledText, TrainingProgress as NlpTrainingProgress } from '@frictionlens/nlp';
import type { DemandType } from '@frictionlens/contracts';
import type { ModelKind } from '@frictionlens/persistence';

/** What a training run starts from: the taxonomy's rules and every labelled example. */
export interface TrainingInput {
  taxonomyVersionId: number;
  rules: KeywordRule[];
  examples: LabelledText[];
  /** Reviewers' labels among the examples. */
  labelCount: number;
  /** Each category's demand type, for the held-out confusion by demand type (left out without it). */
  demandTypes?: Record<string, DemandType>;
  /**
   * Each category's name and description in words (`categoryDescriptionText`): with the encoder,
   * the categories that have no examples yet are classified by similarity to theirs.
   */
  descriptions?: Array<{ label: string; text: string }>;
  /** The sentence encoder to train an `encoder` model with; without it, a TF-IDF model. */
  encoder?: TrainingEncoder;
  /**
   * The label of the examples that are of none of the categories (contacts of themes nobody made
   * a category: training/out-of-scope-examples.ts). Predicting it leaves a text unclassified, and
   * the held-out ones fit the confidence threshold and the open-set decision.
   */
  outOfScopeLabel?: string;
  /** With no out-of-scope examples: the share of held-out in-scope texts the open-set decision flags (TrainOptions.openSet.flagShare). */
  openSetFlagShare?: number;
}

/** Where the training thread finds the encoder, which one it must be, and the embeddings stored already. */
export interface TrainingEncoder {
  name: string;
  folder: string;
  /** The checksum the service's own encoder has: the training thread refuses files that differ. */
  checksum: string;
  dimensions: number;
  /** One per example, in order: the stored embedding, or null where the text must be embedded. */
  stored: Array<Float32Array | null>;
}

export interface TrainedModel {
  kind: ModelKind;
  artefact: Uint8Array;
  checksum: string;
  evaluation: Record<string, unknown>;
  /** Embeddings computed by this training (the examples that had none stored), by example index. */
  embedded?: Array<{ index: number; vector: Float32Array }>;
}

export type TrainingProgress = (progress: NlpTrainingProgress) => void;

// A linear model needs at least two categories with examples; below that, the taxonomy's
// keyword rules are the whole model (a cold start).
const MIN_LABELS_FOR_LINEAR = 2;

/**
 * `rules` below two categories with examples; above, `encoder` when a sentence encoder is at hand,
 * else `linear`. With the encoder and at least two categories described (`categories`: how many
 * the taxonomy has), `encoder` from the first: the described categories are classified by
 * similarity to their descriptions until examples arrive.
 */
export function modelKindFor(examples: LabelledText[], withEncoder = false, categories = 0): ModelKind {
  // "Not one of ours" counts as a label: one category and the rest is a classifier already.
  const labelled = new Set(examples.map((e) => e.label)).size;
  if (withEncoder && Math.max(labelled, categories) >= MIN_LABELS_FOR_LINEAR) return 'encoder';
  if (labelled < MIN_LABELS_FOR_LINEAR) return 'rules';
  return withEncoder ? 'encoder' : 'linear';
}

/**
 * What a category's prototype is made of: its name (the key in words when it has none) and its
 * description, e.g. "Card arrival. The customer asks when the card will arrive."
 */
export function categoryDescriptionText(category: { key: string; name?: string | null; description?: string | null }): string {
  const name = category.name?.trim() || category.key.replace(/[_.-]+/g, ' ').replace(/\s+/g, ' ').trim();
  const description = category.description?.trim();
  return description ? `${name.replace(/[.!?]$/, '')}. ${description}` : name;
}
