import type { DemandType } from '@frictionlens/contracts';

/** A friction category as it stands in one taxonomy version. */
export interface Category {
  /** Stable key: the label the classifier learns and reports. */
  key: string;
  name: string;
  description: string | null;
  demandType: DemandType;
  /** Key of the parent category in the same version, if any. */
  parent: string | null;
  /** The kind of failure (e.g. `progress-chasing`), for failure demand. */
  failureType: string | null;
  /** Keyword and phrase rules: a cold start with no examples, and a hint beside the model. */
  rules: string[];
  /** What the taxonomy's source said beside the category (value stream, step, note, …). */
  attributes: Record<string, unknown>;
}

/** An example text of a category, ready to store. */
export interface CategoryExample {
  categoryKey: string;
  text: string;
}
