import { withDenseColumns } from '../features/dense-columns.js';
import { DEFAULT_FEATURE_OPTIONS, type FeatureOptions } from '../features/feature-options.js';
import { Featuriser } from '../features/featuriser.js';
import { rowsOf, sparseMatrixOf, type SparseMatrix } from '../features/sparse-matrix.js';
import { buildVocabulary } from '../features/vocabulary.js';
import { fitTemperature, softmaxInto } from '../models/calibration.js';
import type { SvmSettings } from '../models/dual-coordinate-descent.js';
import { decisionValuesOf, type LinearModel, type OneVsRestResult } from '../models/one-vs-rest.js';
import { trainOneVsRestInParallel } from '../models/parallel-one-vs-rest.js';
import { centroidsOf, fitOpenSet, type OpenSetModel } from '../models/open-set.js';
import { dequantiseWeights, quantiseWeights } from '../models/quantise.js';
import { stratifiedSplit, type Split } from '../models/stratified-split.js';
import { heldOutFiguresOf, heldOutPredictionsOf, tuneThreshold, type HeldOutOutcome } from '../models/threshold.js';
import type { KeywordRule } from '../rules/keyword-rules.js';
import { DEFAULT_ZERO_SHOT_MAP, fitZeroShotMap, PROTOTYPE_TEMPERATURE, prototypeOf, unitLength, zeroShotScoresInto, type ZeroShotMap } from '../models/zero-shot.js';
import type { ClassifierState, ZeroShotBlock } from './classifier-state.js';
import type { EmbeddingBlock } from './embedding-block.js';
import { TextClassifier, UNCLASSIFIED } from './text-classifier.js';
import type { CategoryDescriptions, LabelledText, TrainingEmbeddings, TrainingProgress, TrainOptions } from './train-options.js';

const DEFAULT_MAX_ACCURACY_LOSS = 0.0025;
/**
 * How much held-out in-scope accuracy the open-set decision of an encoder model may cost by
 * default: one point, chosen on CLINC150 validation (docs/classifier.md). The held-out texts are
 * each category's newest (HeldOutPick), so a point lost there is about a point lost on new texts.
 */
export const DEFAULT_OPEN_SET_MAX_ACCURACY_LOSS = 0.01;
// Below this many held-out texts a fitted temperature or threshold would be noise.
const MIN_HELD_OUT = 30;
/** Scales α of the embedding tried on the held-out rows (the TF-IDF blocks have length 1 each). */
export const EMBEDDING_SCALES: readonly number[] = [1, 1.5, 2, 3];
// Used when there are too few examples to hold any out.
const DEFAULT_EMBEDDING_SCALE = 2;
// SVM cost with embeddings, unless given: best on held-out training data of BANKING77 and
// CLINC150 among 0.3, 0.5 and 1 (docs/encoder.md).
const DEFAULT_EMBEDDING_C = 0.5;

/**
 * With categories known only by their description, a model of prototypes alone (each category's
 * description with its examples' embeddings, nearest by cosine) when the others have fewer than
 * this many examples each on average; above, the linear model with the described categories
 * beside it. Measured on BANKING77 train (10 shots, half the categories described only: 0.674
 * against 0.626; 30 shots: 0.673 against 0.678, and 0.794 against 0.853 with a tenth described).
 */
export const PROTOTYPES_BELOW_EXAMPLES_PER_LABEL = 20;

/** Thrown when examples cannot make a classifier (too few labels, a reserved label). */
export class TrainingDataError extends Error {}

/**
 * Trains the linear classifier: features, a model on most of the data to fit the temperature and
 * threshold on the rest, then the final model on all of it (warm-started from the first).
 * With `embeddings`, each text's sentence embedding × α joins its TF-IDF features (α chosen on
 * the held-out rows). With no examples, rules alone make the classifier.
 */
