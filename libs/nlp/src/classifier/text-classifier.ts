import type { EncoderIdentity } from '../encoder/encoder-identity.js';
import { Featuriser, type SparseVector } from '../features/featuriser.js';
import { softmaxInto } from '../models/calibration.js';
import { centroidCosinesInto, OPEN_SET_FEATURE_COUNT, openSetFeaturesInto, unknownProbability } from '../models/open-set.js';
import { RuleBook, type RuleMatch } from '../rules/keyword-rules.js';
import type { ClassifierState } from './classifier-state.js';
import { addEmbeddingScores, assertEmbeddingFits, embeddingWeightOf, withMeaningTerm } from './embedding-block.js';
import { explainLabel, type TermWeight } from './explain.js';
import { ModelFileError, readModelFile, writeModelFile } from './model-file.js';
import { TextScorer } from './text-scorer.js';
import { zeroShotScoresInto } from '../models/zero-shot.js';

/** The label of a text the classifier will not put in any category. */
export const UNCLASSIFIED = 'unclassified';

export interface LabelProbability {
  label: string;
  probability: number;
}

export interface Prediction {
  /** The decided label, or UNCLASSIFIED. */
  label: string;
  unclassified: boolean;
  /** Calibrated probability of the model's label, or the rule confidence (1 / labels matched). */
  confidence: number;
  /** The most probable labels by the model (by the rules, for a classifier of rules alone). */
  top: LabelProbability[];
  /** Why: the text's terms that pushed the explained label up most, largest first. */
  terms: TermWeight[];
  decidedBy: 'model' | 'rule' | 'model+rule';
  rule?: RuleMatch;
  /**
   * The open-set decision's probability that the text is of none of the model's categories
   * (`encoder` models that have one); above the model's open-set threshold it is unclassified.
   */
  unknown?: number;
}

export interface PredictOptions {
  /** How many labels `top` lists (default 3). */
  topK?: number;
  /** How many terms explain the decision (default 5; 0 skips the work). */
  explainTerms?: number;
  /** Overrides the tuned threshold for this call. */
  threshold?: number;
  /** The text's embedding by the model's encoder: required by an `encoder` model, ignored otherwise. */
  embedding?: Float32Array;
}

export interface LoadOptions {
  /** The encoder that will embed the texts: refused unless it is the one the model was trained with. */
  encoder?: EncoderIdentity;
}

/** Below this share of words with a known stem, a TF-IDF model does not judge a text (see judge). */
export const MIN_KNOWN_WORD_SHARE = 0.5;

interface ModelVerdict {
  k: number;
  confidence: number;
  accepted: boolean;
  unknown?: number;
}

/**
 * A trained text classifier: linear model, calibration, unclassified threshold and keyword rules.
 * Not safe for concurrent use from several threads (it reuses scratch buffers); one per worker.
 */
export class TextClassifier {
  readonly labels: readonly string[];
  readonly threshold: number;
  private readonly featuriser: Featuriser;
  private readonly rules: RuleBook;
  private readonly scores: Float64Array;
  private readonly probabilities: Float64Array;
  private readonly scorer: TextScorer | undefined;
  private readonly cosines: Float64Array;
  private readonly openSetFeatures = new Float64Array(OPEN_SET_FEATURE_COUNT);
  private readonly outOfScope: number;
  /** Labels scored by the linear model; those after them are scored by their prototypes. */
  private readonly trainedClasses: number;

  constructor(private readonly state: ClassifierState) {
    this.labels = state.labels;
    this.threshold = state.threshold;
    this.featuriser = new Featuriser(state.vocabulary, state.featureOptions);
    this.rules = new RuleBook(state.rules);
    this.scorer = state.model && new TextScorer(state.model, state.vocabulary);
    this.scores = new Float64Array(state.labels.length);
    this.probabilities = new Float64Array(state.labels.length);
    this.trainedClasses = state.model?.classes ?? 0;
    this.cosines = new Float64Array(this.trainedClasses);
    this.outOfScope = state.outOfScopeLabel === undefined ? -1 : state.labels.indexOf(state.outOfScopeLabel);
  }

  /** The open-set decision's threshold on `Prediction.unknown`, for a model that has one. */
  get openSetThreshold(): number | undefined {
    return this.state.openSet?.threshold;
  }

  get temperature(): number {
    return this.state.temperature;
  }

  get outOfScopeLabel(): string | undefined {
    return this.state.outOfScopeLabel;
  }

  /** The sentence encoder whose embeddings this model needs (`encoder` models), or none. */
  get encoder(): EncoderIdentity | undefined {
    return this.state.embedding?.encoder ?? this.state.zeroShot?.encoder;
  }

