import { z } from 'zod';
import { Channel } from './channel.js';
import { DemandType, UNCLASSIFIED_CATEGORY } from './contact-classified.v1.js';
import { ContactKind } from './contact-kind.js';
import { CategoryKey, FailureTypeKey } from './taxonomy.v1.js';
import { StepKey } from './value-stream.v1.js';

const isoDate = z.iso.date('must be a date as YYYY-MM-DD');

/**
 * Which contacts a discovery run clusters (`POST /v1/discoveries`): `from` inclusive and `to`
 * exclusive (UTC dates), one kind, one channel, one current category (a reviewer's label, else
 * the model's) or `unclassified`. An empty scope is every contact.
 */
export const DiscoveryScopeV1 = z
  .object({
    from: isoDate.optional().describe('First day (UTC) of the contacts, inclusive.'),
    to: isoDate.optional().describe('Day (UTC) after the last contact, exclusive.'),
    kind: ContactKind.optional(),
    channel: Channel.optional(),
    category: z
      .union([z.literal(UNCLASSIFIED_CATEGORY), CategoryKey], { error: `must be a category key or '${UNCLASSIFIED_CATEGORY}'` })
      .optional()
      .describe(`The contacts' current category, or "${UNCLASSIFIED_CATEGORY}": what the classifier could not place.`),
  })
  .strict()
  .refine((s) => !s.from || !s.to || s.from < s.to, { path: ['to'], message: 'must be after from' });
export type DiscoveryScopeV1 = z.infer<typeof DiscoveryScopeV1>;

const whole = (min: number, max: number) => z.number({ error: 'must be a number' }).int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

/** How a run clusters; every field has a default (docs/discovery.md). */
export const DiscoveryOptionsV1 = z
  .object({
    maxContacts: whole(10, 100_000).optional().describe("The scope's newest contacts clustered, at most (default 50,000)."),
    sampleSize: whole(100, 8_000).optional().describe('Contacts clustered to estimate the number of themes (default 4,000).'),
    thresholdRatio: z.number({ error: 'must be a number' }).min(0.1, 'must be at least 0.1').max(1.5, 'must be at most 1.5').optional().describe('Where the sample dendrogram is cut, as a share of its median distance, at 20 contacts per theme in the sample (default 0.58; raised by 0.10 per unit of ln(contacts per theme / 20), within 0.5–0.75): lower finds more, smaller themes.'),
    minThemeSize: whole(2, 1_000).optional().describe('A cluster of the sample counts as a theme from this many members (default 5).'),
    restarts: whole(0, 5).optional(),
    maxIterations: whole(1, 200).optional(),
    examplesPerTheme: whole(1, 10).optional().describe("Contacts nearest each theme's centre shown with it (default 5)."),
    termsPerTheme: whole(1, 10).optional(),
    seed: whole(0, 2_147_483_647).optional(),
  })
  .strict();
export type DiscoveryOptionsV1 = z.infer<typeof DiscoveryOptionsV1>;

/** `POST /v1/discoveries`. */
export const DiscoveryRequestV1 = z
  .object({
    scope: DiscoveryScopeV1.optional().describe('Which contacts; absent: all.'),
    options: DiscoveryOptionsV1.optional(),
  })
  .strict();
export type DiscoveryRequestV1 = z.infer<typeof DiscoveryRequestV1>;

/** A contact id as the API gives it: a positive whole number, as a string. */
export const ContactIdV1 = z.string().regex(/^[1-9][0-9]{0,18}$/, 'must be a contact id (a positive whole number, as a string)');

// Which of a theme's members a person confirmed: all of them, a list, or all but a list.
const memberChoice = {
  members: z.array(ContactIdV1).min(1, 'must name at least one contact').max(100_000, 'must hold at most 100,000 contacts').optional().describe("The confirmed members (contact ids of the theme); absent: all the theme's members."),
  excludeMembers: z.array(ContactIdV1).max(100_000, 'must hold at most 100,000 contacts').optional().describe('Members the person rejected (when `members` is absent).'),
};

