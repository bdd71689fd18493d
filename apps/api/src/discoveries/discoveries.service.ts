import { isDeepStrictEqual } from 'node:util';
import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TaxonomyCategoryUpdateV1, type EmergingGrowthV1, type EmergingListQueryV1, type ThemeMembersQueryV1, type DiscoveryGetQueryV1, type DiscoveryRequestV1, type ThemeAcceptV1, type ThemeMergeV1 } from '@frictionlens/contracts';
import { discoveryScopeKey } from '@frictionlens/domain';
import { DiscoveryRepository, EmbeddingRepository, EmergingThemeRepository, TaxonomyRepository, TransactionRunner, ValueStreamRepository, withAdvisoryLock, type DiscoveryRun, type DiscoveryTheme } from '@frictionlens/persistence';
import { invalidRequest } from '@frictionlens/platform';
import { TaxonomyService } from '../taxonomy/taxonomy.service.js';
import { ValueStreamsService } from '../value-streams/value-streams.service.js';
import {
  toRunResponse,
  toThemeResponse,
  type DiscoveryRunDetailResponse,
  type DiscoveryRunResponse,
  type EmergingThemeResponse,
  type ThemeDecisionResponse,
  type ThemeMembersResponse,
  type ThemeResponse,
  type ThemeSplitResponse,
} from './discoveries.responses.js';
import { splitTheme } from './theme-split.js';

type MemberChoice = Pick<ThemeAcceptV1, 'members' | 'excludeMembers'>;

/**
 * Discovery runs (docs/discovery.md): queued here, worked by a classifier instance, read back
 * with their themes and the customers' own words; a person then accepts a theme as a new
 * category (a new taxonomy version through the taxonomy's edit path), merges it into one,
 * splits it or dismisses it. Confirmed members become reviewers' labels of the category.
 */
@Injectable()
export class DiscoveriesService {
  private readonly logger = new Logger(DiscoveriesService.name);
  constructor(
    // A connection of its own for the session-level advisory lock of a decision (exclusively).
    private readonly db: DataSource,
    private readonly discoveries: DiscoveryRepository,
    private readonly emergingThemes: EmergingThemeRepository,
    private readonly taxonomyVersions: TaxonomyRepository,
    private readonly streams: ValueStreamRepository,
    private readonly embeddings: EmbeddingRepository,
    private readonly transactions: TransactionRunner,
    private readonly taxonomy: TaxonomyService,
    private readonly valueStreams: ValueStreamsService,
  ) {}

  /** Queues a run; 409 while a run of the same scope is queued or running. */
  async create(body: DiscoveryRequestV1): Promise<DiscoveryRunResponse> {
    const scope = body.scope ?? {};
    const scopeKey = discoveryScopeKey(scope);
    const run = await this.discoveries.enqueue({ scope, scopeKey, parameters: body.options ?? {}, requestedBy: null });
    if (!run) {
      const active = await this.discoveries.activeFor(scopeKey);
      throw new ConflictException(`discovery run ${active?.id ?? '?'} of this scope is ${active?.status ?? 'active'}: wait for it or cancel it (POST /v1/discoveries/${active?.id ?? '{id}'}/cancel)`);
    }
    this.logger.log({ runId: run.id, scope: scopeKey }, 'discovery run queued');
    return toRunResponse(run);
  }

  async list(limit: number): Promise<{ rows: DiscoveryRunResponse[] }> {
    return { rows: (await this.discoveries.list(limit)).map(toRunResponse) };
  }

  async get(id: number, query: DiscoveryGetQueryV1): Promise<DiscoveryRunDetailResponse> {
    const run = await this.runOrFail(id);
    const themes = (await this.discoveries.themesOf(id)).filter((t) => query.themes === 'all' || t.status === 'proposed');
    return { ...toRunResponse(run), themes: await this.themeResponses(themes) };
  }

  /**
   * The raised emerging themes (docs/discovery.md, "Emerging themes"), newest first, with their
   * growth against their own baseline and the customers' own words; `open`: those still proposed.
   */
  async emerging(query: EmergingListQueryV1): Promise<{ rows: EmergingThemeResponse[] }> {
    const raised = await this.emergingThemes.raised(query);
    const themes = await this.themeResponses(raised.map((r) => r.theme));
    return {
      rows: raised.map((r, i) => ({ runId: r.theme.runId, raisedAt: r.raisedAt.toISOString(), growth: r.emerging as EmergingGrowthV1, theme: themes[i]! })),
    };
  }

