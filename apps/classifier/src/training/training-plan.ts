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
  /** The sentence encoder to train an `encoder` model with; without it, a TF-IDF model. */
  encoder?: TrainingEncoder;
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

/** `rules` below two categories with examples; above, `encoder` when a sentence encoder is at hand, else `linear`. */
export function modelKindFor(examples: LabelledText[], withEncoder = false): ModelKind {
  if (new Set(examples.map((e) => e.label)).size < MIN_LABELS_FOR_LINEAR) return 'rules';
  return withEncoder ? 'encoder' : 'linear';
}
