import { modelChecksum, rulesOnlyClassifier, trainTextClassifier, type HeldOutFigures } from '@frictionlens/nlp';
import { modelKindFor, type TrainedModel, type TrainingInput, type TrainingProgress } from './training-plan.js';

/**
 * Trains the model a taxonomy and its examples call for: a linear model when there are examples
 * of at least two categories, otherwise the keyword rules alone. Its figures are those of the
 * calibration model, trained on 80% of the examples and tested on the other 20%.
 */
export function trainModel(input: TrainingInput, onProgress: TrainingProgress = () => undefined): TrainedModel {
  const started = performance.now();
  const kind = modelKindFor(input.examples);
  if (kind === 'rules') {
    const artefact = rulesOnlyClassifier(input.rules).serialise();
    return { kind, artefact, checksum: modelChecksum(artefact), evaluation: { examples: input.examples.length, rules: input.rules.length, heldOut: null } };
  }
  let heldOut: HeldOutFigures | null = null;
  const model = trainTextClassifier(input.examples, { rules: input.rules, onProgress, onHeldOut: (figures) => (heldOut = figures) });
  const artefact = model.serialise();
  return {
    kind,
    artefact,
    checksum: modelChecksum(artefact),
    evaluation: {
      examples: input.examples.length,
      labels: input.labelCount,
      categories: model.labels.length,
      threshold: model.threshold,
      temperature: model.temperature,
      heldOut,
      trainSeconds: Math.round((performance.now() - started) / 10) / 100,
    },
  };
}