  /** The labels scored by similarity to a prototype (their description, with their examples in a model of prototypes alone). */
  get byPrototype(): readonly string[] {
    return this.state.zeroShot ? this.labels.slice(this.trainedClasses) : [];
  }

  predict(text: string, options: PredictOptions = {}): Prediction {
    const threshold = options.threshold ?? this.threshold;
    const { model } = this.state;
    if ((!model || !this.scorer) && this.state.zeroShot) return this.byPrototypes(text, threshold, options);
    if (!model || !this.scorer) return this.byRulesAlone(text, threshold, options.topK ?? 3);
    const { embedding, zeroShot } = this.state;
    if (embedding) assertEmbeddingFits(embedding, options.embedding);
    if (zeroShot) assertEmbeddingFits(zeroShot, options.embedding);
    const vector = this.featuriser.featurise(text);
    const verdict = this.judge(this.scorer, model.classes, vector, threshold, options.embedding);
    const top = this.topLabels(options.topK ?? 3);
    const matches = this.rules.isEmpty ? [] : this.rules.matchesIn(this.featuriser.words.map((w) => w.word));
    const limit = options.explainTerms ?? 5;
    const explain = (k: number) => {
      if (k >= model.classes) return withMeaningTerm([], this.scores[k]!, limit);
      const terms = explainLabel(this.featuriser, vector, model, this.state.vocabulary.idf, k, limit);
      return embedding ? withMeaningTerm(terms, embeddingWeightOf(embedding, options.embedding!, k, model.classes), limit) : terms;
    };
    const label = this.labels[verdict.k]!;
    const unknown = verdict.unknown === undefined ? {} : { unknown: verdict.unknown };

    if (verdict.accepted) {
      const rule = matches.find((match) => match.label === label);
      return { label, unclassified: false, confidence: verdict.confidence, top, terms: explain(verdict.k), decidedBy: rule ? 'model+rule' : 'model', ...(rule && { rule }), ...unknown };
    }
    if (matches.length > 0) return { ...this.byRules(matches, threshold, top, explain), ...unknown };
    return { label: UNCLASSIFIED, unclassified: true, confidence: verdict.confidence, top, terms: explain(verdict.k), decidedBy: 'model', ...unknown };
  }

  serialise(): Uint8Array {
    return writeModelFile(this.state);
  }

  static deserialise(bytes: Uint8Array, options: LoadOptions = {}): TextClassifier {
    const state = readModelFile(bytes);
    const trained = state.embedding?.encoder ?? state.zeroShot?.encoder;
    const given = options.encoder;
    if (trained && given && (trained.name !== given.name || trained.checksum !== given.checksum)) {
      throw new ModelFileError(`the model was trained with the encoder "${trained.name}" (sha256 ${trained.checksum.slice(0, 12)}…), not "${given.name}" (sha256 ${given.checksum.slice(0, 12)}…)`);
    }
    return new TextClassifier(state);
  }

  // Scores every class, calibrates, and accepts the top label if it is confident and in scope
  // (and, with an open-set decision, not of an unknown category).
  private judge(scorer: TextScorer, classes: number, vector: SparseVector, threshold: number, embedding: Float32Array | undefined): ModelVerdict {
    scorer.score(this.featuriser, vector, this.scores);
    if (this.state.embedding && embedding) addEmbeddingScores(this.state.embedding, embedding, this.scores, classes);
    softmaxInto(this.scores, 0, classes, this.state.temperature, this.probabilities);
    let best = 0;
    for (let k = 1; k < classes; k++) if (this.probabilities[k]! > this.probabilities[best]!) best = k;
    let confidence = this.probabilities[best]!;
    let accepted = confidence >= threshold && best !== this.outOfScope;
    let unknown: number | undefined;
    const { openSet, zeroShot } = this.state;
    if (openSet && embedding) {
      centroidCosinesInto(openSet.centroids, embedding, this.cosines);
      openSetFeaturesInto({ scores: this.scores, offset: 0, probabilities: this.probabilities, cosines: this.cosines, classes, outOfScope: this.outOfScope }, this.openSetFeatures);
      unknown = unknownProbability(openSet.weights, this.openSetFeatures);
      if (unknown > openSet.threshold) accepted = false;
    }
    if (zeroShot && embedding) {
      // The categories known by their description join the softmax. The open-set decision above
      // judged the trained categories alone: a text it finds unknown may well be of a described one.
      const all = this.labels.length;
      zeroShotScoresInto(zeroShot.prototypes, embedding, zeroShot.map, this.scores, classes);
      softmaxInto(this.scores, 0, all, this.state.temperature, this.probabilities);
      const trainedBest = best;
      for (let k = 0; k < all; k++) if (this.probabilities[k]! > this.probabilities[best]!) best = k;
      confidence = this.probabilities[best]!;
      accepted = best === trainedBest ? accepted && confidence >= threshold : confidence >= threshold;
      if (best >= classes) return { k: best, confidence, accepted, ...(unknown !== undefined && { unknown }) };
    }
    const verdict = { k: best, confidence, accepted, ...(unknown !== undefined && { unknown }) };
    // Character n-grams alone can make gibberish look like a label ("blorf" shares "blo" with
    // "blocked"): a TF-IDF model does not judge a text most of whose words it has never seen, and
    // its confidence shrinks with the share of words it knows. An encoder model read the whole
    // text's meaning as well: its confident answer stands (handles, hashtags and emoji are words
    // no vocabulary knows), and only its unsure one is shrunk.
    if (this.state.embedding && accepted) return verdict;
    const known = this.knownWordShare();
    if (known < MIN_KNOWN_WORD_SHARE) return { ...verdict, confidence: confidence * known, accepted: false };
    return verdict;
  }

