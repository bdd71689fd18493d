import { scoresOf, trainBayesBaseline, UNCLASSIFIED, worstClasses, type ClassScore, type LabelledText } from '@frictionlens/nlp';
import { stageProgress } from './evaluate-progress.js';
import type { EvaluatedPrediction, LoadedModel, ModelKind, TrainedModel } from './model-kinds.js';

export const OUT_OF_SCOPE_LABEL = 'oos';
const SPEED_SECONDS = 2;
/** Texts per call when predicting the test set, and when measuring batched speed: a service batch. */
export const PREDICTION_BATCH = 32;

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
  /** The open-set decision's threshold on its unknown score (encoder models that have it). */
  openSetThreshold?: number;
  inScopeAccuracy?: number;
  oosRecall?: number;
  /** Share of in-scope test texts (every text, without an "oos" label) answered unclassified. */
  inScopeUnclassifiedRate: number;
  /** With a second opinion (`--second-opinion`): share of test texts the second model decided. */
  secondOpinionShare?: number;
  worstClasses: Array<Pick<ClassScore, 'label' | 'f1' | 'precision' | 'recall' | 'support'>>;
  trainSeconds: number;
  modelBytes: number;
  /** Loading the model file, plus the encoder's ONNX session when it has one. */
  loadMs: number;
  /** One text per call, synchronously (linear); batches of 32 end to end (encoder). */
  predictionsPerSecond: number;
  /** The sentence encoder (encoder kind only). */
  encoder?: string;
  /** The batched figure per second of this process's CPU time: what one core of its own would do (encoder kind only). */
  predictionsPerCpuSecond?: number;
  /** One text per call, embedding included (encoder kind only). */
  singlePredictionsPerSecond?: number;
  /** Training again from the embeddings the first training computed (encoder kind only). */
  retrainFromEmbeddingsSeconds?: number;
  /** The process's peak resident memory after training, loading and predicting (before the baseline). */
  peakRssMb: number;
  /** Peak resident memory of a process that only loads the model and classifies (the service's share). */
  servingPeakRssMb?: number;
  baselineAccuracy: number;
  baselineInScopeAccuracy?: number;
  baselineTrainSeconds: number;
  baselineTestSeconds: number;
}

/** One test text's prediction, for --predictions. */
export interface TestPrediction {
  /** Row of the test file (0-based, data rows only, blank rows left out). */
  index: number;
  label: string;
  prediction: EvaluatedPrediction;
}

export interface EvaluationOptions {
  /** Measures the peak memory of a process that only serves the stored model (see servingPeakRssMb). */
  servingRss?: (bytes: Uint8Array, texts: readonly string[]) => Promise<number>;
}

/** Trains, stores, loads and tests one model kind, then the naive Bayes baseline, on one split. */
export async function runEvaluation(modelName: string, kind: ModelKind, train: LabelledText[], test: LabelledText[], options: EvaluationOptions = {}): Promise<EvaluationFigures & { predictions: TestPrediction[] }> {
  const progress = stageProgress('training');
  let started = performance.now();
  const trained = await kind.train(train, progress).finally(progress.stop);
  const trainSeconds = (performance.now() - started) / 1000;
  const retrainFromEmbeddingsSeconds = trained.retrain && (await retrainSeconds(trained.retrain));
  const { bytes } = trained;
  started = performance.now();
  const model = await kind.load(bytes);
  const loadMs = performance.now() - started;

  const hasOutOfScope = test.some((e) => e.label === OUT_OF_SCOPE_LABEL);
  const predictions = await predictAll(model, test);
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
    ...(model.openSetThreshold !== undefined && { openSetThreshold: model.openSetThreshold }),
    ...(hasOutOfScope && outOfScopeFigures(truth, decided)),
    inScopeUnclassifiedRate: inScopeUnclassifiedRateOf(truth, predictions),
    ...(predictions.some((p) => p.secondOpinion !== undefined) && { secondOpinionShare: share(predictions, (p) => p.secondOpinion === true) }),
    worstClasses: worstClasses(scores, 10).map(({ label, f1, precision, recall, support }) => ({ label, f1, precision, recall, support })),
    trainSeconds,
    modelBytes: bytes.length,
    loadMs,
    ...(await speedFigures(model, test)),
    ...(retrainFromEmbeddingsSeconds !== undefined && { retrainFromEmbeddingsSeconds }),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...(options.servingRss && { servingPeakRssMb: await options.servingRss(bytes, test.map((e) => e.text)) }),
    ...baselineFigures(train, test, hasOutOfScope),
  };
  await model.close();
  return { ...figures, predictions: predictions.map((prediction, index) => ({ index, label: truth[index]!, prediction })) };
}

