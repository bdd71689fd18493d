import { stemOf, wordsOf } from '../text/words.js';
import { charNgramsOf } from './char-ngrams.js';
import type { FeatureOptions } from './feature-options.js';
import type { Vocabulary } from './vocabulary.js';

/** A sparse vector: the first `length` entries of `indices` and `values` are set. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
  readonly length: number;
}

/** What one distinct word contributes, worked out once and cached: stemming is the slow part. */
export interface WordFeatures {
  readonly word: string;
  readonly stem: string;
  /** Feature id of the stem, or -1 when the stem is unknown. */
  readonly unigram: number;
  /** Known character n-gram ids of the word, repeated as often as they occur in it. */
  readonly chars: Int32Array;
  /** Left for a model's scorer: what the word's n-grams add to each class (see TextScorer). */
  scores?: Float32Array;
}

/** Known runs of 2+ stems of the last text: run r covers words start[r] … start[r] + size[r] - 1. */
export interface PhraseHits {
  readonly ids: number[];
  readonly starts: number[];
  readonly sizes: number[];
}

// Enough for the distinct words of a large training set; a service that sees endless new words
// starts the cache again rather than growing without bound (each entry may hold a score per class).
const MAX_CACHED_WORDS = 100_000;

/**
 * Turns texts into TF-IDF vectors: sublinear tf (1 + ln tf) × idf, each block (words, characters)
 * L2-normalised and scaled by its weight. Not reentrant: the returned vector and the fields below
 * are reused by the next call, so that prediction allocates almost nothing.
 */
export class Featuriser {
  /** The words of the last text, in order (for explanations). */
  readonly words: WordFeatures[] = [];
  readonly phrases: PhraseHits = { ids: [], starts: [], sizes: [] };
  /** Occurrences of each entry of the last vector, before weighting. */
  counts = new Float32Array(512);
  /** The factor that L2-normalised and weighted the character block of the last vector. */
  charScale = 0;
  /** Ids below this are word terms, the rest character n-grams. */
  readonly wordCount: number;
  private readonly cache = new Map<string, WordFeatures>();
  private readonly tally: Float32Array;
  private readonly slots: Int32Array;
  private readonly phraseIndex: Map<number, number>;
  private indices = new Int32Array(512);
  private values = new Float32Array(512);
  private length = 0;

  constructor(
    private readonly vocabulary: Vocabulary,
    private readonly options: FeatureOptions,
  ) {
    this.tally = new Float32Array(vocabulary.terms.length);
    this.slots = new Int32Array(vocabulary.terms.length);
    this.wordCount = vocabulary.words.size;
    this.phraseIndex = phraseIndexOf(vocabulary);
  }

  featurise(text: string): SparseVector {
    this.length = 0;
    this.words.length = 0;
    for (const word of wordsOf(text)) {
      const features = this.featuresOf(word);
      this.words.push(features);
      if (features.unigram >= 0) this.count(features.unigram);
      for (let i = 0; i < features.chars.length; i++) this.count(features.chars[i]!);
    }
    this.countPhrases();
    this.weigh();
    return { indices: this.indices, values: this.values, length: this.length };
  }

  get featureCount(): number {
    return this.vocabulary.terms.length;
  }

  /** Where feature `id` sits in the last vector; only meaningful for ids that vector holds. */
  slotOf(id: number): number {
    return this.slots[id]!;
  }

  private featuresOf(word: string): WordFeatures {
    let features = this.cache.get(word);
    if (features) return features;
    const stem = stemOf(word);
    const chars: number[] = [];
    if (this.options.charMax > 0) {
      for (const gram of charNgramsOf(word, this.options.charMin, this.options.charMax)) {
        const id = this.vocabulary.chars.get(gram);
        if (id !== undefined) chars.push(id);
      }
    }
    features = { word, stem, unigram: this.vocabulary.words.get(stem) ?? -1, chars: Int32Array.from(chars) };
    if (this.cache.size >= MAX_CACHED_WORDS) this.cache.clear();
    this.cache.set(word, features);
    return features;
  }

  // A run is looked up by (id of the run without its last stem, id of that stem): no strings are
  // built, and a run whose prefix is unknown cannot be known either (its df is at most theirs).
  private countPhrases(): void {
    const { ids, starts, sizes } = this.phrases;
    ids.length = starts.length = sizes.length = 0;
    const { words, wordCount } = this;
    for (let start = 0; start < words.length; start++) {
      let left = words[start]!.unigram;
      for (let end = start + 1; left >= 0 && end < Math.min(words.length, start + this.options.wordNgrams); end++) {
        const right = words[end]!.unigram;
        const id = right < 0 ? undefined : this.phraseIndex.get(left * wordCount + right);
        if (id === undefined) break;
        this.count(id);
        ids.push(id);
        starts.push(start);
        sizes.push(end - start + 1);
        left = id;
      }
    }
  }

  private count(id: number): void {
    if (this.tally[id] === 0) {
      if (this.length === this.indices.length) this.grow();
      this.slots[id] = this.length;
      this.indices[this.length++] = id;
    }
    this.tally[id]! += 1;
  }

  private grow(): void {
    const size = this.indices.length * 2;
    const indices = new Int32Array(size);
    indices.set(this.indices);
    this.indices = indices;
    this.values = new Float32Array(size);
    this.counts = new Float32Array(size);
  }

  // Turns the tallies into weights and clears them for the next text.
  private weigh(): void {
    const { idf } = this.vocabulary;
    let wordSquares = 0;
    let charSquares = 0;
    for (let i = 0; i < this.length; i++) {
      const id = this.indices[i]!;
      const count = this.tally[id]!;
      // Most terms occur once, and ln 1 = 0 needs no call.
      const value = (count === 1 ? 1 : 1 + Math.log(count)) * idf[id]!;
      this.tally[id] = 0;
      this.counts[i] = count;
      this.values[i] = value;
      if (id < this.wordCount) wordSquares += value * value;
      else charSquares += value * value;
    }
    const wordScale = wordSquares > 0 ? this.options.wordWeight / Math.sqrt(wordSquares) : 0;
    const charScale = charSquares > 0 ? this.options.charWeight / Math.sqrt(charSquares) : 0;
    this.charScale = charScale;
    for (let i = 0; i < this.length; i++) this.values[i]! *= this.indices[i]! < this.wordCount ? wordScale : charScale;
  }
}

function phraseIndexOf(vocabulary: Vocabulary): Map<number, number> {
  const index = new Map<number, number>();
  const wordCount = vocabulary.words.size;
  for (const [term, id] of vocabulary.words) {
    const cut = term.lastIndexOf(' ');
    if (cut < 0) continue;
    const left = vocabulary.words.get(term.slice(0, cut));
    const right = vocabulary.words.get(term.slice(cut + 1));
    if (left !== undefined && right !== undefined) index.set(left * wordCount + right, id);
  }
  return index;
}
