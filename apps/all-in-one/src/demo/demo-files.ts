import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { StoryCategory } from './demo-story.js';

/**
 * What the demo ships in apps/all-in-one/demo (never read from outside the repository): the
 * digital-bank scenario and BANKING77's texts, train split as training examples, test split as
 * the customers' words.
 */
export interface DemoFiles {
  /** The scenario document: taxonomy (categories, failure types) and value streams in one. */
  scenario: { categories: Array<StoryCategory & Record<string, unknown>>; valueStreams: Array<{ key: string; steps: Array<{ key: string }> }> } & Record<string, unknown>;
  trainingTexts: Map<string, string[]>;
  customerTexts: Map<string, string[]>;
}

// From the source (apps/all-in-one/src/demo) and from the build (dist/apps/all-in-one/src/demo).
const CANDIDATES = ['../../demo/', '../../../../../apps/all-in-one/demo/'];

export function demoFolder(): URL {
  for (const candidate of CANDIDATES) {
    const folder = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(new URL('banking77-digital-bank.json', folder)))) return folder;
  }
  throw new Error('the demo files (apps/all-in-one/demo) are missing from this installation');
}

export function readDemoFiles(folder: URL = demoFolder()): DemoFiles {
  return {
    scenario: JSON.parse(readFileSync(new URL('banking77-digital-bank.json', folder), 'utf8')) as DemoFiles['scenario'],
    trainingTexts: textsByCategory(new URL('banking77/train.csv', folder)),
    customerTexts: textsByCategory(new URL('banking77/test.csv', folder)),
  };
}

function textsByCategory(file: URL): Map<string, string[]> {
  const rows = parse(readFileSync(file), { columns: true, skip_empty_lines: true }) as Array<{ text: string; category: string }>;
  const texts = new Map<string, string[]>();
  for (const { text, category } of rows) {
    const trimmed = text.trim();
    if (!trimmed) continue;
    const list = texts.get(category) ?? [];
    list.push(trimmed);
    texts.set(category, list);
  }
  return texts;
}

export function stepsOf(scenario: DemoFiles['scenario']): string[] {
  return scenario.valueStreams.flatMap((stream) => stream.steps.map((step) => step.key));
}
