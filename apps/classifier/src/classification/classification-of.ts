import { UNCLASSIFIED_CATEGORY } from '@frictionlens/contracts';
import type { Prediction } from '@frictionlens/nlp';
import type { ContactToClassify, NewClassification } from '@frictionlens/persistence';
import type { DemandType } from '../model/active-model.js';
import { NOT_OURS_LABEL } from '../training/out-of-scope-examples.js';

export interface ContactSignals {
  sentiment: number;
  /** Effort phrases found in the text ("again", "still waiting", ...). */
  effortCues: string[];
}

/** The cue recorded when the same customer got in touch within the repeat window before. */
export const REPEAT_CONTACT_CUE = 'repeat-contact';

/**
 * What is stored for one contact: the model's category (or `unclassified`), its demand type from
 * the taxonomy, the top alternatives, why, and the signals beside the category.
 */
export function classificationOf(
  contact: ContactToClassify,
  prediction: Prediction,
  demandTypeOf: ReadonlyMap<string, DemandType>,
  signals: ContactSignals,
): NewClassification {
  const category = prediction.unclassified ? UNCLASSIFIED_CATEGORY : prediction.label;
  return {
    contactId: contact.id,
    categoryKey: category,
    demandType: prediction.unclassified ? null : (demandTypeOf.get(category) ?? null),
    confidence: clampProbability(prediction.confidence),
    // "Not one of ours" is what the model learnt from undecided themes, not a category a reviewer
    // could pick: the alternatives stay the taxonomy's.
    top: prediction.top.filter((t) => t.label !== NOT_OURS_LABEL).map((t) => ({ category: t.label, probability: round(t.probability) })),
    explanation: {
      decidedBy: prediction.decidedBy,
      terms: prediction.terms.map((t) => ({ term: t.term, weight: round(t.weight) })),
      ...(prediction.rule ? { rule: prediction.rule } : {}),
    },
    sentiment: signals.sentiment,
    effortCues: contact.returningCustomer ? [...signals.effortCues, REPEAT_CONTACT_CUE] : signals.effortCues,
  };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
const clampProbability = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
