import type { Featuriser, SparseVector, WordFeatures } from '../features/featuriser.js';
import type { Vocabulary } from '../features/vocabulary.js';
import type { LinearModel } from '../models/one-vs-rest.js';

/**
 * Decision values of a featurised text, the fast way. Most of a vector is character n-grams, and
 * they come word by word: so each distinct word's n-grams are summed into a score per class once
 * (idf × weight, cached on the word), and a text adds up its words' sums. That sum counts an
 * n-gram found t times as t; sublinear tf wants 1 + ln t, so the few repeated n-grams are
 * corrected by (t − 1 − ln t) × idf × weight. The result equals the plain sparse dot product.
 */
export class TextScorer {
  private bases = new Int32Array(256);
  private coefficients = new Float64Array(256);
  private readonly charSums: Float64Array;

  constructor(
    private readonly model: LinearModel,
    private readonly vocabulary: Vocabulary,
  ) {
    this.charSums = new Float64Array(model.classes);
  }

  score(featuriser: Featuriser, vector: SparseVector, scores: Float64Array): void {
    const { classes, biases } = this.model;
    const charSums = this.charSums;
    charSums.fill(0);
    for (const word of featuriser.words) {
      const sums = word.scores ?? this.wordScores(word);
      for (let k = 0; k < classes; k++) charSums[k]! += sums[k]!;
    }
    const n = this.sparseTerms(featuriser, vector);
    for (let k = 0; k < classes; k++) scores[k] = biases[k]! + featuriser.charScale * charSums[k]!;
    this.accumulate(n, scores);
  }

  // Word terms as they are, plus the corrections for repeated n-grams; returns how many.
  private sparseTerms(featuriser: Featuriser, vector: SparseVector): number {
    if (this.bases.length < vector.length) {
      this.bases = new Int32Array(vector.indices.length);
      this.coefficients = new Float64Array(vector.indices.length);
    }
    const { classes } = this.model;
    const { idf } = this.vocabulary;
    const { counts, wordCount, charScale } = featuriser;
    let n = 0;
    for (let i = 0; i < vector.length; i++) {
      const id = vector.indices[i]!;
      const count = counts[i]!;
      if (id < wordCount) this.coefficients[n] = vector.values[i]!;
      else if (count > 1) this.coefficients[n] = -charScale * (count - 1 - Math.log(count)) * idf[id]!;
      else continue;
      this.bases[n++] = id * classes;
    }
    return n;
  }

  // scores[k] += Σ coefficients[i] × weights[bases[i] + k], four classes at a time in locals.
  private accumulate(n: number, scores: Float64Array): void {
    const { classes, weights } = this.model;
    const { bases, coefficients } = this;
    let k = 0;
    for (; k + 4 <= classes; k += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < n; i++) {
        const x = coefficients[i]!;
        const b = bases[i]! + k;
        s0 += x * weights[b]!;
        s1 += x * weights[b + 1]!;
        s2 += x * weights[b + 2]!;
        s3 += x * weights[b + 3]!;
      }
      scores[k]! += s0;
      scores[k + 1]! += s1;
      scores[k + 2]! += s2;
      scores[k + 3]! += s3;
    }
    for (; k < classes; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += coefficients[i]! * weights[bases[i]! + k]!;
      scores[k]! += s;
    }
  }

  private wordScores(word: WordFeatures): Float32Array {
    const { classes, weights } = this.model;
    const { idf } = this.vocabulary;
    const sums = new Float32Array(classes);
    for (let i = 0; i < word.chars.length; i++) {
      const id = word.chars[i]!;
      const base = id * classes;
      for (let k = 0; k < classes; k++) sums[k]! += idf[id]! * weights[base + k]!;
    }
    word.scores = sums;
    return sums;
  }
}
