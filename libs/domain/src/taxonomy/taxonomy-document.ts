import { isDeepStrictEqual } from 'node:util';
import type { TaxonomyCategoryV1, TaxonomyDocumentV1Input } from '@frictionlens/contracts';
import { redact } from '../redaction/redact.js';
import type { Category, CategoryExample } from './category.js';
import { failureTypeDocumentOf, type FailureType } from './failure-types.js';
import { nameFromKey } from './name-from-key.js';

type CategoryFields = Omit<TaxonomyCategoryV1, 'examples'> & { examples?: string[] };

/** A category of a taxonomy document as stored: a name (from the key when absent), nulls for what is missing. */
export function categoryOf(category: CategoryFields): Category {
  return {
    key: category.key,
    name: category.name ?? nameFromKey(category.key),
    description: category.description ?? null,
    demandType: category.demandType,
    parent: category.parent ?? null,
    failureType: category.failureType ?? null,
    rules: category.rules,
    attributes: category.attributes,
  };
}

/**
 * Example texts as stored: redacted like contacts (a model trained on `[CARD]` meets `[CARD]` at
 * work, and no personal data is stored), each (category, text) once.
 */
export function examplesOf(categories: ReadonlyArray<Pick<TaxonomyCategoryV1, 'key' | 'examples'>>): CategoryExample[] {
  const seen = new Set<string>();
  const examples: CategoryExample[] = [];
  for (const { key, examples: texts } of categories) {
    for (const raw of texts) {
      const text = redact(raw).text;
      const id = `${key}\u0000${text}`;
      if (seen.has(id)) continue;
      seen.add(id);
      examples.push({ categoryKey: key, text });
    }
  }
  return examples;
}

/**
 * A taxonomy document of stored failure types, categories and their examples, importable again
 * as it is: the attributes go back beside the known fields, where the original document had them.
 */
export function taxonomyDocumentOf(
  categories: readonly Category[],
  examplesOfKey: ReadonlyMap<string, readonly string[]>,
  description?: string,
  failureTypes: readonly FailureType[] = [],
): TaxonomyDocumentV1Input {
  return {
    ...(description !== undefined && { description }),
    failureTypes: failureTypes.map((t) => failureTypeDocumentOf(t) as { key: string }),
    categories: categories.map((c) => ({
      ...c.attributes,
      key: c.key,
      name: c.name,
      ...(c.description !== null && { description: c.description }),
      demandType: c.demandType,
      ...(c.parent !== null && { parent: c.parent }),
      ...(c.failureType !== null && { failureType: c.failureType }),
      rules: c.rules,
      examples: [...(examplesOfKey.get(c.key) ?? [])],
    })),
  };
}

/** The categories with `category` in place of the one with its key, or added at the end. */
export function withCategory(categories: readonly Category[], category: Category): Category[] {
  const at = categories.findIndex((c) => c.key === category.key);
  return at < 0 ? [...categories, category] : categories.map((c, i) => (i === at ? category : c));
}

/** True when two categories say the same thing (attribute order aside). */
export function sameCategory(a: Category, b: Category): boolean {
  return isDeepStrictEqual(a, b);
}
