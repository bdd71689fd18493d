import type { EmergingGrowthV1 } from '@frictionlens/contracts';
import type { DiscoveryRun, DiscoveryTheme } from '@frictionlens/persistence';

export interface DiscoveryRunResponse {
  id: number;
  /** queued → running → done, failed or cancelled; `cancelling` while a running one is stopping. */
  status: DiscoveryRun['status'];
  scope: DiscoveryRun['scope'];
  parameters: Record<string, unknown>;
  /** The sentence encoder's name, or `lsa`; null until a classifier claims the run. */
  encoder: string | null;
  modelVersion: number | null;
  contacts: number | null;
  progress: { stage: string | null; done: number; total: number };
  estimate: Record<string, unknown> | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ThemeExampleResponse {
  contactId: string;
  similarity: number;
  /** The customer's own words, redacted as stored. */
  text: string;
}

export interface ThemeResponse {
  id: number;
  name: string;
  terms: Array<{ term: string; weight: number }>;
  size: number;
  status: DiscoveryTheme['status'];
  weeklyTrend: Array<{ week: string; count: number }>;
  examples: ThemeExampleResponse[];
  suggestions: Record<string, unknown>;
  /** The dismissed theme this one is again (it was dismissed without being proposed). */
  matchesDismissedTheme: number | null;
  splitFrom: number | null;
  /** The category it became or was merged into. */
  category: string | null;
  taxonomyVersion: number | null;
  decidedAt: string | null;
}

export interface DiscoveryRunDetailResponse extends DiscoveryRunResponse {
  themes: ThemeResponse[];
}

export interface ThemeDecisionResponse {
  theme: ThemeResponse;
  /** The taxonomy version the decision made (accept), or the one it labelled against (merge). */
  taxonomyVersion?: number;
  /** Confirmed members labelled with the category. */
  labelled?: number;
}

export interface ThemeSplitResponse {
  theme: ThemeResponse;
  themes: ThemeResponse[];
}

export interface ThemeMembersResponse {
  theme: number;
  /** Members still stored (erasure removes some). */
  total: number;
  /** Nearest the centre first: the customers' own (redacted) words. */
  rows: Array<{ contactId: string; similarity: number; occurredAt: string; text: string }>;
}

/** A raised emerging theme (`GET /v1/discoveries/emerging`; its OpenAPI schema: EmergingThemeV1). */
export interface EmergingThemeResponse {
  /** Its run: the theme is decided at /v1/discoveries/{runId}/themes/{theme.id}/…. */
  runId: number;
  raisedAt: string;
  /** Its growth as of the latest emerging run that saw it. */
  growth: EmergingGrowthV1;
  theme: ThemeResponse;
}

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
  };
}