/** `POST /v1/discoveries/{id}/themes/{themeId}/accept`: the theme becomes a new category. */
export const ThemeAcceptV1 = z
  .object({
    key: CategoryKey,
    name: z.string().trim().min(1, 'must not be blank').max(200, 'must be at most 200 characters').optional(),
    description: z.string().trim().max(4000, 'must be at most 4000 characters').optional(),
    demandType: z.enum(DemandType.options, { message: "must be 'failure' or 'value'" }),
    failureType: FailureTypeKey.nullish(),
    parent: CategoryKey.nullish(),
    step: StepKey.nullish().describe('The value-stream step where its friction begins (linked with weight 1).'),
    ...memberChoice,
  })
  .strict()
  .refine((b) => !(b.members && b.excludeMembers), { path: ['excludeMembers'], message: 'give either members or excludeMembers, not both' });
export type ThemeAcceptV1 = z.infer<typeof ThemeAcceptV1>;

/** `POST /v1/discoveries/{id}/themes/{themeId}/merge`: the theme's confirmed members become examples of an existing category. */
export const ThemeMergeV1 = z
  .object({ into: CategoryKey, ...memberChoice })
  .strict()
  .refine((b) => !(b.members && b.excludeMembers), { path: ['excludeMembers'], message: 'give either members or excludeMembers, not both' });
export type ThemeMergeV1 = z.infer<typeof ThemeMergeV1>;

/** `GET /v1/discoveries`. */
export const DiscoveryListQueryV1 = z
  .object({ limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(200, 'must be at most 200').default(50) })
  .strict();
export type DiscoveryListQueryV1 = z.infer<typeof DiscoveryListQueryV1>;

/** `GET /v1/discoveries/{id}`. */
export const DiscoveryGetQueryV1 = z
  .object({
    themes: z.enum(['proposed', 'all'], { message: "must be 'proposed' or 'all'" }).default('all').describe('proposed: only the themes waiting for a decision.'),
  })
  .strict();
export type DiscoveryGetQueryV1 = z.infer<typeof DiscoveryGetQueryV1>;

/** `GET /v1/discoveries/{id}/themes/{themeId}/members`: a page of a theme's contacts, nearest the centre first. */
export const ThemeMembersQueryV1 = z
  .object({
    limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(1_000, 'must be at most 1000').default(100),
    offset: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must not be negative').max(1_000_000, 'must be at most 1000000').default(0),
  })
  .strict();
export type ThemeMembersQueryV1 = z.infer<typeof ThemeMembersQueryV1>;

/** `GET /v1/discoveries/emerging`: the raised emerging themes, newest first. */
export const EmergingListQueryV1 = z
  .object({
    status: z.enum(['open', 'all'], { message: "must be 'open' or 'all'" }).default('open').describe('open: only the raised themes still waiting for a decision (proposed); all: those decided too.'),
    limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(20),
  })
  .strict();
export type EmergingListQueryV1 = z.infer<typeof EmergingListQueryV1>;

/** How an emerging theme grows against its own baseline (libs/domain themeGrowth), as of the latest emerging run that saw it. */
export const EmergingGrowthV1 = z.object({
  emerging: z.boolean().describe('Whether it grew against its baseline in that run (the theme stays raised either way until decided).'),
  recentCount: z.number().int().describe('Its contacts in the recent period.'),
  baselineCounts: z.array(z.number().int()).describe('Its contacts in each baseline period, oldest first.'),
  baselineRate: z.number().describe('Its mean contacts per period over the baseline periods.'),
  ratio: z.number().nullable().describe('recentCount / baselineRate; null when the baseline is empty (new in the recent period).'),
  zScore: z.number().describe('Poisson standard deviations above the baseline.'),
  pValue: z.number().describe('P(X ≥ recentCount) for X ~ Poisson(max(baselineRate, 1)).'),
  periodDays: z.number().int(),
  recentFrom: z.string().describe('The recent period, from (ISO timestamp)…'),
  recentTo: z.string().describe('…to, exclusive.'),
  words: z.string().describe('The figures and verdict in words.'),
  runId: z.number().int().describe('The emerging run these figures come from.'),
  themeId: z.number().int().describe("That run's theme."),
  themeIds: z.array(z.number().int()).describe("All of that run's themes counted as this one (the run may split one new demand into parts that share their top terms)."),
});
export type EmergingGrowthV1 = z.infer<typeof EmergingGrowthV1>;