export function trainTextClassifier(examples: readonly LabelledText[], options: TrainOptions = {}): TextClassifier {
  const described = describedOnlyOf(examples, options);
  const labelled = new Set(examples.map((e) => e.label)).size;
  if (described.length > 0 && (labelled < 2 || examples.length < PROTOTYPES_BELOW_EXAMPLES_PER_LABEL * labelled)) return prototypesOnlyClassifier(examples, options);
  if (examples.length === 0) {
    if (options.rules?.length) return rulesOnlyClassifier(options.rules);
    throw new TrainingDataError('no examples and no rules to learn from');
  }
  const labels = labelsOf(examples);
  const featureOptions: FeatureOptions = { ...DEFAULT_FEATURE_OPTIONS, ...options.features };
  const progress = options.onProgress ?? (() => undefined);
  const seed = options.seed ?? 1;
  const vocabulary = buildVocabulary(examples.map((e) => e.text), featureOptions);
  const sparse = featureMatrixOf(examples, new Featuriser(vocabulary, featureOptions), progress);
  if (options.embeddings) assertEmbeddingsFit(options.embeddings, examples.length);

  const index = new Map(labels.map((label, k) => [label, k]));
  const targets = Int32Array.from(examples, (e) => index.get(e.label)!);
  const outOfScopeLabel = labels.includes(options.outOfScopeLabel ?? 'oos') ? (options.outOfScopeLabel ?? 'oos') : undefined;
  const fit = { settings: svmSettingsOf(options), seed, balanced: options.balanced ?? true, threads: options.threads };
  const { matrix, calibration, scale } = options.embeddings
    ? calibrateWithEmbeddings(sparse, options.embeddings, targets, labels, outOfScopeLabel, fit, options)
    : { matrix: sparse, calibration: calibrate(sparse, targets, labels, outOfScopeLabel, fit, options), scale: undefined };
  const openSet: OpenSetModel | undefined =
    calibration.openSet && options.embeddings ? { ...calibration.openSet, centroids: centroidsOf(options.embeddings.vectors, targets, labels.length) } : undefined;

  const final = trainOneVsRestInParallel(matrix, targets, labels.length, {
    ...fit,
    warmStart: calibration.warmStart,
    onClassDone: (done, total) => progress({ stage: 'final fit', done, total }),
  });
  const { words, embedding } = splitWeights(final.model, sparse.columns, options.embeddings, scale);
  const zeroShot = described.length > 0 && embedding ? zeroShotBlockOf(described, options.descriptions!, calibration.zeroShotMap ?? DEFAULT_ZERO_SHOT_MAP) : undefined;
  const quantised = quantiseWeights(words);
  const model: LinearModel = { ...words, weights: dequantiseWeights(quantised, labels.length) };
  const state: ClassifierState = {
    labels: zeroShot ? [...labels, ...described] : labels,
    outOfScopeLabel,
    featureOptions,
    vocabulary,
    model,
    quantised,
    temperature: calibration.temperature,
    threshold: options.threshold ?? calibration.threshold,
    rules: options.rules ?? [],
    ...(embedding && { embedding }),
    ...(embedding && openSet && { openSet }),
    ...(zeroShot && { zeroShot }),
  };
  return new TextClassifier(state);
}

// The described categories with no examples (sorted), when there are embeddings to compare them
// with: the examples' (an encoder model) or none at all (a model of prototypes alone).
function describedOnlyOf(examples: readonly LabelledText[], options: TrainOptions): string[] {
  const { descriptions } = options;
  if (!descriptions) return [];
  if (options.embeddings && options.embeddings.encoder.checksum !== descriptions.encoder.checksum) {
    throw new TrainingDataError(`the descriptions were embedded by "${descriptions.encoder.name}", the examples by "${options.embeddings.encoder.name}"`);
  }
  const wrong = descriptions.categories.find((c) => c.vector.length !== descriptions.encoder.dimensions);
  if (wrong) throw new TrainingDataError(`the description of "${wrong.label}" has ${wrong.vector.length} dimensions; "${descriptions.encoder.name}" gives ${descriptions.encoder.dimensions}`);
  const withExamples = new Set(examples.map((e) => e.label));
  if (withExamples.size >= 2 && !options.embeddings) return [];
  const labels = descriptions.categories.map((c) => c.label).filter((label) => !withExamples.has(label) && label !== UNCLASSIFIED);
  return [...new Set(labels)].sort();
}

