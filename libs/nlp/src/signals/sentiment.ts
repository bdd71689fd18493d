import SentimentAnalyzer from 'natural/lib/natural/sentiment/SentimentAnalyzer.js';
import { wordsOf } from '../text/words.js';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface Sentiment {
  /** AFINN-165 score per word (−5 … 5), with negations flipping what follows. */
  score: number;
  label: SentimentLabel;
}

// Loaded on first use: the analyser's word lists take a moment to read, and most callers never ask.
let analyser: SentimentAnalyzer | undefined;
// Half a point per word is about one clearly loaded word in a short message.
const NEUTRAL_BAND = 0.05;

/** The text's sentiment by natural's AFINN analyser (English, unstemmed). */
export function sentimentOf(text: string): Sentiment {
  const words = wordsOf(text);
  if (words.length === 0) return { score: 0, label: 'neutral' };
  analyser ??= new SentimentAnalyzer('English', null, 'afinn');
  const score = analyser.getSentiment(words);
  return { score, label: score < -NEUTRAL_BAND ? 'negative' : score > NEUTRAL_BAND ? 'positive' : 'neutral' };
}
