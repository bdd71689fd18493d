import type { Featuriser, SparseVector, WordFeatures } from '../features/featuriser.js';
import type { LinearModel } from '../models/one-vs-rest.js';

export interface TermWeight {
  /** A word of the text, or a run of its words ("still waiting"). */
  term: string;
  /** What the term added to the label's decision value (feature value × weight). */
  weight: number;
}

interface Candidate {
  /** Word position, or run number when `run` is set. */
  at: number;
  run: boolean;
  weight: number;
}

/**
 * The terms of the last featurised text that pushed label k up most. A word's own stem and its
 * character n-grams count as that word; an n-gram found in several words is shared between them
 * by occurrence; a run of stems reads as the words it came from. The same word (or run) twice
 * is one term. Strings are built only for the terms returned, since this runs on every prediction.
 */
export function explainLabel(featuriser: Featuriser, vector: SparseVector, model: LinearModel, idf: Float32Array, k: number, limit: number): TermWeight[] {
  if (limit <= 0) return [];
  const { weights, classes } = model;
  const { counts, words } = featuriser;
  const share = (id: number) => {
    const slot = featuriser.slotOf(id);
    return (vector.values[slot]! * weights[id * classes + k]!) / counts[slot]!;
  };
  const candidates: Candidate[] = [];
  words.forEach((word, at) => {
    const weight = (word.unigram >= 0 ? share(word.unigram) : 0) + charWeightOf(featuriser, word, model, k, share, idf);
    // Cached word features are shared objects, so the same word is the same object.
    const earlier = candidates.find((c) => words[c.at] === word);
    if (earlier) earlier.weight += weight;
    else candidates.push({ at, run: false, weight });
  });
  const { ids, starts, sizes } = featuriser.phrases;
  for (let r = 0; r < ids.length; r++) {
    const earlier = candidates.find((c) => c.run && ids[c.at] === ids[r]);
    if (earlier) earlier.weight += share(ids[r]!);
    else candidates.push({ at: r, run: true, weight: share(ids[r]!) });
  }
  return candidates
    .filter((c) => c.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, limit)
    .map((c) => ({ term: c.run ? runText(featuriser, starts[c.at]!, sizes[c.at]!) : words[c.at]!.word, weight: c.weight }));
}

// What a word's character n-grams added to label k. With the scorer's per-word sums at hand, only
// the n-grams repeated in the text need a look (see TextScorer for the correction).
function charWeightOf(featuriser: Featuriser, word: WordFeatures, model: LinearModel, k: number, share: (id: number) => number, idf: Float32Array): number {
  if (!word.scores) {
    let weight = 0;
    for (let i = 0; i < word.chars.length; i++) weight += share(word.chars[i]!);
    return weight;
  }
  let sum = word.scores[k]!;
  for (let i = 0; i < word.chars.length; i++) {
    const id = word.chars[i]!;
    const count = featuriser.counts[featuriser.slotOf(id)]!;
    if (count > 1) sum -= ((count - 1 - Math.log(count)) / count) * idf[id]! * model.weights[id * model.classes + k]!;
  }
  return featuriser.charScale * sum;
}

function runText(featuriser: Featuriser, start: number, size: number): string {
  let text = featuriser.words[start]!.word;
  for (let i = 1; i < size; i++) text += ` ${featuriser.words[start + i]!.word}`;
  return text;
}