  /** A page of a theme's members with their texts, for a person to confirm or reject them. */
  async members(runId: number, themeId: number, page: ThemeMembersQueryV1): Promise<ThemeMembersResponse> {
    await this.runOrFail(runId);
    if (!(await this.discoveries.theme(runId, themeId))) throw new NotFoundException(`discovery run ${runId} has no theme ${themeId}`);
    const rows = await this.discoveries.membersOf(themeId, page);
    return { theme: themeId, total: await this.discoveries.memberCount(themeId), rows: rows.map((m) => ({ contactId: m.contactId, similarity: m.similarity, occurredAt: m.occurredAt.toISOString(), text: m.text })) };
  }

  /** Cancels a queued run at once; a running one is stopped by its runner (`cancelling`). 409 once it has ended. */
  async cancel(id: number): Promise<DiscoveryRunResponse> {
    const before = await this.runOrFail(id);
    if (!['queued', 'running', 'cancelling'].includes(before.status)) throw new ConflictException(`discovery run ${id} is ${before.status} already`);
    return toRunResponse((await this.discoveries.cancel(id))!);
  }

  /** The theme becomes a new category in a new taxonomy version; its confirmed members, labelled examples of it. */
  accept(runId: number, themeId: number, body: ThemeAcceptV1, decidedBy: string | null): Promise<ThemeDecisionResponse> {
    return this.exclusively(themeId, () => this.acceptNow(runId, themeId, body, decidedBy));
  }

  private async acceptNow(runId: number, themeId: number, body: ThemeAcceptV1, decidedBy: string | null): Promise<ThemeDecisionResponse> {
    const { theme, members } = await this.decidable(runId, themeId, body);
    const current = await this.taxonomyVersions.currentVersion();
    const existing = current?.categories.find((c) => c.key === body.key);
    // An earlier attempt at this very decision made the category and failed after: it carries on from there.
    const resumed = existing && isDeepStrictEqual(existing.attributes['discoveredBy'], { run: runId, theme: themeId });
    if (existing && !resumed) {
      throw invalidRequest([{ field: 'key', problem: `'${body.key}' is a category already: merge the theme into it (POST …/merge) or choose another key` }]);
    }
    if (body.step && !(await this.streams.findStep(body.step))) {
      throw invalidRequest([{ field: 'step', problem: `no value-stream step '${body.step}' (GET /v1/value-streams lists them)` }]);
    }
    // Through the taxonomy's own edit path: its checks (parent, failure type) and a new version.
    const put = resumed ? { version: current!.id } : await this.taxonomy.putCategory(
      body.key,
      TaxonomyCategoryUpdateV1.parse({
        key: body.key,
        name: body.name ?? theme.name,
        description: body.description,
        demandType: body.demandType,
        parent: body.parent,
        failureType: body.demandType === 'failure' ? body.failureType : undefined,
        discoveredBy: { run: runId, theme: themeId },
      }),
    );
    if (body.step) await this.valueStreams.putCategorySteps(body.key, { steps: [{ step: body.step, weight: 1 }] });
    const labelled = await this.discoveries.labelContacts(members, body.key, put.version, reviewerOf(theme));
    await this.discoveries.decide(theme.id, { status: 'accepted', categoryKey: body.key, taxonomyVersionId: put.version, decidedBy });
    this.logger.log({ runId, themeId, category: body.key, taxonomyVersion: put.version, labelled }, 'discovery theme accepted as a category');
    return { theme: await this.themeResponse(runId, themeId), taxonomyVersion: put.version, labelled };
  }

  /** The theme's confirmed members become labelled examples of an existing category (no new version). */
  merge(runId: number, themeId: number, body: ThemeMergeV1, decidedBy: string | null): Promise<ThemeDecisionResponse> {
    return this.exclusively(themeId, () => this.mergeNow(runId, themeId, body, decidedBy));
  }

  private async mergeNow(runId: number, themeId: number, body: ThemeMergeV1, decidedBy: string | null): Promise<ThemeDecisionResponse> {
    const { theme, members } = await this.decidable(runId, themeId, body);
    const current = await this.taxonomyVersions.currentVersion();
    if (!current?.categories.some((c) => c.key === body.into)) {
      throw invalidRequest([{ field: 'into', problem: current ? `taxonomy version ${current.id} has no category '${body.into}'` : 'no taxonomy has been imported yet' }]);
    }
    const labelled = await this.discoveries.labelContacts(members, body.into, current.id, reviewerOf(theme));
    await this.discoveries.decide(theme.id, { status: 'merged', categoryKey: body.into, taxonomyVersionId: current.id, decidedBy });
    this.logger.log({ runId, themeId, category: body.into, labelled }, 'discovery theme merged into a category');
    return { theme: await this.themeResponse(runId, themeId), taxonomyVersion: current.id, labelled };
  }

  /** Two new themes from the theme's members (2-means); the theme itself becomes `split`. */
  split(runId: number, themeId: number, decidedBy: string | null): Promise<ThemeSplitResponse> {
    return this.exclusively(themeId, () => this.splitNow(runId, themeId, decidedBy));
  }