function zeroShotBlockOf(labels: readonly string[], descriptions: CategoryDescriptions, map: ZeroShotMap): ZeroShotBlock {
  const { name, checksum, dimensions } = descriptions.encoder;
  const prototypes = new Float32Array(labels.length * dimensions);
  labels.forEach((label, j) => prototypes.set(unitLength(descriptions.categories.find((c) => c.label === label)!.vector), j * dimensions));
  return { encoder: { name, checksum, dimensions }, prototypes, map };
}

/**
 * A cold start with descriptions: fewer than two categories have examples, or few each (see
 * PROTOTYPES_BELOW_EXAMPLES_PER_LABEL), so every category is a
 * prototype (its description's embedding, with its examples' when it has some, the description
 * counting as one example) and a text goes to the nearest by cosine, at a fixed temperature.
 * No confidence threshold unless one is given: with nothing held out there is nothing to tune it on.
 */
function prototypesOnlyClassifier(examples: readonly LabelledText[], options: TrainOptions): TextClassifier {
  const descriptions = options.descriptions!;
  if (examples.length > 0) {
    if (!options.embeddings) throw new TrainingDataError('examples without their embeddings cannot join the descriptions of a model of prototypes');
    assertEmbeddingsFit(options.embeddings, examples.length);
  }
  const labels = [...new Set([...descriptions.categories.map((c) => c.label), ...examples.map((e) => e.label)])].sort();
  if (labels.includes(UNCLASSIFIED)) throw new TrainingDataError(`"${UNCLASSIFIED}" is reserved for texts the classifier will not label`);
  if (labels.length < 2) throw new TrainingDataError(`at least two categories are needed (got ${labels.length})`);
  const { name, checksum, dimensions } = descriptions.encoder;
  const prototypes = new Float32Array(labels.length * dimensions);
  labels.forEach((label, j) => {
    const description = descriptions.categories.find((c) => c.label === label)?.vector;
    const own = examples.flatMap((e, row) => (e.label === label ? [options.embeddings!.vectors[row]!] : []));
    prototypes.set(prototypeOf(description, own), j * dimensions);
  });
  const outOfScopeLabel = options.outOfScopeLabel ?? 'oos';
  const empty = buildVocabulary([], DEFAULT_FEATURE_OPTIONS);
  return new TextClassifier({
    labels,
    outOfScopeLabel: labels.includes(outOfScopeLabel) ? outOfScopeLabel : undefined,
    featureOptions: DEFAULT_FEATURE_OPTIONS,
    vocabulary: empty,
    model: undefined,
    quantised: undefined,
    temperature: PROTOTYPE_TEMPERATURE,
    threshold: options.threshold ?? 0,
    rules: options.rules ?? [],
    zeroShot: { encoder: { name, checksum, dimensions }, prototypes, map: { slope: 1, offset: 0 } },
  });
}

/** A cold-start classifier: rules alone, until there are labelled examples. */
export function rulesOnlyClassifier(rules: readonly KeywordRule[]): TextClassifier {
  const labels = [...new Set(rules.map((rule) => rule.label))];
  const empty = buildVocabulary([], DEFAULT_FEATURE_OPTIONS);
  // Only an unambiguous match (one label) is accepted by default; ties stay unclassified.
  return new TextClassifier({
    labels,
    outOfScopeLabel: undefined,
    featureOptions: DEFAULT_FEATURE_OPTIONS,
    vocabulary: empty,
    model: undefined,
    quantised: undefined,
    temperature: 1,
    threshold: 1,
    rules,
  });
}

// Sorted, so the weight columns do not depend on the order of the examples.
function labelsOf(examples: readonly LabelledText[]): string[] {
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (labels.includes(UNCLASSIFIED)) throw new TrainingDataError(`"${UNCLASSIFIED}" is reserved for texts the classifier will not label`);
  if (labels.length < 2) throw new TrainingDataError(`at least two labels are needed (got ${labels.length})`);
  return labels;
}

