import type { Category } from './category.js';
import { nameFromKey } from './name-from-key.js';

/** Why a category cannot be renamed or merged: the request field at fault (`key`, `into`) and why. */
export interface CategoryMoveProblem {
  field: 'key' | 'into';
  problem: string;
}

/**
 * What stops renaming `from` to `to` in a version's categories (the keys' syntax is the schema's
 * business): `from` must be one of them, `to` must be none of them.
 */
export function categoryRenameProblems(categories: readonly Pick<Category, 'key'>[], from: string, to: string): CategoryMoveProblem[] {
  const keys = new Set(categories.map((c) => c.key));
  if (!keys.has(from)) return [{ field: 'key', problem: `no category of the current taxonomy has the key '${from}'` }];
  if (to === from) return [{ field: 'key', problem: `is already the key of the category` }];
  if (keys.has(to)) return [{ field: 'key', problem: `'${to}' is already the key of another category: merge into it instead (POST /v1/taxonomy/categories/${from}/merge)` }];
  return [];
}

/**
 * The categories with `from` renamed to `to`: the same category under a new key (demand type,
 * failure type, parent, description, rules and attributes kept), its children's parent following.
 * The name is `name` when given; else a name that was only derived from the old key is derived
 * from the new one, and a name someone chose is kept.
 */
export function renameCategory(categories: readonly Category[], from: string, to: string, name?: string): Category[] {
  return categories.map((c) => {
    const parent = c.parent === from ? to : c.parent;
    if (c.key !== from) return parent === c.parent ? c : { ...c, parent };
    const renamed = name ?? (c.name === nameFromKey(from) ? nameFromKey(to) : c.name);
    return { ...c, key: to, name: renamed, parent };
  });
}

/**
 * What stops merging `from` into `into`: both must be categories of the version, and not the
 * same; `into` may be a child of `from` (it takes `from`'s parent) but not further below it, where
 * its own ancestors would end up below it.
 */
export function categoryMergeProblems(categories: readonly Pick<Category, 'key' | 'parent'>[], from: string, into: string): CategoryMoveProblem[] {
  const byKey = new Map(categories.map((c) => [c.key, c]));
  if (!byKey.has(from)) return [{ field: 'key', problem: `no category of the current taxonomy has the key '${from}'` }];
  if (into === from) return [{ field: 'into', problem: 'a category cannot be merged into itself' }];
  const target = byKey.get(into);
  if (!target) return [{ field: 'into', problem: `no category of the current taxonomy has the key '${into}'` }];
  const seen = new Set<string>();
  for (let at = byKey.get(target.parent ?? '')?.parent ?? null; at !== null && !seen.has(at); at = byKey.get(at)?.parent ?? null) {
    if (at === from) return [{ field: 'into', problem: `'${into}' is below a child of '${from}': merging would make its own parent its child; give it another parent first` }];
    seen.add(at);
  }
  return [];
}

/**
 * The categories without `from`, whose contacts now count as `into`: `from`'s children become
 * `into`'s (and `into` itself, if it was one, takes `from`'s parent). `into` is otherwise unchanged.
 */
export function mergeCategory(categories: readonly Category[], from: string, into: string): Category[] {
  const merged = categories.find((c) => c.key === from);
  return categories
    .filter((c) => c.key !== from)
    .map((c) => {
      if (c.parent !== from) return c;
      return { ...c, parent: c.key === into ? (merged?.parent ?? null) : into };
    });
}

/** The keys of the categories whose parent a merge changes (the children of `from`). */
export function reparentedByMerge(categories: readonly Pick<Category, 'key' | 'parent'>[], from: string): string[] {
  return categories.filter((c) => c.parent === from).map((c) => c.key);
}
