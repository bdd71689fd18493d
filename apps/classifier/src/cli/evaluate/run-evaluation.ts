import { scoresOf, trainBayesBaseline, UNCLASSIFIED, worstClasses, type ClassScore, type LabelledText } from '@frictionlens/nlp';
import { stageProgress } from './evaluate-progress.js';
import type { LoadedModel, ModelKind } from './model-kinds.js';

export const OUT_OF_SCOPE_LABEL = 'oos';
const SPEED_SECONDS = 2;

export interface EvaluationFigures {
  model: string;
  trainExamples: number;
  testExamples: number;
  labels: number;
  accuracy: number;
  macroF1: number;
  /** Accuracy of the most probable label, as if there were no unclassified answer. */
  top1Accuracy: number;
  /** Share of test texts given a label (not unclassified). */
  coverage: number;
  threshold: number | null;
  inScopeAccuracy?: number;
  oosRecall?: number;
  worstClasses: Array<Pick<ClassScore, 'label' | 'f1' | 'precision' | 'recall' | 'support'>>;
  trainSeconds: number;
  modelBytes: number;
  loadMs: number;
  predictionsPerSecond: number;
  baselineAccuracy: number;
  baselineInScopeAccuracy?: number;
  baselineTrainSeconds: number;
  baselineTestSeconds: number;
}

/** Trains, stores, loads and tests one model kind, then the naive Bayes baseline, on one split. */
export async function runEvaluation(modelName: string, kind: ModelKind, train: LabelledText[], test: LabelledText[]): Promise<EvaluationFigures> {
  const progress = stageProgress('training');
  let started = performance.now();
  const bytes = await kind.train(train, progress).finally(progress.stop);
  const trainSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const model = await kind.load(bytes);
  const loadMs = performance.now() - started;

  const hasOutOfScope = test.some((e) => e.label === OUT_OF_SCOPE_LABEL);
  const predictions = predictAll(model, test);
  // An unclassified answer is right for an out-of-scope text, wrong for any other.
  const decided = predictions.map((p) => (p.unclassified ? (hasOutOfScope ? OUT_OF_SCOPE_LABEL : UNCLASSIFIED) : p.label));
  const truth = test.map((e) => e.label);
  const scores = scoresOf(truth, decided);
  const figures: EvaluationFigures = {
    model: modelName,
    trainExamples: train.length,
    testExamples: test.length,
    labels: new Set(train.map((e) => e.label)).size,
    accuracy: scores.accuracy,
    macroF1: scores.macroF1,
    top1Accuracy: share(predictions, (p, i) => p.topLabel === truth[i]),
    coverage: share(predictions, (p) => !p.unclassified),
    threshold: model.threshold ?? null,
    ...(hasOutOfScope && outOfScopeFigures(truth, decided)),
    worstClasses: worstClasses(scores, 10).map(({ label, f1, precision, recall, support }) => ({ label, f1, precision, recall, support })),
    trainSeconds,
    modelBytes: bytes.length,
    loadMs,
    predictionsPerSecond: predictionsPerSecond(model, test),
    ...baselineFigures(train, test, hasOutOfScope),
  };
  return figures;
}

function predictAll(model: LoadedModel, test: LabelledText[]) {
  const progress = stageProgress('testing');
  try {
    const predictions = test.map((e, i) => {
      if (i % 500 === 0) progress({ stage: 'predictions', done: i, total: test.length });
      return model.predict(e.text);
    });
    progress({ stage: 'predictions', done: test.length, total: test.length });
    return predictions;
  } finally {
    progress.stop();
  }
}

function outOfScopeFigures(truth: string[], decided: string[]): { inScopeAccuracy: number; oosRecall: number } {
  const inScope = truth.map((label, i) => [label, decided[i]!] as const).filter(([label]) => label !== OUT_OF_SCOPE_LABEL);
  const outOfScope = truth.map((label, i) => [label, decided[i]!] as const).filter(([label]) => label === OUT_OF_SCOPE_LABEL);
  return {
    inScopeAccuracy: inScope.filter(([label, guess]) => label === guess).length / Math.max(inScope.length, 1),
    oosRecall: outOfScope.filter(([, guess]) => guess === OUT_OF_SCOPE_LABEL).length / Math.max(outOfScope.length, 1),
  };
}

// One text per call on this thread, cycling through the test texts after a warm-up pass.
function predictionsPerSecond(model: LoadedModel, test: LabelledText[]): number {
  process.stderr.write(`measuring predictions per second (${SPEED_SECONDS} s after warm-up)\n`);
  const texts = test.map((e) => e.text);
  for (let i = 0; i < Math.max(texts.length, 2000); i++) model.predict(texts[i % texts.length]!);
  let count = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < SPEED_SECONDS * 1000) {
    for (let i = 0; i < 250; i++) model.predict(texts[(count + i) % texts.length]!);
    count += 250;
    elapsed = performance.now() - started;
  }
  return Math.round(count / (elapsed / 1000));
}

function baselineFigures(train: LabelledText[], test: LabelledText[], hasOutOfScope: boolean) {
  const progress = stageProgress('baseline (natural BayesClassifier)');
  let started = performance.now();
  const bayes = trainBayesBaseline(train, progress);
  const baselineTrainSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const guesses = test.map((e, i) => {
    if (i % 250 === 0) progress({ stage: 'predictions', done: i, total: test.length });
    return bayes.classify(e.text);
  });
  progress({ stage: 'predictions', done: test.length, total: test.length });
  progress.stop();
  const baselineTestSeconds = (performance.now() - started) / 1000;
  const right = (i: number) => guesses[i] === test[i]!.label;
  const inScope = test.map((e, i) => i).filter((i) => test[i]!.label !== OUT_OF_SCOPE_LABEL);
  return {
    baselineAccuracy: share(test, (_, i) => right(i)),
    ...(hasOutOfScope && { baselineInScopeAccuracy: inScope.filter(right).length / Math.max(inScope.length, 1) }),
    baselineTrainSeconds,
    baselineTestSeconds,
  };
}

function share<T>(items: readonly T[], test: (item: T, index: number) => boolean): number {
  return items.length === 0 ? 0 : items.filter(test).length / items.length;
}
