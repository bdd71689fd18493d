import type { TaxonomyVersionListItem, TaxonomyVersionResponse } from '@frictionlens/contracts';
import type { TaxonomyVersion, TaxonomyVersionSummary } from '@frictionlens/persistence';

// The shapes are the zod schemas of libs/contracts (taxonomy.responses.ts); these map stored versions onto them.
export type {
  CategoryChangeResponse,
  CategoryMoveResponse,
  CategoryResponse,
  ExamplesResponse,
  TaxonomyImportResponse as ImportResponse,
  TaxonomyVersionListItem,
  TaxonomyVersionResponse,
} from '@frictionlens/contracts';

export function toVersionResponse(version: TaxonomyVersion, exampleCounts: ReadonlyMap<string, number>): TaxonomyVersionResponse {
  return {
    version: version.id,
    createdAt: version.createdAt.toISOString(),
    summary: version.summary,
    failureTypes: version.failureTypes.map((t) => ({ key: t.key, name: t.name, description: t.description, attributes: t.attributes })),
    categories: version.categories.map((c) => ({
      key: c.key,
      name: c.name,
      description: c.description,
      demandType: c.demandType,
      parent: c.parent,
      failureType: c.failureType,
      rules: c.rules,
      attributes: c.attributes,
      exampleCount: exampleCounts.get(c.key) ?? 0,
    })),
  };
}

export function toListItem(summary: TaxonomyVersionSummary): TaxonomyVersionListItem {
  return { version: summary.id, createdAt: summary.createdAt.toISOString(), summary: summary.summary, categoryCount: summary.categoryCount };
}
