import { api } from './api.js';
import type { CategoryResponse, FailureTypeResponse, TaxonomyVersionResponse, ValueStreamResponse } from '@frictionlens/contracts';

// Names for keys, fetched once per page load: the taxonomy's categories and the value streams' steps.

let current: Promise<TaxonomyVersionResponse> | undefined;
let streams: Promise<ValueStreamResponse[]> | undefined;

function currentTaxonomy(): Promise<TaxonomyVersionResponse> {
  current ??= api<TaxonomyVersionResponse>('/v1/taxonomy').catch((error: unknown) => {
    current = undefined;
    throw error;
  });
  return current;
}

export function taxonomy(): Promise<Map<string, CategoryResponse>> {
  return currentTaxonomy().then((t) => new Map(t.categories.map((c) => [c.key, c])));
}

/** The current taxonomy's failure types, in the order it gives them. */
export function failureTypes(): Promise<FailureTypeResponse[]> {
  return currentTaxonomy().then((t) => t.failureTypes ?? [], () => []);
}

/** A failure type's name ("No type" for failure demand whose category has none). */
export async function failureTypeNames(): Promise<(key: string | null | undefined) => string> {
  const map = new Map((await failureTypes()).map((t) => [t.key, t.name]));
  return (key) => (key ? (map.get(key) ?? key) : 'No type');
}

export function valueStreams(): Promise<ValueStreamResponse[]> {
  streams ??= api<ValueStreamResponse[]>('/v1/value-streams').catch((error: unknown) => {
    streams = undefined;
    throw error;
  });
  return streams;
}

export function forgetNames(): void {
  current = undefined;
  streams = undefined;
}

export async function categoryName(key: string): Promise<string> {
  if (key === 'unclassified') return 'Unclassified';
  return (await taxonomy().catch(() => new Map<string, CategoryResponse>())).get(key)?.name ?? key;
}

export async function categoryNames(): Promise<(key: string) => string> {
  const map = await taxonomy().catch(() => new Map<string, CategoryResponse>());
  return (key) => (key === 'unclassified' ? 'Unclassified' : (map.get(key)?.name ?? key));
}

export async function stepNames(): Promise<(key: string) => string> {
  const all = await valueStreams().catch(() => [] as ValueStreamResponse[]);
  const map = new Map(all.flatMap((s) => s.steps.map((step) => [step.key, step.name] as const)));
  return (key) => map.get(key) ?? key;
}
