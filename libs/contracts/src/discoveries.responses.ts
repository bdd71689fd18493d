import { z } from 'zod';
import { answerTime, JsonRecord } from './api-shapes.js';
import { EmergingGrowthV1 } from './discovery.v1.js';

/** A discovery run: queued → running → done, failed or cancelled; `cancelling` while a running one is stopping. */
export const DiscoveryRunResponse = z.strictObject({
  id: z.number().int(),
  status: z.enum(['queued', 'running', 'cancelling', 'done', 'failed', 'cancelled']),
  scope: z
    .strictObject({ from: z.string().optional(), to: z.string().optional(), kind: z.string().optional(), channel: z.string().optional(), category: z.string().optional(), unplaced: z.boolean().optional() })
    .describe('Which contacts the run looks at; absent fields do not narrow.'),
  parameters: JsonRecord,
  encoder: z.string().nullable().describe('The sentence encoder\'s name, or `lsa`; null until a classifier claims the run.'),
  modelVersion: z.number().int().nullable(),
  contacts: z.number().int().nullable(),
  progress: z.strictObject({ stage: z.string().nullable(), done: z.number(), total: z.number() }),
  estimate: JsonRecord.nullable(),
  error: z.string().nullable(),
  createdAt: answerTime,
  startedAt: answerTime.nullable(),
  finishedAt: answerTime.nullable(),
});
export type DiscoveryRunResponse = z.infer<typeof DiscoveryRunResponse>;

/** `GET /v1/discoveries`: newest first. */
export const DiscoveryRunList = z.strictObject({ rows: z.array(DiscoveryRunResponse) });
export type DiscoveryRunList = z.infer<typeof DiscoveryRunList>;

export const ThemeExampleResponse = z.strictObject({
  contactId: z.string(),
  similarity: z.number(),
  text: z.string().describe("The customer's own words, redacted as stored."),
});
export type ThemeExampleResponse = z.infer<typeof ThemeExampleResponse>;

/**
 * What a theme could become, as the runner read it from the categories nearest it (libs/domain
 * themeSuggestions). Every field may be missing from runs stored before it was written.
 */
export const ThemeSuggestions = z.object({
  key: z.string().nullable().optional().describe('A category key made from the theme name.'),
  demandType: z.enum(['failure', 'value']).nullable().optional(),
  failureType: z.string().nullable().optional(),
  parent: z.string().nullable().optional(),
  nearestCategories: z.array(z.object({ key: z.string(), name: z.string(), similarity: z.number() })).optional().describe('Nearest first.'),
  step: z
    .object({ key: z.string(), weight: z.number(), through: z.string() })
    .nullable()
    .optional()
    .describe('The value-stream step of the nearest category linked to one, with the category it came through.'),
});
export type ThemeSuggestions = z.infer<typeof ThemeSuggestions>;

/** A theme a run found, and what people decided of it. */
export const ThemeResponse = z.strictObject({
  id: z.number().int(),
  name: z.string(),
  terms: z.array(z.strictObject({ term: z.string(), weight: z.number() })),
  size: z.number().int(),
  status: z.enum(['proposed', 'accepted', 'merged', 'dismissed', 'split']),
  weeklyTrend: z.array(z.strictObject({ week: z.string(), count: z.number().int() })),
  examples: z.array(ThemeExampleResponse),
  suggestions: ThemeSuggestions,
  matchesDismissedTheme: z.number().int().nullable().describe('The dismissed theme this one is again (it was dismissed without being proposed).'),
  splitFrom: z.number().int().nullable(),
  category: z.string().nullable().describe('The category it became or was merged into.'),
  taxonomyVersion: z.number().int().nullable(),
  decidedAt: answerTime.nullable(),
  decidedBy: z.string().nullable().describe('The id of the API key that decided it (null while proposed, or when a later run dismissed it again by itself); never the secret.'),
});
export type ThemeResponse = z.infer<typeof ThemeResponse>;

/** `GET /v1/discoveries/{id}`: the run and its themes. */
export const DiscoveryRunDetailResponse = z.strictObject({ ...DiscoveryRunResponse.shape, themes: z.array(ThemeResponse) });
export type DiscoveryRunDetailResponse = z.infer<typeof DiscoveryRunDetailResponse>;

/** Accepting, merging or dismissing a theme. */
export const ThemeDecisionResponse = z.strictObject({
  theme: ThemeResponse,
  taxonomyVersion: z.number().int().optional().describe('The taxonomy version the decision made (accept), or the one it labelled against (merge).'),
  labelled: z.number().int().optional().describe('Confirmed members labelled with the category.'),
});
export type ThemeDecisionResponse = z.infer<typeof ThemeDecisionResponse>;

/** Splitting a theme: the one split and the two new ones. */
export const ThemeSplitResponse = z.strictObject({ theme: ThemeResponse, themes: z.array(ThemeResponse) });
export type ThemeSplitResponse = z.infer<typeof ThemeSplitResponse>;

/** `GET /v1/discoveries/{id}/themes/{themeId}/members`. */
export const ThemeMembersResponse = z.strictObject({
  theme: z.number().int(),
  total: z.number().int().describe('Members still stored (erasure removes some).'),
  rows: z
    .array(z.strictObject({ contactId: z.string(), similarity: z.number(), occurredAt: answerTime, text: z.string() }))
    .describe("Nearest the centre first: the customers' own (redacted) words."),
});
export type ThemeMembersResponse = z.infer<typeof ThemeMembersResponse>;

/** One raised emerging theme: the theme (decided through its run's theme actions) and its growth. */
export const EmergingThemeResponse = z.strictObject({
  runId: z.number().int().describe('The run the theme belongs to: accept, merge, split or dismiss it at /v1/discoveries/{runId}/themes/{theme.id}/….'),
  raisedAt: answerTime,
  growth: EmergingGrowthV1.describe('Its growth as of the latest emerging run that saw it.'),
  theme: ThemeResponse,
});
export type EmergingThemeResponse = z.infer<typeof EmergingThemeResponse>;

/** `GET /v1/discoveries/emerging`: newest first. */
export const EmergingThemeList = z.strictObject({ rows: z.array(EmergingThemeResponse) });
export type EmergingThemeList = z.infer<typeof EmergingThemeList>;
