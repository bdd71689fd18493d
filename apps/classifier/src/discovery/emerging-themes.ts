import { Logger } from '@nestjs/common';
import { emergingDecision, themeGrowth, type GrowthOptions, type RaisedTheme } from '@frictionlens/domain';
import type { TransactionRunner } from '@frictionlens/persistence';

export interface EmergingSettings {
  /** How often an emerging run is scheduled (DISCOVERY_EMERGING_EVERY); null: never. */
  everyMs: number | null;
  /** Days of the recent period, and of each baseline period (default 7). */
  periodDays?: number;
  /** Baseline periods before the recent one, clustered with it (default 4). */
  baselinePeriods?: number;
  /** The spike test (libs/domain themeGrowth). */
  growth?: GrowthOptions;
  /** Clustering options of the emerging runs (as `POST /v1/discoveries` takes them). */
  parameters?: Record<string, unknown>;
  /** With no emerging run yet, the first is due `everyMs` after this (default: when this was made, the service's start). */
  firstAfter?: Date;
}

/** What one emerging run's assessment did. */
export interface EmergingAssessment {
  runId: number;
  /** Themes raised now. */
  raised: number[];
  /** Themes raised before that this run saw again, updated. */
  updated: number[];
}

// Advisory lock keys ("emer", "emea"): one instance schedules at a time, one assesses at a time.
const SCHEDULE_LOCK = 0x656d6572;
const ASSESS_LOCK = 0x656d6561;
const DAY_MS = 86_400_000;

/**
 * Emerging themes (docs/discovery.md): every `everyMs`, one classifier instance queues a
 * discovery run of kind `emerging` over the contacts of the recent period and the baseline
 * periods before it that the model placed with low confidence or not at all; the discovery
 * runner works it like any run. Once it is done, its themes are judged: a theme that grows against
 * its own baseline (its members in the recent period against its members per earlier period, the
 * Poisson spike test) is raised, once: a theme that is one raised before (or a dismissed one) is
 * not raised again, the raised one's figures are updated instead.
 */
export class EmergingThemes {
  private readonly logger = new Logger(EmergingThemes.name);
  private readonly firstAfter: Date;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly settings: EmergingSettings,
  ) {
    this.firstAfter = settings.firstAfter ?? new Date();
  }

  /** Queues an emerging run when one is due at `now`; its id, or undefined (not due, off, another instance, one still active). */
  async scheduleDue(now = new Date()): Promise<number | undefined> {
    const every = this.settings.everyMs;
    if (every === null) return undefined;
    const periodDays = this.settings.periodDays ?? 7;
    const baselinePeriods = this.settings.baselinePeriods ?? 4;
    const runId = await this.transactions.run(async (tx) => {
      const [{ locked }]: Array<{ locked: boolean }> = await tx.manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [SCHEDULE_LOCK]);
      if (!locked) return undefined;
      const emerging = tx.emergingThemes;
      const last = (await emerging.lastScheduledAt()) ?? this.firstAfter;
      if (now.getTime() - last.getTime() < every) return undefined;
      const from = new Date(now.getTime() - periodDays * (baselinePeriods + 1) * DAY_MS).toISOString().slice(0, 10);
      return emerging.enqueue({
        scope: { from, unplaced: true },
        parameters: { ...this.settings.parameters, windowEnd: now.toISOString(), periodDays, baselinePeriods },
        createdAt: now,
      });
    });
    if (runId !== undefined) this.logger.log({ runId }, 'emerging themes run queued');
    return runId;
  }

  /** Judges every done emerging run not judged yet (each by one instance); what each raised and updated. */
  async assessFinished(): Promise<EmergingAssessment[]> {
    const assessments: EmergingAssessment[] = [];
    for (;;) {
      const assessment = await this.transactions.run(async (tx) => {
        // Runs are judged one after another, so two cannot both raise the same new theme.
        await tx.manager.query('SELECT pg_advisory_xact_lock($1)', [ASSESS_LOCK]);
        const emerging = tx.emergingThemes;
        const run = await emerging.nextToAssess();
        if (!run) return undefined;
        const parameters = run.parameters;
        const window = {
          end: typeof parameters['windowEnd'] === 'string' ? new Date(parameters['windowEnd']) : run.createdAt,
          periodDays: typeof parameters['periodDays'] === 'number' ? parameters['periodDays'] : (this.settings.periodDays ?? 7),
          baselinePeriods: typeof parameters['baselinePeriods'] === 'number' ? parameters['baselinePeriods'] : (this.settings.baselinePeriods ?? 4),
        };
        const raised: RaisedTheme[] = await emerging.raisedFingerprints();
        const outcome: EmergingAssessment = { runId: run.id, raised: [], updated: [] };
        // The most surprising first, so the parts of one new demand gather under the one raised.
        const judged = (await emerging.themesToAssess(run.id))
          .map((theme) => ({ theme, growth: themeGrowth(theme.memberDates, window, this.settings.growth) }))
          .sort((a, b) => a.growth.pValue - b.growth.pValue || b.growth.recentCount - a.growth.recentCount || a.theme.id - b.theme.id);
        // By raised theme: this run's themes that are it (the one raised now, or the ones seen again).
        const groups = new Map<number, { dates: Date[]; themeIds: number[] }>();
        const assessedAt = new Date().toISOString();
        for (const { theme, growth } of judged) {
          const fingerprint = { terms: theme.terms, centroid: theme.centroid, centroidEncoder: theme.centroidEncoder };
          const decision = emergingDecision({ fingerprint, dismissed: theme.status === 'dismissed', growth }, raised);
          const own = { ...growth, runId: run.id, themeId: theme.id, themeIds: [theme.id], assessedAt };
          if (decision.action === 'raise') {
            raised.push({ themeId: theme.id, ...fingerprint });
            groups.set(theme.id, { dates: [...theme.memberDates], themeIds: [theme.id] });
            outcome.raised.push(theme.id);
          } else if (decision.action === 'update') {
            await emerging.record(theme.id, own, { raise: false, emergingThemeId: decision.themeId });
            const group = groups.get(decision.themeId) ?? { dates: [], themeIds: [] };
            group.dates.push(...theme.memberDates);
            group.themeIds.push(theme.id);
            groups.set(decision.themeId, group);
          } else {
            await emerging.record(theme.id, own, { raise: false, emergingThemeId: null });
          }
        }
        // A raised theme's figures count all of this run's themes that are it.
        for (const [themeId, group] of groups) {
          const figures = { ...themeGrowth(group.dates, window, this.settings.growth), runId: run.id, themeId: group.themeIds[0]!, themeIds: group.themeIds, assessedAt };
          if (outcome.raised.includes(themeId)) await emerging.record(themeId, figures, { raise: true, emergingThemeId: null });
          else {
            await emerging.updateRaised(themeId, figures);
            outcome.updated.push(themeId);
          }
        }
        await emerging.markAssessed(run.id);
        return outcome;
      });
      if (!assessment) return assessments;
      this.logger.log(assessment, 'emerging themes assessed');
      assessments.push(assessment);
    }
  }
}