function featureMatrixOf(examples: readonly LabelledText[], featuriser: Featuriser, progress: (p: TrainingProgress) => void): SparseMatrix {
  const total = examples.length;
  const matrix = sparseMatrixOf(total, featuriser.featureCount, (row) => {
    if (row % 1000 === 0) progress({ stage: 'features', done: row, total });
    return featuriser.featurise(examples[row]!.text);
  });
  progress({ stage: 'features', done: total, total });
  return matrix;
}

function svmSettingsOf(options: TrainOptions): SvmSettings {
  if (options.embeddings && options.C === undefined) return svmSettingsOf({ ...options, C: DEFAULT_EMBEDDING_C });
  return { C: options.C ?? 1, loss: options.loss ?? 'l2', bias: 1, epsilon: 0.1, maxIterations: 1000 };
}

interface Calibration {
  temperature: number;
  threshold: number;
  warmStart?: (k: number) => Float64Array | undefined;
  /** The open-set decision fitted on the held-out rows (its centroids come from all rows later). */
  openSet?: Omit<OpenSetModel, 'centroids'>;
  /** How similarity to a description maps onto decision values, fitted on the held-out rows. */
  zeroShotMap?: ZeroShotMap;
}

type FitOptions = { settings: SvmSettings; seed: number; balanced: boolean; threads: number | undefined };

// Fits a model without the held-out rows, then the temperature and threshold on those rows.
function calibrate(matrix: SparseMatrix, targets: Int32Array, labels: string[], outOfScopeLabel: string | undefined, fit: FitOptions, options: TrainOptions): Calibration {
  const split = stratifiedSplit(targets, options.heldOutFraction ?? 0.2, fit.seed, options.heldOut);
  if (split.heldOut.length < MIN_HELD_OUT) return { temperature: 1, threshold: 2 / labels.length };
  const heldOut = fitHeldOut(matrix, targets, labels.length, split, fit, options, 'held-out fit');
  return calibrationOf(heldOut, labels, outOfScopeLabel, options, matrix.rows);
}

interface HeldOutFit {
  split: Split;
  partial: OneVsRestResult;
  /** Decision values of the held-out rows, row-major. */
  scores: Float32Array;
  targets: Int32Array;
  /** The targets of every row (fitted and held out). */
  fullTargets: Int32Array;
}

function fitHeldOut(matrix: SparseMatrix, targets: Int32Array, classes: number, split: Split, fit: FitOptions, options: TrainOptions, stage: string, warmStart?: Float64Array[]): HeldOutFit {
  const progress = options.onProgress ?? (() => undefined);
  const fitTargets = Int32Array.from(split.fit, (row) => targets[row]!);
  const partial = trainOneVsRestInParallel(rowsOf(matrix, split.fit), fitTargets, classes, {
    ...fit,
    ...(warmStart && { warmStart: (k: number) => warmStart[k] }),
    onClassDone: (done, total) => progress({ stage, done, total }),
  });
  const heldOutTargets = Int32Array.from(split.heldOut, (row) => targets[row]!);
  return { split, partial, scores: decisionValuesOf(partial.model, rowsOf(matrix, split.heldOut)), targets: heldOutTargets, fullTargets: targets };
}

