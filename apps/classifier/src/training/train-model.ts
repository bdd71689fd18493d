import { rulesOnlyClassifier, trainTextClassifier, type LabelledText, type TextClassifier } from '@frictionlens/nlp';
import { checksumOf, holdOut, modelKindFor, type TrainedModel, type TrainingInput, type TrainingProgress } from './training-plan.js';

const HELD_OUT_FRACTION = 0.2;
const MIN_HELD_OUT = 20;

/**
 * Trains the model a taxonomy and its examples call for, with held-out figures: a linear model
 * when there are examples of at least two categories, otherwise the keyword rules alone. The
 * figures come from a model trained on 80% and tested on the other 20%; the stored model is then
 * trained on everything.
 */
export function trainModel(input: TrainingInput, onProgress: TrainingProgress = () => undefined): TrainedModel {
  const started = performance.now();
  const kind = modelKindFor(input.examples);
  if (kind === 'rules') {
    const artefact = rulesOnlyClassifier(input.rules).serialise();
    return { kind, artefact, checksum: checksumOf(artefact), evaluation: { examples: input.examples.length, rules: input.rules.length, heldOut: null } };
  }
  const { train, test } = holdOut(input.examples, HELD_OUT_FRACTION);
  const heldOut = test.length >= MIN_HELD_OUT ? scoreOn(trainTextClassifier(train, { rules: input.rules }), test) : null;
  onProgress({ stage: 'held-out evaluation', done: 1, total: 1 });
  const model = trainTextClassifier(input.examples, { rules: input.rules, onProgress });
  const artefact = model.serialise();
  return {
    kind,
    artefact,
    checksum: checksumOf(artefact),
    evaluation: {
      examples: input.examples.length,
      labels: input.labelCount,
      categories: model.labels.length,
      threshold: model.threshold,
      heldOut,
      trainSeconds: Math.round((performance.now() - started) / 10) / 100,
    },
  };
}

interface HeldOutFigures {
  examples: number;
  accuracy: number;
  unclassifiedRate: number;
  /** Accuracy over the held-out examples the model did not send to review. */
  acceptedAccuracy: number;
}

function scoreOn(model: TextClassifier, test: LabelledText[]): HeldOutFigures {
  let correct = 0;
  let unclassified = 0;
  let acceptedCorrect = 0;
  for (const example of test) {
    const prediction = model.predict(example.text, { topK: 1, explainTerms: 0 });
    if (prediction.unclassified) unclassified++;
    else if (prediction.label === example.label) acceptedCorrect++;
    if (prediction.label === example.label) correct++;
  }
  const accepted = test.length - unclassified;
  return {
    examples: test.length,
    accuracy: round(correct / test.length),
    unclassifiedRate: round(unclassified / test.length),
    acceptedAccuracy: accepted ? round(acceptedCorrect / accepted) : 0,
  };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
