import type { Category } from '@frictionlens/domain';
import type { CategoryHistoryRewrite, TaxonomyVersion, TaxonomyVersionSummary } from '@frictionlens/persistence';

export interface CategoryResponse {
  key: string;
  name: string;
  description: string | null;
  demandType: Category['demandType'];
  parent: string | null;
  failureType: string | null;
  rules: string[];
  attributes: Record<string, unknown>;
  exampleCount: number;
}

export interface TaxonomyVersionResponse {
  version: number;
  createdAt: string;
  summary: string;
  /** The typology of failure demand the categories' `failureType` names, in the order given. */
  failureTypes: Array<{ key: string; name: string; description: string | null; attributes: Record<string, unknown> }>;
  categories: CategoryResponse[];
}

export interface TaxonomyVersionListItem {
  version: number;
  createdAt: string;
  summary: string;
  categoryCount: number;
}

export interface ImportResponse {
  version: number;
  categories: number;
  examplesAdded: number;
}

export interface CategoryChangeResponse {
  version: number;
  /** False when the category was already exactly so (no new version was made). */
  changed: boolean;
  examplesAdded: number;
}

/** What renaming or merging a category made and rewrote. */
export interface CategoryMoveResponse {
  /** The new taxonomy version, without the old key. */
  version: number;
  from: string;
  to: string;
  /** Categories whose parent became `to` (a merge: the merged category's children). */
  reparented: string[];
  /** Rows moved from the old key to the new one, by kind. */
  rewritten: CategoryHistoryRewrite;
  /** How long recounting the rollups from the contacts took, in the same transaction. */
  recountMs: number;
}

export interface ExamplesResponse {
  category: string;
  examplesAdded: number;
  exampleCount: number;
}

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
