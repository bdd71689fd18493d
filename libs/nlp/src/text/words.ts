import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { RegexpTokenizer } from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';

// Letters and digits of any script; an apostrophe inside a word keeps "don't" whole. Hyphens and
// slashes split ("top-up" → "top up"), so spelling variants meet in the same bigram.
const tokenizer = new RegexpTokenizer({ pattern: /[^\p{L}\p{N}']+/u });
const CURLY_APOSTROPHES = /[\u2018\u2019\u02bc]/g;
const EDGE_APOSTROPHES = /^'+|'+$/g;

/** The lower-case words of a text, as every part of the library sees them (rules, features, cues). */
export function wordsOf(text: string): string[] {
  const words: string[] = [];
  for (const token of tokenizer.tokenize(text.toLowerCase().replace(CURLY_APOSTROPHES, "'"))) {
    const word = token.includes("'") ? token.replace(EDGE_APOSTROPHES, '') : token;
    if (word !== '') words.push(word);
  }
  return words;
}

/** Porter stem of a lower-case word. */
export function stemOf(word: string): string {
  return PorterStemmer.stem(word);
}