  private knownWordShare(): number {
    const { words } = this.featuriser;
    let known = 0;
    for (const word of words) if (word.unigram >= 0) known++;
    return words.length === 0 ? 0 : known / words.length;
  }

  private topLabels(count: number): LabelProbability[] {
    const top: LabelProbability[] = [];
    const taken = new Set<number>();
    for (let n = 0; n < Math.min(count, this.labels.length); n++) {
      let best = -1;
      for (let k = 0; k < this.labels.length; k++) if (!taken.has(k) && (best < 0 || this.probabilities[k]! > this.probabilities[best]!)) best = k;
      taken.add(best);
      top.push({ label: this.labels[best]!, probability: this.probabilities[best]! });
    }
    return top;
  }

  // The model was unsure and rules matched: among the matched labels the model's favourite wins,
  // with confidence 1 / (labels matched), so an ambiguous match can still fall below the threshold.
  private byRules(matches: RuleMatch[], threshold: number, top: LabelProbability[], explain: (k: number) => TermWeight[]): Prediction {
    const probabilityOf = (label: string) => {
      const k = this.labels.indexOf(label);
      return k < 0 ? 0 : this.probabilities[k]!;
    };
    const rule = matches.reduce((best, match) => (probabilityOf(match.label) > probabilityOf(best.label) ? match : best));
    const confidence = 1 / matches.length;
    const k = this.labels.indexOf(rule.label);
    const terms = k < 0 ? [] : explain(k);
    if (confidence < threshold) return { label: UNCLASSIFIED, unclassified: true, confidence, top, terms, decidedBy: 'rule', rule };
    return { label: rule.label, unclassified: false, confidence, top, terms, decidedBy: 'rule', rule };
  }

  // A model of prototypes alone: the nearest prototypes by cosine, softmax at the model's temperature.
  private byPrototypes(text: string, threshold: number, options: PredictOptions): Prediction {
    const zeroShot = this.state.zeroShot!;
    assertEmbeddingFits(zeroShot, options.embedding);
    zeroShotScoresInto(zeroShot.prototypes, options.embedding, zeroShot.map, this.scores, 0);
    softmaxInto(this.scores, 0, this.labels.length, this.state.temperature, this.probabilities);
    let best = 0;
    for (let k = 1; k < this.labels.length; k++) if (this.probabilities[k]! > this.probabilities[best]!) best = k;
    const confidence = this.probabilities[best]!;
    const top = this.topLabels(options.topK ?? 3);
    const limit = options.explainTerms ?? 5;
    const explain = (k: number) => withMeaningTerm([], this.scores[k]!, limit);
    if (confidence >= threshold && best !== this.outOfScope) return { label: this.labels[best]!, unclassified: false, confidence, top, terms: explain(best), decidedBy: 'model' };
    const matches = this.rules.isEmpty ? [] : this.rules.matchesInText(text);
    if (matches.length > 0) return this.byRules(matches, threshold, top, explain);
    return { label: UNCLASSIFIED, unclassified: true, confidence, top, terms: explain(best), decidedBy: 'model' };
  }

  private byRulesAlone(text: string, threshold: number, topK: number): Prediction {
    const matches = this.rules.matchesInText(text);
    if (matches.length === 0) return { label: UNCLASSIFIED, unclassified: true, confidence: 0, top: [], terms: [], decidedBy: 'rule' };
    const confidence = 1 / matches.length;
    const top = matches.slice(0, topK).map((match) => ({ label: match.label, probability: confidence }));
    const rule = matches[0]!;
    const terms = [{ term: rule.phrase, weight: 1 }];
    const label = confidence >= threshold ? rule.label : UNCLASSIFIED;
    return { label, unclassified: label === UNCLASSIFIED, confidence, top, terms, decidedBy: 'rule', rule };
  }
}
