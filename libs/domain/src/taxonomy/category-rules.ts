import type { Category } from './category.js';

/** The keyword rules of one category, as the classifier takes them. */
export interface CategoryRule {
  /** The category key. */
  label: string;
  /** Phrases, trimmed and lower-cased, each once. */
  phrases: string[];
}

/** The rules of every category that has any, in the categories' order. */
export function categoryRules(categories: readonly Pick<Category, 'key' | 'rules'>[]): CategoryRule[] {
  return categories.flatMap(({ key, rules }) => {
    const phrases = [...new Set(rules.map((rule) => rule.trim().toLowerCase()).filter(Boolean))];
    return phrases.length ? [{ label: key, phrases }] : [];
  });
}
