import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier.js';
import type { LabelledText, TrainingProgress } from '../classifier/train-options.js';

export interface BaselineClassifier {
  classify(text: string): string;
}

/**
 * natural's naive Bayes classifier (Porter stems, stop words dropped) on the same examples: the
 * baseline the linear classifier is measured against. It is not used for anything else.
 */
export function trainBayesBaseline(examples: readonly LabelledText[], onProgress?: (progress: TrainingProgress) => void): BaselineClassifier {
  const bayes = new BayesClassifier();
  for (const { text, label } of examples) bayes.addDocument(text, label);
  // natural turns each text into a vector over the whole vocabulary: slow, hence the progress.
  bayes.on('trainedWithDocument', ({ index, total }) => {
    if (index % 250 === 0 || index === total - 1) onProgress?.({ stage: 'fit', done: index + 1, total });
  });
  bayes.train();
  return { classify: (text) => bayes.classify(text) };
}
