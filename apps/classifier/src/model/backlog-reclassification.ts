import type { DataSource } from 'typeorm';
import { withAdvisoryLock, type ContactRepository, type ModelVersionRepository, type TaxonomyRepository } from '@frictionlens/persistence';
import type { ClassifyOutcome } from '../classification.service.js';
import { reclassifyOutdated, type ReclassifyTally } from './reclassify-outdated.js';

/** A model version as the backlog rule sees it. */
export interface ModelStep {
  id: number;
  kind: string;
  taxonomyVersionId: number;
}

/** The model version after which the stored backlog must be classified again, and why. */
export interface ReclassificationCause {
  modelVersionId: number;
  reason: string;
}

/**
 * The newest model version, among `models` (oldest first), that changes what the stored backlog
 * would be classified as enough to classify it again: the first model that learned from examples
 * after a model of keyword rules alone (a cold start: the rules left everything unclassified), or
 * one whose taxonomy has categories accepted from discovery that its predecessor's had not (their
 * contacts sit unclassified, or in the wrong category, until then). A retrain on more labels, or
 * a category added by hand, is not one: new contacts get the new model, the backlog stays as
 * classified (`npm run reclassify` does it on purpose).
 */
export function reclassificationCause(models: readonly ModelStep[], discoveredKeysOf: (taxonomyVersionId: number) => ReadonlySet<string>): ReclassificationCause | undefined {
  for (let i = models.length - 1; i >= 1; i--) {
    const model = models[i]!;
    const before = models[i - 1]!;
    if (model.kind === 'rules') continue;
    if (before.kind === 'rules') return { modelVersionId: model.id, reason: `model ${model.id} is the first learned from examples after model ${before.id} of keyword rules alone` };
    if (model.taxonomyVersionId === before.taxonomyVersionId) continue;
    const known = discoveredKeysOf(before.taxonomyVersionId);
    const added = [...discoveredKeysOf(model.taxonomyVersionId)].filter((key) => !known.has(key)).sort();
    if (added.length > 0) return { modelVersionId: model.id, reason: `model ${model.id} knows categories accepted from discovery that model ${before.id} did not: ${added.join(', ')}` };
  }
  return undefined;
}

/** How far the backlog pass is, for /health and the logs. */
export interface BacklogProgress {
  modelVersion: number;
  reason: string;
  done: number;
  /** Contacts outdated when the pass started (a later slice recounts what is left). */
  total: number;
  startedAt: Date;
}

export interface BacklogSliceOutcome extends ReclassifyTally {
  modelVersionId: number;
  /** The whole pass is done (nothing outdated is left). */
  finished: boolean;
  /** The pass so far, over every slice. */
  progress: BacklogProgress;
}

// How far back the rule looks among model versions.
const MODELS_CONSIDERED = 100;
/**
 * One pass over the stored backlog at a time across every classifier instance (this one, or
 * FirstModelBacklog's): two classifying the same contacts at once wait on each other's row locks.
 */
export const BACKLOG_LOCK = 727_300;

// Any contact whose standing classification predates the cause? (Stops at the first one.)
const OUTDATED_EXISTS = 'SELECT EXISTS (SELECT 1 FROM classifications WHERE current AND model_version_id < $1) AS outdated';

/**
 * Classifies the stored backlog again, by itself, when a model calls for it
 * (reclassificationCause): in slices of at most `sliceSeconds`, so the model upkeep between them
 * still trains and swaps models, one instance at a time. Whether a pass is due is asked of
 * PostgreSQL each time (are contacts classified before the cause?), so a pass cut short by a
 * crash or a restart carries on where it stood and one that finished is not run again.
 */
export class BacklogReclassification {
  private readonly discovered = new Map<number, ReadonlySet<string>>();
  /** A cause found settled (nothing older left): not asked of the database again. */
  private settled?: number;
  /** The serving model for which nothing is due: the next rounds ask nothing until another serves. */
  private quietFor?: number;
  private current?: BacklogProgress;

  constructor(
    private readonly db: DataSource,
    private readonly models: Pick<ModelVersionRepository, 'list'>,
    private readonly taxonomy: Pick<TaxonomyRepository, 'findVersion'>,
    private readonly contacts: Pick<ContactRepository, 'findIdsToReclassify' | 'countToReclassify'>,
    private readonly options: { batch: number; sliceSeconds: number },
  ) {}

  /** The pass under way on this instance, if any. */
  get progress(): Readonly<BacklogProgress> | undefined {
    return this.current;
  }

  /** Why the backlog must be classified again with `servingModelId`, or undefined. */
  async due(servingModelId: number): Promise<ReclassificationCause | undefined> {
    if (this.quietFor === servingModelId) return undefined;
    const steps = (await this.models.list(MODELS_CONSIDERED)).filter((m) => m.id <= servingModelId).reverse();
    for (const step of steps) await this.discoveredKeys(step.taxonomyVersionId);
    const cause = reclassificationCause(steps, (id) => this.discovered.get(id) ?? new Set());
    if (!cause || cause.modelVersionId === this.settled) {
      this.quietFor = servingModelId;
      return undefined;
    }
    const [{ outdated }] = (await this.db.query(OUTDATED_EXISTS, [cause.modelVersionId])) as [{ outdated: boolean }];
    if (!outdated) {
      this.settled = cause.modelVersionId;
      this.quietFor = servingModelId;
      this.current = undefined;
      return undefined;
    }
    return cause;
  }

  /**
   * One slice of the pass with the model serving (`modelVersionId`, classified through `classify`):
   * undefined when none is due or another instance holds the pass. `shouldStop` ends it early
   * (shutdown, another model now serves); `onProgress` hears of each batch.
   */
  async runSlice(
    modelVersionId: number,
    classify: (ids: string[]) => Promise<ClassifyOutcome>,
    hooks: { shouldStop?: () => boolean; onProgress?: (progress: Readonly<BacklogProgress>) => void } = {},
  ): Promise<BacklogSliceOutcome | undefined> {
    const cause = await this.due(modelVersionId);
    if (!cause) return undefined;
    const pass = await withAdvisoryLock(this.db, BACKLOG_LOCK, async () => {
      if (this.current?.modelVersion !== modelVersionId) {
        this.current = { modelVersion: modelVersionId, reason: cause.reason, done: 0, total: await this.contacts.countToReclassify(modelVersionId), startedAt: new Date() };
      }
      const progress = this.current;
      const doneBefore = progress.done;
      const outcome = await reclassifyOutdated(
        { findIdsToReclassify: (id, after, limit) => this.contacts.findIdsToReclassify(id, after, limit), classify },
        {
          modelVersionId,
          batch: this.options.batch,
          forSeconds: this.options.sliceSeconds,
          shouldStop: hooks.shouldStop,
          onBatch: (tally) => {
            progress.done = doneBefore + tally.done;
            hooks.onProgress?.(progress);
          },
        },
      );
      if (outcome.finished) {
        this.settled = cause.modelVersionId;
        this.current = undefined;
      }
      return { ...outcome, modelVersionId, progress: { ...progress } };
    });
    return pass.locked ? pass.value : undefined;
  }

  // The keys of a taxonomy version's categories accepted from discovery (`discoveredBy`); versions never change, so each is read once.
  private async discoveredKeys(taxonomyVersionId: number): Promise<void> {
    if (this.discovered.has(taxonomyVersionId)) return;
    const version = await this.taxonomy.findVersion(taxonomyVersionId);
    this.discovered.set(taxonomyVersionId, new Set((version?.categories ?? []).filter((c) => c.attributes?.['discoveredBy'] !== undefined).map((c) => c.key)));
  }
}
