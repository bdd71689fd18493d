import { createHash } from 'node:crypto';
import type { KeywordRule, LabelledText } from '@frictionlens/nlp';
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

export type TrainingProgress = (progress: { stage: string; done: number; total: number }) => void;

// A linear model needs at least two categories with examples; below that, the taxonomy's
// keyword rules are the whole model (a cold start).
const MIN_LABELS_FOR_LINEAR = 2;

export function modelKindFor(examples: LabelledText[]): ModelKind {
  return new Set(examples.map((e) => e.label)).size >= MIN_LABELS_FOR_LINEAR ? 'linear' : 'rules';
}

export function checksumOf(artefact: Uint8Array): string {
  return createHash('sha256').update(artefact).digest('hex');
}

/**
 * A seeded, stratified split: about `fraction` of each category's examples are held out, and
 * categories with fewer than 5 examples stay wholly in training (too few to judge them by).
 */
export function holdOut(examples: LabelledText[], fraction: number, seed = 7): { train: LabelledText[]; test: LabelledText[] } {
  const byLabel = new Map<string, LabelledText[]>();
  for (const example of examples) byLabel.set(example.label, [...(byLabel.get(example.label) ?? []), example]);
  const train: LabelledText[] = [];
  const test: LabelledText[] = [];
  let state = seed >>> 0 || 1;
  const next = () => ((state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32);
  for (const group of byLabel.values()) {
    const shuffled = group.map((e) => ({ e, r: next() })).sort((a, b) => a.r - b.r).map((x) => x.e);
    const held = group.length >= 5 ? Math.max(1, Math.round(group.length * fraction)) : 0;
    test.push(...shuffled.slice(0, held));
    train.push(...shuffled.slice(held));
  }
  return { train, test };
}
