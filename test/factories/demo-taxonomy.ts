import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

// The digital-bank demo taxonomy (BANKING77 intents) as an import document for
// POST /v1/taxonomy/import, with some of the shipped BANKING77 training texts as its examples.

const demo = new URL('../../apps/all-in-one/demo/', import.meta.url);

interface ScenarioCategory {
  key: string;
  demandType: 'failure' | 'value';
  [field: string]: unknown;
}

export function bankingTexts(): Array<{ text: string; category: string }> {
  return parse(readFileSync(new URL('banking77/train.csv', demo)), { columns: true, skip_empty_lines: true }) as Array<{ text: string; category: string }>;
}

/**
 * The scenario's categories with up to `examplesPerCategory` training texts each; categories in
 * `withoutExamples` get none (so a test can teach them through reviewers' labels).
 */
export function aBankingTaxonomy({ examplesPerCategory = 25, withoutExamples = [] as string[] } = {}): { categories: Array<ScenarioCategory & { examples: string[] }> } {
  const scenario = JSON.parse(readFileSync(new URL('banking77-digital-bank.json', demo), 'utf8')) as { categories: ScenarioCategory[] };
  const byCategory = new Map<string, string[]>();
  for (const { text, category } of bankingTexts()) {
    const texts = byCategory.get(category) ?? [];
    if (texts.length < examplesPerCategory) byCategory.set(category, [...texts, text]);
  }
  return {
    categories: scenario.categories.map((category) => ({
      ...category,
      examples: withoutExamples.includes(category.key) ? [] : (byCategory.get(category.key) ?? []),
    })),
  };
}