/** Share of the texts not labelled "oos" that were answered unclassified. */
export function inScopeUnclassifiedRateOf(truth: readonly string[], predictions: readonly Pick<EvaluatedPrediction, 'unclassified'>[]): number {
  const inScope = truth.map((label, i) => i).filter((i) => truth[i] !== OUT_OF_SCOPE_LABEL);
  return inScope.length === 0 ? 0 : inScope.filter((i) => predictions[i]!.unclassified).length / inScope.length;
}

async function retrainSeconds(retrain: NonNullable<TrainedModel['retrain']>): Promise<number> {
  const progress = stageProgress('retraining from the stored embeddings');
  const started = performance.now();
  await retrain(progress).finally(progress.stop);
  return (performance.now() - started) / 1000;
}

// In batches of 32 in file order, as the service would get them.
async function predictAll(model: LoadedModel, test: LabelledText[]): Promise<EvaluatedPrediction[]> {
  const progress = stageProgress('testing');
  try {
    const predictions: EvaluatedPrediction[] = [];
    for (let start = 0; start < test.length; start += PREDICTION_BATCH) {
      if (start % 512 === 0) progress({ stage: 'predictions', done: start, total: test.length });
      predictions.push(...(await model.predictBatch(test.slice(start, start + PREDICTION_BATCH).map((e) => e.text))));
    }
    progress({ stage: 'predictions', done: test.length, total: test.length });
    return predictions;
  } finally {
    progress.stop();
  }
}

type SpeedFigures = Pick<EvaluationFigures, 'predictionsPerSecond' | 'encoder' | 'predictionsPerCpuSecond' | 'singlePredictionsPerSecond'>;

async function speedFigures(model: LoadedModel, test: LabelledText[]): Promise<SpeedFigures> {
  const texts = test.map((e) => e.text);
  if (model.predictSync) return { predictionsPerSecond: predictionsPerSecond(model.predictSync, texts) };
  const batched = await batchedSpeed(model, texts, PREDICTION_BATCH);
  return {
    encoder: model.encoder,
    predictionsPerSecond: batched.perSecond,
    predictionsPerCpuSecond: batched.perCpuSecond,
    singlePredictionsPerSecond: (await batchedSpeed(model, texts, 1)).perSecond,
  };
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
function predictionsPerSecond(predict: (text: string) => EvaluatedPrediction, texts: string[]): number {
  process.stderr.write(`measuring predictions per second (${SPEED_SECONDS} s after warm-up)\n`);
  for (let i = 0; i < Math.max(texts.length, 2000); i++) predict(texts[i % texts.length]!);
  let count = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < SPEED_SECONDS * 1000) {
    for (let i = 0; i < 250; i++) predict(texts[(count + i) % texts.length]!);
    count += 250;
    elapsed = performance.now() - started;
  }
  return Math.round(count / (elapsed / 1000));
}

// `batch` texts per call (embedding, features and scoring: end to end), cycling through the test
// texts after a warm-up; the encoder runs on one thread. Per wall-clock second, and per second of
// this process's CPU time (on a machine shared with other work the two part).
async function batchedSpeed(model: LoadedModel, texts: string[], batch: number): Promise<{ perSecond: number; perCpuSecond: number }> {
  process.stderr.write(`measuring predictions per second, ${batch} text(s) per call (${SPEED_SECONDS} s after warm-up)\n`);
  const slice = (at: number) => Array.from({ length: batch }, (_, i) => texts[(at + i) % texts.length]!);
  for (let at = 0; at < 256; at += batch) await model.predictBatch(slice(at));
  let count = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < SPEED_SECONDS * 1000) {
    await model.predictBatch(slice(count));
    count += batch;
    elapsed = performance.now() - started;
  }
  const { user, system } = process.cpuUsage(cpu);
  return { perSecond: Math.round(count / (elapsed / 1000)), perCpuSecond: Math.round(count / ((user + system) / 1e6)) };
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
