import { wordsOf } from '../text/words.js';

/** Texts containing any of the phrases belong to the label (a process owner's own knowledge). */
export interface KeywordRule {
  label: string;
  phrases: string[];
}

export interface RuleMatch {
  label: string;
  /** The phrase as the rule wrote it. */
  phrase: string;
}

interface Pattern {
  words: string[];
  match: RuleMatch;
}

/**
 * Finds rule phrases in texts: case-insensitive, whole words only, after the same word
 * normalisation as the features (so "top-up" in a rule matches "top up" in a text).
 */
export class RuleBook {
  readonly labels: readonly string[];
  private readonly byFirstWord = new Map<string, Pattern[]>();

  constructor(readonly rules: readonly KeywordRule[]) {
    this.labels = [...new Set(rules.map((rule) => rule.label))];
    for (const rule of rules) {
      for (const phrase of rule.phrases) {
        const words = wordsOf(phrase);
        if (words.length === 0) continue;
        const patterns = this.byFirstWord.get(words[0]!) ?? [];
        patterns.push({ words, match: { label: rule.label, phrase } });
        this.byFirstWord.set(words[0]!, patterns);
      }
    }
  }

  get isEmpty(): boolean {
    return this.byFirstWord.size === 0;
  }

  /** The first phrase found for each matching label, labels in the order the rules name them. */
  matchesIn(words: readonly string[]): RuleMatch[] {
    const found = new Map<string, RuleMatch>();
    for (let start = 0; start < words.length; start++) {
      for (const pattern of this.byFirstWord.get(words[start]!) ?? []) {
        if (!found.has(pattern.match.label) && startsAt(words, start, pattern.words)) found.set(pattern.match.label, pattern.match);
      }
    }
    return this.labels.filter((label) => found.has(label)).map((label) => found.get(label)!);
  }

  /** Matches in a raw text. */
  matchesInText(text: string): RuleMatch[] {
    return this.isEmpty ? [] : this.matchesIn(wordsOf(text));
  }
}

function startsAt(words: readonly string[], start: number, pattern: readonly string[]): boolean {
  if (start + pattern.length > words.length) return false;
  for (let i = 1; i < pattern.length; i++) if (words[start + i] !== pattern[i]) return false;
  return true;
}
