/** How texts become feature vectors; stored with a trained model so prediction repeats it. */
export interface FeatureOptions {
  /** Longest run of stems used as a feature: 1 = single words, 2 = and bigrams, 3 = and trigrams. */
  wordNgrams: 1 | 2 | 3;
  /** Character n-gram lengths inside word boundaries; charMax 0 turns them off. */
  charMin: number;
  charMax: number;
  /** A term must occur in at least this many training texts to become a feature. */
  minDf: number;
  /** Scale of each L2-normalised block (words, characters) in the joined vector. */
  wordWeight: number;
  charWeight: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  wordNgrams: 2,
  charMin: 2,
  charMax: 5,
  minDf: 2,
  wordWeight: 1,
  charWeight: 1,
};