// The temperature and threshold from the held-out rows' decision values. With the embeddings of
// an encoder model, the open-set decision too: when it rejects (the data has out-of-scope texts)
// it decides what is unclassified, and the confidence threshold is 0 unless one is given.
function calibrationOf(heldOut: HeldOutFit, labels: string[], outOfScopeLabel: string | undefined, options: TrainOptions, rows: number, vectors?: readonly Float32Array[]): Calibration {
  const progress = options.onProgress ?? (() => undefined);
  const { split, partial, scores, targets: heldOutTargets } = heldOut;
  progress({ stage: 'calibration', done: 0, total: 1 });
  const temperature = fitTemperature(scores, heldOutTargets, labels.length);
  const outOfScope = outOfScopeLabel ? labels.indexOf(outOfScopeLabel) : -1;
  let outcomes = heldOutOutcomesOf(scores, heldOutTargets, labels.length, temperature, outOfScope);
  let threshold = tuneThreshold(outcomes, options.maxAccuracyLoss ?? DEFAULT_MAX_ACCURACY_LOSS);
  let served = options.threshold ?? threshold;
  let openSet: Calibration['openSet'];
  if (vectors && options.openSet !== false) {
    const fitTargets = Int32Array.from(split.fit, (row) => heldOut.fullTargets[row]!);
    const fitted = fitOpenSet(
      {
        scores,
        targets: heldOutTargets,
        embeddings: split.heldOut.map((row) => vectors[row]!),
        centroids: centroidsOf(split.fit.map((row) => vectors[row]!), fitTargets, labels.length),
        classes: labels.length,
        temperature,
        outOfScope,
      },
      { maxAccuracyLoss: options.openSet?.maxAccuracyLoss ?? DEFAULT_OPEN_SET_MAX_ACCURACY_LOSS, flagShare: options.openSet?.flagShare },
    );
    openSet = { weights: fitted.weights, threshold: fitted.threshold };
    options.openSet?.onFit?.(fitted);
    // A decision that rejects (the data had out-of-scope texts) replaces the confidence threshold;
    // one that only scores leaves it in place.
    if (fitted.threshold < 1) threshold = 0;
    if (fitted.threshold < 1 && options.threshold === undefined) {
      // The figures of the decision as served: confidence stands for 1 − unknown probability.
      outcomes = fitted.outcomes;
      served = 1 - fitted.threshold;
    }
  }
  if (options.onHeldOut) {
    options.onHeldOut(heldOutFiguresOf(outcomes, served), heldOutPredictionsOf(outcomes, heldOutTargets, topLabelsOf(scores, labels.length), labels, served));
  }
  progress({ stage: 'calibration', done: 1, total: 1 });
  return { temperature, threshold, warmStart: warmStartOf(split, partial.alphas, rows), ...(openSet && { openSet }) };
}

function assertEmbeddingsFit(embeddings: TrainingEmbeddings, examples: number): void {
  const { vectors, encoder } = embeddings;
  if (vectors.length !== examples) throw new TrainingDataError(`${vectors.length} embeddings for ${examples} examples`);
  const wrong = vectors.findIndex((v) => v.length !== encoder.dimensions);
  if (wrong >= 0) throw new TrainingDataError(`embedding ${wrong} has ${vectors[wrong]!.length} dimensions; "${encoder.name}" gives ${encoder.dimensions}`);
}

// Tries each α on the held-out rows (each fit warm-started from the last) and keeps the most
// accurate; its held-out model fits the temperature and threshold as without embeddings.
function calibrateWithEmbeddings(
  sparse: SparseMatrix,
  embeddings: TrainingEmbeddings,
  targets: Int32Array,
  labels: string[],
  outOfScopeLabel: string | undefined,
  fit: FitOptions,
  options: TrainOptions,
): { matrix: SparseMatrix; calibration: Calibration; scale: number } {
  const split = stratifiedSplit(targets, options.heldOutFraction ?? 0.2, fit.seed, options.heldOut);
  if (split.heldOut.length < MIN_HELD_OUT) {
    const scale = embeddings.scale ?? DEFAULT_EMBEDDING_SCALE;
    return { matrix: withDenseColumns(sparse, embeddings.vectors, scale), calibration: { temperature: 1, threshold: 2 / labels.length }, scale };
  }
  let best: { scale: number; matrix: SparseMatrix; heldOut: HeldOutFit; accuracy: number } | undefined;
  let previous: HeldOutFit | undefined;
  for (const scale of embeddings.scale === undefined ? EMBEDDING_SCALES : [embeddings.scale]) {
    const matrix = withDenseColumns(sparse, embeddings.vectors, scale);
    const heldOut = fitHeldOut(matrix, targets, labels.length, split, fit, options, `held-out fit (embedding × ${scale})`, previous?.partial.alphas);
    const accuracy = topAccuracyOf(heldOut.scores, heldOut.targets, labels.length);
    if (!best || accuracy > best.accuracy) best = { scale, matrix, heldOut, accuracy };
    previous = heldOut;
  }
  const calibration = calibrationOf(best!.heldOut, labels, outOfScopeLabel, options, sparse.rows, embeddings.vectors);
  const zeroShotMap = options.descriptions?.categories.some((c) => !labels.includes(c.label)) ? zeroShotMapOf(best!.heldOut, embeddings.vectors, labels, calibration.temperature, options.descriptions!) : undefined;
  return { matrix: best!.matrix, calibration: { ...calibration, ...(zeroShotMap && { zeroShotMap }) }, scale: best!.scale };
}

