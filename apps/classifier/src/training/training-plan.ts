import type { KeywordRule, LabelledText, TrainingProgress as NlpTrainingProgress } from '@frictionlens/nlp';
import type { ModelKind } from '@frictionlens/persistence';

/** What a training run starts from: the taxonomy's rules and every labelled example. */
export interface TrainingInput {
  taxonomyVersionId: number;
  rules: KeywordRule[];
  examples: LabelledText[];
  /** Reviewers' labels among the examples. */
  labelCount: number;
}

export interface TrainedModel {
  kind: ModelKind;
  artefact: Uint8Array;
  checksum: string;
  evaluation: Record<string, unknown>;
}

export type TrainingProgress = (progress: NlpTrainingProgress) => void;

// A linear model needs at least two categories with examples; below that, the taxonomy's
// keyword rules are the whole model (a cold start).
const MIN_LABELS_FOR_LINEAR = 2;

export function modelKindFor(examples: LabelledText[]): ModelKind {
  return new Set(examples.map((e) => e.label)).size >= MIN_LABELS_FOR_LINEAR ? 'linear' : 'rules';
}
