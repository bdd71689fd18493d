import { centroidOf, cosine, LSA_SPACE, splitInTwo, suggestedKeyOf, weeklyTrend, fingerprintTermsOf } from '@frictionlens/domain';
import { lsaEmbeddings, matrixOf, themeNameOf, themeTerms, type EmbeddingMatrix } from '@frictionlens/nlp';
import type { DiscoveryTheme, NewDiscoveryTheme } from '@frictionlens/persistence';

export interface SplitMember {
  contactId: string;
  text: string;
  occurredAt: Date;
  /** Its stored embedding by the run's encoder, when there is one. */
  vector?: Float32Array;
}

const EXAMPLES = 5;
const TERMS = 5;

/**
 * A theme's members in two new themes by 2-means, each named by its class-based TF-IDF terms, with
 * its own trend (on the parent's weeks) and examples; the suggestions are the parent's (its
 * nearest categories). In the run's encoder space when every member has its stored embedding,
 * else in a TF-IDF/LSA space of the members' texts. Undefined when the members do not split.
 */
export function splitTheme(parent: DiscoveryTheme, members: readonly SplitMember[], encoderChecksum: string | null): [NewDiscoveryTheme, NewDiscoveryTheme] | undefined {
  if (members.length < 2) return undefined;
  const stored = encoderChecksum !== null && encoderChecksum !== LSA_SPACE && members.every((m) => m.vector);
  const matrix: EmbeddingMatrix = stored ? stackOf(members.map((m) => m.vector!)) : lsaEmbeddings(members.map((m) => m.text), { dimensions: Math.min(64, members.length) });
  const rows = members.map((_, i) => i);
  const side = splitInTwo(matrix.data, matrix.dimensions, rows);
  const assignments = Int32Array.from(side);
  if (assignments.every((s) => s === assignments[0])) return undefined;
  const terms = themeTerms(members.map((m) => m.text), assignments, 2, TERMS);
  const span = spanOf(parent);
  const space = stored ? encoderChecksum! : LSA_SPACE;
  const make = (s: 0 | 1): NewDiscoveryTheme => {
    const own = rows.filter((i) => side[i] === s);
    const centroid = centroidOf(matrix.data, matrix.dimensions, own);
    const ranked = own
      .map((i) => ({ contactId: members[i]!.contactId, similarity: round(cosine(matrix.data.subarray(i * matrix.dimensions, (i + 1) * matrix.dimensions), centroid)) }))
      .sort((a, b) => b.similarity - a.similarity);
    return {
      name: themeNameOf(terms[s]!),
      terms: terms[s]!.map((t) => ({ term: t.term, weight: round(t.weight) })),
      weeklyTrend: span ? weeklyTrend(own.map((i) => members[i]!.occurredAt), span) : [],
      examples: ranked.slice(0, EXAMPLES),
      suggestions: { ...parent.suggestions, key: suggestedKeyOf(terms[s]!.map((t) => t.term)) },
      status: 'proposed',
      fingerprintTerms: fingerprintTermsOf(terms[s]!),
      centroid,
      centroidEncoder: space,
      matchesDismissedThemeId: null,
      splitFromThemeId: parent.id,
      members: ranked,
    };
  };
  return [make(0), make(1)];
}

function stackOf(vectors: readonly Float32Array[]): EmbeddingMatrix {
  const dimensions = vectors[0]!.length;
  const data = new Float32Array(vectors.length * dimensions);
  vectors.forEach((v, i) => data.set(v, i * dimensions));
  return matrixOf(data, dimensions);
}

// The parent's trend axis: its first week's Monday to its last week's Sunday.
function spanOf(parent: DiscoveryTheme): { first: Date; last: Date } | undefined {
  const weeks = parent.weeklyTrend;
  if (weeks.length === 0) return undefined;
  return { first: new Date(`${weeks[0]!.week}T00:00:00Z`), last: new Date(Date.parse(`${weeks.at(-1)!.week}T00:00:00Z`) + 6 * 86_400_000) };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
