import type { Discovery, EmbeddingMatrix } from '@frictionlens/nlp';
import {
  centredCentroidOf,
  centroidOf,
  cosine,
  fingerprintTermsOf,
  matchDismissed,
  meanOf,
  nearestCategories,
  suggestedKeyOf,
  themeSuggestions,
  weeklyTrend,
  type Category,
  type DismissedTheme,
  type StepLinkOf,
} from '@frictionlens/domain';
import type { NewDiscoveryTheme, ScopedContact } from '@frictionlens/persistence';

/** What a run's themes are compared with: the taxonomy, its step links, the dismissed themes. */
export interface ThemeContext {
  contacts: readonly ScopedContact[];
  matrix: EmbeddingMatrix;
  /** The encoder's checksum, or `lsa`. */
  space: string;
  categories: readonly Category[];
  categoryRows: ReadonlyMap<string, EmbeddingMatrix>;
  links: readonly StepLinkOf[];
  dismissed: readonly DismissedTheme[];
  /** Centroid cosine from which a theme is a dismissed one again. */
  dismissedCosine?: number;
}

const NEAREST = 3;

/**
 * The records of a run's themes: members with their cosine to the theme's centroid (nearest
 * first), the example contacts, the weekly trend on the run's own axis, suggestions from the
 * nearest categories (compared with the run's mean taken out, since sentence embeddings share a
 * large common direction), and, for a theme that is a dismissed one again, status `dismissed`.
 */
export function themeRecordsOf(discovery: Discovery, context: ThemeContext): NewDiscoveryTheme[] {
  const { contacts, matrix, categories } = context;
  const { data, dimensions } = matrix;
  const origin = meanOf(data, dimensions, contacts.keys());
  const categoryCentroids = new Map([...context.categoryRows].map(([key, rows]) => [key, centredCentroidOf(rows.data, dimensions, range(rows.rows), origin)]));
  const span = spanOf(contacts);
  return discovery.themes.map((theme) => {
    const centroid = centroidOf(data, dimensions, theme.members);
    const similarityOf = (row: number) => round(cosine(data.subarray(row * dimensions, (row + 1) * dimensions), centroid));
    const members = theme.members.map((row) => ({ contactId: contacts[row]!.id, similarity: similarityOf(row) })).sort((a, b) => b.similarity - a.similarity);
    const nearest = nearestCategories(centredCentroidOf(data, dimensions, theme.members, origin), categoryCentroids, categories, NEAREST);
    const fingerprintTerms = fingerprintTermsOf(theme.terms);
    const match = matchDismissed({ terms: fingerprintTerms, centroid, centroidEncoder: context.space }, context.dismissed, { cosine: context.dismissedCosine });
    return {
      name: theme.name,
      terms: theme.terms.map((t) => ({ term: t.term, weight: round(t.weight) })),
      weeklyTrend: span ? weeklyTrend(theme.members.map((row) => contacts[row]!.occurredAt), span) : [],
      examples: theme.examples.map((e) => ({ contactId: contacts[e.row]!.id, similarity: similarityOf(e.row) })),
      suggestions: { key: suggestedKeyOf(theme.terms.map((t) => t.term)), ...themeSuggestions(nearest, categories, context.links), ...(match ? { dismissedMatch: match } : {}) },
      status: match ? 'dismissed' : 'proposed',
      fingerprintTerms,
      centroid,
      centroidEncoder: context.space,
      matchesDismissedThemeId: match?.themeId ?? null,
      members,
    };
  });
}

function spanOf(contacts: readonly ScopedContact[]): { first: Date; last: Date } | undefined {
  if (contacts.length === 0) return undefined;
  let first = contacts[0]!.occurredAt;
  let last = first;
  for (const c of contacts) {
    if (c.occurredAt < first) first = c.occurredAt;
    if (c.occurredAt > last) last = c.occurredAt;
  }
  return { first, last };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const round = (x: number) => Math.round(x * 10_000) / 10_000;
