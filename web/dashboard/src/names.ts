import { api, type TaxonomyCategory, type TaxonomyResponse, type ValueStream } from './api.js';

// Names for keys, fetched once per page load: the taxonomy's categories and the value streams' steps.

let categories: Promise<Map<string, TaxonomyCategory>> | undefined;
let streams: Promise<ValueStream[]> | undefined;

export function taxonomy(): Promise<Map<string, TaxonomyCategory>> {
  categories ??= api<TaxonomyResponse>('/v1/taxonomy').then(
    (t) => new Map(t.categories.map((c) => [c.key, c])),
    (error: unknown) => {
      categories = undefined;
      throw error;
    },
  );
  return categories;
}

export function valueStreams(): Promise<ValueStream[]> {
  streams ??= api<ValueStream[]>('/v1/value-streams').catch((error: unknown) => {
    streams = undefined;
    throw error;
  });
  return streams;
}

export function forgetNames(): void {
  categories = undefined;
  streams = undefined;
}

export async function categoryName(key: string): Promise<string> {
  if (key === 'unclassified') return 'Unclassified';
  return (await taxonomy().catch(() => new Map<string, TaxonomyCategory>())).get(key)?.name ?? key;
}

export async function categoryNames(): Promise<(key: string) => string> {
  const map = await taxonomy().catch(() => new Map<string, TaxonomyCategory>());
  return (key) => (key === 'unclassified' ? 'Unclassified' : (map.get(key)?.name ?? key));
}

export async function stepNames(): Promise<(key: string) => string> {
  const all = await valueStreams().catch(() => [] as ValueStream[]);
  const map = new Map(all.flatMap((s) => s.steps.map((step) => [step.key, step.name] as const)));
  return (key) => map.get(key) ?? key;
}
