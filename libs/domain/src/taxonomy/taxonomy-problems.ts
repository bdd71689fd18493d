import type { Category } from './category.js';

/** Why a taxonomy as a whole is not valid: the category (by position) and field at fault. */
export interface TaxonomyProblem {
  index: number;
  field: 'key' | 'parent' | 'failureType';
  problem: string;
}

type Linked = Pick<Category, 'key' | 'parent'>;

/**
 * What the schema of one category cannot see: keys used twice, parents that name no category
 * of the taxonomy, and parent chains that come back on themselves. Empty when the taxonomy holds.
 */
export function taxonomyProblems(categories: readonly Linked[]): TaxonomyProblem[] {
  const problems: TaxonomyProblem[] = [];
  const indexOf = new Map<string, number>();
  categories.forEach(({ key }, index) => {
    const first = indexOf.get(key);
    if (first === undefined) indexOf.set(key, index);
    else problems.push({ index, field: 'key', problem: `'${key}' is already the key of category ${first}` });
  });
  categories.forEach(({ key, parent }, index) => {
    if (parent === null) return;
    if (parent === key) problems.push({ index, field: 'parent', problem: 'a category cannot be its own parent' });
    else if (!indexOf.has(parent)) problems.push({ index, field: 'parent', problem: `no category has the key '${parent}'` });
  });
  if (problems.length === 0) problems.push(...cycles(categories, indexOf));
  return problems;
}

// Each cycle is reported once, at its first category in document order.
function cycles(categories: readonly Linked[], indexOf: ReadonlyMap<string, number>): TaxonomyProblem[] {
  const problems: TaxonomyProblem[] = [];
  const settled = new Set<string>();
  categories.forEach(({ key }) => {
    const path: string[] = [];
    const onPath = new Set<string>();
    for (let at: string | null = key; at !== null && !settled.has(at); at = categories[indexOf.get(at)!]!.parent) {
      if (onPath.has(at)) {
        const loop = path.slice(path.indexOf(at));
        const first = Math.min(...loop.map((k) => indexOf.get(k)!));
        const start = categories[first]!.key;
        const ordered = [...loop.slice(loop.indexOf(start)), ...loop.slice(0, loop.indexOf(start)), start];
        problems.push({ index: first, field: 'parent', problem: `the parents make a cycle: ${ordered.join(' → ')}` });
        break;
      }
      onPath.add(at);
      path.push(at);
    }
    path.forEach((k) => settled.add(k));
  });
  return problems;
}

/** Keys of the categories that name `key` as their parent. */
export function childrenOf(categories: readonly Linked[], key: string): string[] {
  return categories.filter((c) => c.parent === key).map((c) => c.key);
}
