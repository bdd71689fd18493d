// natural's package root pulls in every submodule (dotenv, mongoose, redis…), so the library
// imports single files; these have no typings of their own.
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}

declare module 'natural/lib/natural/tokenizers/regexp_tokenizer.js' {
  export class RegexpTokenizer {
    constructor(options: { pattern: RegExp; gaps?: boolean });
    tokenize(text: string): string[];
  }
}

declare module 'natural/lib/natural/sentiment/SentimentAnalyzer.js' {
  export default class SentimentAnalyzer {
    constructor(language: 'English', stemmer: { stem(token: string): string } | null, type: 'afinn');
    getSentiment(words: string[]): number;
  }
}

declare module 'natural/lib/natural/classifiers/bayes_classifier.js' {
  export default class BayesClassifier {
    constructor();
    addDocument(text: string, label: string): void;
    train(): void;
    classify(text: string): string;
    on(event: 'trainedWithDocument', listener: (progress: { index: number; total: number }) => void): this;
  }
}
