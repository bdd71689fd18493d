export interface ClassScore {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Test texts with this true label. */
  support: number;
}

export interface Scores {
  accuracy: number;
  macroF1: number;
  /** Per class, for every label that occurs as truth or prediction, in label order. */
  classes: ClassScore[];
}

/**
 * Accuracy, macro-F1 and per-class precision/recall/F1 of predicted against true labels.
 * A label that is only ever predicted (such as "unclassified") lowers precision elsewhere but is
 * not a class of its own in the macro average.
 */
export function scoresOf(truth: readonly string[], predicted: readonly string[]): Scores {
  if (truth.length !== predicted.length) throw new RangeError(`${truth.length} true labels but ${predicted.length} predictions`);
  const tally = new Map<string, { tp: number; fp: number; fn: number }>();
  const of = (label: string) => tally.get(label) ?? tally.set(label, { tp: 0, fp: 0, fn: 0 }).get(label)!;
  let correct = 0;
  truth.forEach((label, i) => {
    const guess = predicted[i]!;
    if (guess === label) {
      correct++;
      of(label).tp++;
    } else {
      of(label).fn++;
      of(guess).fp++;
    }
  });
  const trueLabels = new Set(truth);
  const classes = [...tally.keys()]
    .filter((label) => trueLabels.has(label))
    .sort()
    .map((label) => classScoreOf(label, tally.get(label)!));
  const macroF1 = classes.reduce((sum, c) => sum + c.f1, 0) / Math.max(classes.length, 1);
  return { accuracy: truth.length ? correct / truth.length : 0, macroF1, classes };
}

function classScoreOf(label: string, { tp, fp, fn }: { tp: number; fp: number; fn: number }): ClassScore {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { label, precision, recall, f1, support: tp + fn };
}

/** The `count` classes with the lowest F1 (then lowest recall, then label), worst first. */
export function worstClasses(scores: Scores, count = 10): ClassScore[] {
  return [...scores.classes].sort((a, b) => a.f1 - b.f1 || a.recall - b.recall || a.label.localeCompare(b.label)).slice(0, count);
}
