import { discoveryScopeKey } from '@frictionlens/domain';
import type { DiscoveryRepository, DiscoveryScope, NewDiscoveryTheme } from '@frictionlens/persistence';

/**
 * A proposed theme as the discovery runner stores one: its terms from its name, its members
 * (contact ids, nearest the centre first) and the first three of them as the customers' words.
 */
export function aProposedTheme(name: string, memberIds: string[], options: { suggestions?: Record<string, unknown>; weeklyTrend?: NewDiscoveryTheme['weeklyTrend'] } = {}): NewDiscoveryTheme {
  return {
    name,
    terms: name.split(' ').map((term, i) => ({ term, weight: 1 - i / 10 })),
    weeklyTrend: options.weeklyTrend ?? [],
    examples: memberIds.slice(0, 3).map((contactId, i) => ({ contactId, similarity: 0.9 - i / 10 })),
    suggestions: options.suggestions ?? {},
    status: 'proposed',
    fingerprintTerms: name.split(' ').sort(),
    centroid: new Float32Array([1, 0, 0, 0]),
    centroidEncoder: 'lsa',
    matchesDismissedThemeId: null,
    members: memberIds.map((contactId, i) => ({ contactId, similarity: 0.9 - i / 20 })),
  };
}

/** A finished run over `contactCount` contacts, stored as the classifier's runner stores one (queued, claimed, described, completed); its id. */
export async function aFinishedRun(runs: DiscoveryRepository, scope: DiscoveryScope, contactCount: number, themes: NewDiscoveryTheme[]): Promise<number> {
  const runId = (await runs.enqueue({ scope, scopeKey: discoveryScopeKey(scope), parameters: {}, requestedBy: null }))!.id;
  const claimed = await runs.claimNext();
  if (claimed?.id !== runId) throw new Error(`run ${runId} was queued, but run ${claimed?.id ?? 'none'} was claimed`);
  await runs.describe(runId, { encoder: 'lsa', encoderChecksum: 'lsa', modelVersionId: null, contactCount });
  await runs.complete(runId, themes, { k: themes.length });
  return runId;
}