  private async splitNow(runId: number, themeId: number, decidedBy: string | null): Promise<ThemeSplitResponse> {
    const run = await this.runOrFail(runId);
    const { theme } = await this.decidable(runId, themeId, {});
    const members = await this.discoveries.membersOf(themeId);
    const vectors = run.encoderChecksum && run.encoderChecksum !== 'lsa' ? await this.embeddings.findForContacts(run.encoderChecksum, members.map((m) => m.contactId)) : new Map<string, Float32Array>();
    const halves = splitTheme(theme, members.map((m) => ({ ...m, ...(vectors.has(m.contactId) ? { vector: vectors.get(m.contactId)! } : {}) })), run.encoderChecksum);
    if (!halves) throw new ConflictException(`theme ${themeId} does not split: its ${members.length} contacts are alike`);
    const ids = await this.transactions.run(async (tx) => {
      const discoveries = tx.discoveries;
      const inserted = await discoveries.insertThemes(runId, halves);
      await discoveries.decide(themeId, { status: 'split', decidedBy });
      return inserted;
    });
    const themes = (await this.discoveries.themesOf(runId)).filter((t) => ids.includes(t.id));
    return { theme: await this.themeResponse(runId, themeId), themes: await this.themeResponses(themes) };
  }

  /** Dismisses the theme; later runs dismiss a theme that matches it without proposing it. */
  dismiss(runId: number, themeId: number, decidedBy: string | null): Promise<ThemeDecisionResponse> {
    return this.exclusively(themeId, () => this.dismissNow(runId, themeId, decidedBy));
  }

  private async dismissNow(runId: number, themeId: number, decidedBy: string | null): Promise<ThemeDecisionResponse> {
    const { theme } = await this.decidable(runId, themeId, {});
    await this.discoveries.decide(theme.id, { status: 'dismissed', decidedBy });
    return { theme: await this.themeResponse(runId, themeId) };
  }

  // One decision on a theme at a time, across API instances: a second request meanwhile is a 409.
  private async exclusively<T>(themeId: number, work: () => Promise<T>): Promise<T> {
    const decided = await withAdvisoryLock(this.db, [DECISION_LOCK, themeId], work);
    if (!decided.locked) throw new ConflictException(`theme ${themeId} is being decided by another request`);
    return decided.value;
  }

  // A proposed theme of a finished run, and the members a person confirmed (400 naming a contact that is not one).
  private async decidable(runId: number, themeId: number, choice: MemberChoice): Promise<{ theme: DiscoveryTheme; members: string[] }> {
    const run = await this.runOrFail(runId);
    if (run.status !== 'done') throw new ConflictException(`discovery run ${runId} is ${run.status}: its themes can be decided once it is done`);
    const theme = await this.discoveries.theme(runId, themeId);
    if (!theme) throw new NotFoundException(`discovery run ${runId} has no theme ${themeId}`);
    if (theme.status !== 'proposed') throw new ConflictException(`theme ${themeId} is ${theme.status} already`);
    const all = (await this.discoveries.membersOf(themeId)).map((m) => m.contactId);
    const known = new Set(all);
    const named = choice.members ?? choice.excludeMembers ?? [];
    const problems = named.flatMap((id, i) => (known.has(id) ? [] : [{ field: `${choice.members ? 'members' : 'excludeMembers'}.${i}`, problem: `contact ${id} is not a member of theme ${themeId}` }]));
    if (problems.length) throw invalidRequest(problems);
    const excluded = new Set(choice.excludeMembers ?? []);
    return { theme, members: choice.members ? [...new Set(choice.members)] : all.filter((id) => !excluded.has(id)) };
  }

  private async runOrFail(id: number): Promise<DiscoveryRun> {
    const run = await this.discoveries.find(id);
    if (!run) throw new NotFoundException(`discovery run ${id} does not exist (GET /v1/discoveries lists them)`);
    return run;
  }

  private async themeResponse(runId: number, themeId: number): Promise<ThemeResponse> {
    const [response] = await this.themeResponses([(await this.discoveries.theme(runId, themeId))!]);
    return response!;
  }

  private async themeResponses(themes: readonly DiscoveryTheme[]): Promise<ThemeResponse[]> {
    const texts = await this.discoveries.textsOf(themes.flatMap((t) => t.examples.map((e) => e.contactId)));
    return themes.map((t) => toThemeResponse(t, texts));
  }
}

// The first key of the advisory locks that keep two decisions on one theme apart (the second is the theme's id).
const DECISION_LOCK = 727_200;

// Who labelled the members, as the labels record it.
const reviewerOf = (theme: DiscoveryTheme) => `discovery run ${theme.runId}, theme ${theme.id}`;
