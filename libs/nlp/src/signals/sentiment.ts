import { createRequire } from 'node:module';
import type SentimentAnalyzer from 'natural/lib/natural/sentiment/SentimentAnalyzer.js';
import { wordsOf } from '../text/words.js';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface Sentiment {
  /** AFINN-165 score per word (−5 … 5), with negations flipping what follows. */
  score: number;
  label: SentimentLabel;
}

// Loaded on first use: the module reads every language's word lists (~120 ms), and a classifier
// that never asks for sentiment should not pay for them at start-up.
let analyser: SentimentAnalyzer | undefined;

function englishAfinn(): SentimentAnalyzer {
  const Analyzer = createRequire(import.meta.url)('natural/lib/natural/sentiment/SentimentAnalyzer.js') as typeof SentimentAnalyzer;
  return new Analyzer('English', null, 'afinn');
}
// The score is AFINN points per word: one mildly loaded word (±1) in a 20-word message is 0.05,
// which still reads as neutral.
const NEUTRAL_BAND = 0.05;

/** The text's sentiment by natural's AFINN analyser (English, unstemmed). */
export function sentimentOf(text: string): Sentiment {
  const words = wordsOf(text);
  if (words.length === 0) return { score: 0, label: 'neutral' };
  analyser ??= englishAfinn();
  const score = analyser.getSentiment(words);
  return { score, label: score < -NEUTRAL_BAND ? 'negative' : score > NEUTRAL_BAND ? 'positive' : 'neutral' };
}
