import type { DemandType } from '@frictionlens/contracts';
import type { Category } from '../taxonomy/category.js';
import { cosine } from './theme-vectors.js';

/** An existing category near a theme, by the cosine of their centroids. */
export interface NearCategory {
  key: string;
  name: string;
  similarity: number;
}

/** What a theme could become, read from the existing categories nearest it. */
export interface ThemeSuggestions {
  demandType: DemandType | null;
  failureType: string | null;
  parent: string | null;
  /** Nearest first. */
  nearestCategories: NearCategory[];
  /** The value-stream step of the nearest category linked to one, with the category it came through. */
  step: { key: string; weight: number; through: string } | null;
}

/** A category's step link (weights of one category sum to at most 1). */
export interface StepLinkOf {
  categoryKey: string;
  stepKey: string;
  weight: number;
}

/** The `count` categories whose centroids are nearest `centroid`, nearest first (ties by key). */
export function nearestCategories(centroid: Float32Array, centroids: ReadonlyMap<string, Float32Array>, categories: readonly Category[], count = 3): NearCategory[] {
  return categories
    .flatMap((c) => {
      const other = centroids.get(c.key);
      return other ? [{ key: c.key, name: c.name, similarity: round(cosine(centroid, other)) }] : [];
    })
    .sort((a, b) => b.similarity - a.similarity || (a.key < b.key ? -1 : 1))
    .slice(0, count);
}

/**
 * Suggestions for a theme from its nearest categories: the demand type, failure type and parent
 * of the nearest one (a new theme close to an existing category is most often a sibling of it),
 * and the step of the nearest category that has a step link (its heaviest link). Nothing is
 * suggested from categories less similar than `minSimilarity`.
 */
export function themeSuggestions(nearest: readonly NearCategory[], categories: readonly Category[], links: readonly StepLinkOf[], minSimilarity = 0.2): ThemeSuggestions {
  const byKey = new Map(categories.map((c) => [c.key, c]));
  const close = nearest.filter((n) => n.similarity >= minSimilarity);
  const first = close[0] && byKey.get(close[0].key);
  let step: ThemeSuggestions['step'] = null;
  for (const near of close) {
    const heaviest = links.filter((l) => l.categoryKey === near.key).sort((a, b) => b.weight - a.weight || (a.stepKey < b.stepKey ? -1 : 1))[0];
    if (heaviest) {
      step = { key: heaviest.stepKey, weight: heaviest.weight, through: near.key };
      break;
    }
  }
  return {
    demandType: first?.demandType ?? null,
    failureType: first?.demandType === 'failure' ? first.failureType : null,
    parent: first?.parent ?? null,
    nearestCategories: [...nearest],
    step,
  };
}

/** A category key to offer for a theme: its top two terms, snake_case (`new_theme` when they give none). */
export function suggestedKeyOf(terms: readonly string[]): string {
  const key = terms
    .slice(0, 2)
    .join(' ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
  return key || 'new_theme';
}

const round = (x: number) => Math.round(x * 1000) / 1000;
