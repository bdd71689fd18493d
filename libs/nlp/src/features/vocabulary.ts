import { stemOf, wordsOf } from '../text/words.js';
import { charNgramsOf } from './char-ngrams.js';
import type { FeatureOptions } from './feature-options.js';

/**
 * The features a model knows: word terms (stems and runs of 2 or 3 stems) first, then character
 * n-grams, each with its inverse document frequency. Ids are positions in `terms`.
 */
export interface Vocabulary {
  /** Stems and runs of stems ("card arriv") → feature id; only a run holds a space. */
  readonly words: ReadonlyMap<string, number>;
  /** Character n-grams → feature id (all ids ≥ words.size). */
  readonly chars: ReadonlyMap<string, number>;
  readonly terms: readonly string[];
  readonly idf: Float32Array;
}

interface TermCount {
  df: number;
  lastText: number;
}

/** Counts each term once per text, keeping the order terms were first met so ids are reproducible. */
class DocumentFrequencies {
  readonly counts = new Map<string, TermCount>();

  see(term: string, text: number): void {
    const count = this.counts.get(term);
    if (!count) this.counts.set(term, { df: 1, lastText: text });
    else if (count.lastText !== text) {
      count.df++;
      count.lastText = text;
    }
  }

  frequent(minDf: number): Array<[string, number]> {
    const kept: Array<[string, number]> = [];
    for (const [term, { df }] of this.counts) if (df >= minDf) kept.push([term, df]);
    return kept;
  }
}

/** Learns the vocabulary and idf of a training set (smooth idf, as scikit-learn's default). */
export function buildVocabulary(texts: readonly string[], options: FeatureOptions): Vocabulary {
  const words = new DocumentFrequencies();
  const chars = new DocumentFrequencies();
  const analysed = new Map<string, { stem: string; grams: string[] }>();
  texts.forEach((text, t) => {
    const stems: string[] = [];
    for (const word of wordsOf(text)) {
      let entry = analysed.get(word);
      if (!entry) {
        entry = { stem: stemOf(word), grams: options.charMax > 0 ? charNgramsOf(word, options.charMin, options.charMax) : [] };
        analysed.set(word, entry);
      }
      stems.push(entry.stem);
      for (const gram of entry.grams) chars.see(gram, t);
    }
    for (const phrase of wordNgramsOf(stems, options.wordNgrams)) words.see(phrase, t);
  });
  return vocabularyOf(words.frequent(options.minDf), chars.frequent(options.minDf), texts.length);
}

/** Stems and their runs of 2…n, joined by spaces, in the order the featuriser looks them up. */
export function wordNgramsOf(stems: readonly string[], n: number): string[] {
  const phrases: string[] = [];
  for (let i = 0; i < stems.length; i++) {
    let phrase = stems[i]!;
    phrases.push(phrase);
    for (let j = i + 1; j < Math.min(stems.length, i + n); j++) phrases.push((phrase = `${phrase} ${stems[j]}`));
  }
  return phrases;
}

function vocabularyOf(words: Array<[string, number]>, chars: Array<[string, number]>, textCount: number): Vocabulary {
  const all = [...words, ...chars];
  const idf = new Float32Array(all.length);
  all.forEach(([, df], id) => (idf[id] = Math.log((1 + textCount) / (1 + df)) + 1));
  return {
    words: new Map(words.map(([term], id) => [term, id])),
    chars: new Map(chars.map(([term], i) => [term, words.length + i])),
    terms: all.map(([term]) => term),
    idf,
  };
}

/** Rebuilds the lookup maps from stored terms (a deserialised model). */
export function vocabularyFromTerms(terms: readonly string[], wordCount: number, idf: Float32Array): Vocabulary {
  const words = new Map<string, number>();
  const chars = new Map<string, number>();
  for (let id = 0; id < terms.length; id++) (id < wordCount ? words : chars).set(terms[id]!, id);
  return { words, chars, terms, idf };
}