// The map of description similarity onto decision values, fitted on the held-out rows of the
// categories that have both examples and a description (models/zero-shot.ts).
function zeroShotMapOf(heldOut: HeldOutFit, vectors: readonly Float32Array[], labels: string[], temperature: number, descriptions: CategoryDescriptions): ZeroShotMap | undefined {
  const classes = labels.length;
  const { dimensions } = descriptions.encoder;
  const own = new Float32Array(classes * dimensions);
  const has = labels.map((label, k) => {
    const vector = descriptions.categories.find((c) => c.label === label)?.vector;
    if (vector) own.set(unitLength(vector), k * dimensions);
    return vector !== undefined;
  });
  const rows = heldOut.split.heldOut;
  const cosines = new Float64Array(rows.length * classes);
  const row = new Float64Array(classes);
  rows.forEach((r, i) => {
    zeroShotScoresInto(own, vectors[r]!, { slope: 1, offset: 0 }, row, 0);
    for (let k = 0; k < classes; k++) cosines[i * classes + k] = has[k] ? row[k]! : Number.NaN;
  });
  const cold = new Set(descriptions.categories.map((c) => c.label).filter((label) => !labels.includes(label) && label !== UNCLASSIFIED)).size;
  return fitZeroShotMap({ scores: heldOut.scores, targets: heldOut.targets, classes, cosines, temperature, coldShare: cold / (cold + classes) });
}

// Each row's highest-scoring label (the softmax keeps the order, so it is the top probability's).
function topLabelsOf(scores: Float32Array, classes: number): Int32Array {
  const top = new Int32Array(scores.length / classes);
  for (let row = 0; row < top.length; row++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (scores[row * classes + k]! > scores[row * classes + best]!) best = k;
    top[row] = best;
  }
  return top;
}

function topAccuracyOf(scores: Float32Array, targets: Int32Array, classes: number): number {
  let right = 0;
  targets.forEach((target, row) => {
    let best = 0;
    for (let k = 1; k < classes; k++) if (scores[row * classes + k]! > scores[row * classes + best]!) best = k;
    if (best === target) right++;
  });
  return right / Math.max(targets.length, 1);
}

// The trained weights of the TF-IDF features (quantised later), and those of the embedding's
// columns after them (kept in float32: a few hundred per class).
function splitWeights(trained: LinearModel, columns: number, embeddings: TrainingEmbeddings | undefined, scale: number | undefined): { words: LinearModel; embedding?: EmbeddingBlock } {
  if (!embeddings || scale === undefined) return { words: trained };
  const { classes, weights, biases } = trained;
  const { name, checksum, dimensions } = embeddings.encoder;
  return {
    words: { classes, features: columns, weights: weights.slice(0, columns * classes), biases },
    embedding: { encoder: { name, checksum, dimensions }, scale, weights: weights.slice(columns * classes) },
  };
}

function heldOutOutcomesOf(scores: Float32Array, targets: Int32Array, classes: number, temperature: number, outOfScope: number): HeldOutOutcome[] {
  const probabilities = new Float64Array(classes);
  return Array.from(targets, (target, row) => {
    softmaxInto(scores, row * classes, classes, temperature, probabilities);
    let best = 0;
    for (let k = 1; k < classes; k++) if (probabilities[k]! > probabilities[best]!) best = k;
    return { confidence: probabilities[best]!, correct: best === target, outOfScope: target === outOfScope, predictsOutOfScope: best === outOfScope };
  });
}

// The held-out fit's dual variables, placed at their rows of the whole matrix (0 for held-out rows).
function warmStartOf(split: Split, alphas: Float64Array[], rows: number): (k: number) => Float64Array {
  return (k) => {
    const alpha = new Float64Array(rows);
    split.fit.forEach((row, i) => (alpha[row] = alphas[k]![i]!));
    return alpha;
  };
}
