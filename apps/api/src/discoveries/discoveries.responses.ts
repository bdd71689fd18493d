import type { DiscoveryRunResponse, ThemeResponse } from '@frictionlens/contracts';
import type { DiscoveryRun, DiscoveryTheme } from '@frictionlens/persistence';

// The shapes are the zod schemas of libs/contracts (discoveries.responses.ts); these map stored runs and themes onto them.
export type {
  DiscoveryRunDetailResponse,
  DiscoveryRunResponse,
  EmergingThemeResponse,
  ThemeDecisionResponse,
  ThemeExampleResponse,
  ThemeMembersResponse,
  ThemeResponse,
  ThemeSplitResponse,
} from '@frictionlens/contracts';

export function toRunResponse(run: DiscoveryRun): DiscoveryRunResponse {
  return {
    id: run.id,
    status: run.status,
    scope: run.scope,
    parameters: run.parameters,
    encoder: run.encoder,
    modelVersion: run.modelVersionId,
    contacts: run.contactCount,
    progress: run.progress,
    estimate: run.estimate,
    error: run.error,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

export function toThemeResponse(theme: DiscoveryTheme, texts: ReadonlyMap<string, string>): ThemeResponse {
  return {
    id: theme.id,
    name: theme.name,
    terms: theme.terms,
    size: theme.size,
    status: theme.status,
    weeklyTrend: theme.weeklyTrend,
    // An erased contact's example is gone with it.
    examples: theme.examples.flatMap((e) => (texts.has(e.contactId) ? [{ ...e, text: texts.get(e.contactId)! }] : [])),
    suggestions: theme.suggestions,
    matchesDismissedTheme: theme.matchesDismissedThemeId,
    splitFrom: theme.splitFromThemeId,
    category: theme.categoryKey,
    taxonomyVersion: theme.taxonomyVersionId,
    decidedAt: theme.decidedAt?.toISOString() ?? null,
    decidedBy: theme.decidedBy,
  };
}
