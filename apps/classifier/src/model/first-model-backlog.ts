import type { ContactRepository, ModelVersionRepository, UnderLock } from '@frictionlens/persistence';
import type { ClassifyOutcome } from '../classification.service.js';
import { reclassifyOutdated, type ReclassifyTally } from './reclassify-outdated.js';

/** Where the pass stands, for /health and the logs. */
export interface FirstModelBacklogProgress {
  /** The first model version ever stored. */
  firstModelVersion: number;
  /** The contacts received before this time without a classification are the pass's work. */
  receivedBefore: Date;
  done: number;
  startedAt: Date;
}

export interface FirstModelSliceOutcome extends ReclassifyTally {
  finished: boolean;
  progress: FirstModelBacklogProgress;
}

/**
 * The contacts that came in while no model existed. The Kafka consumer finished their batches
 * without classifying them (ContactIngestedHandler), so they wait in PostgreSQL rather than on the
 * topic, whose retention would drop them if the first taxonomy took longer than a week. When the
 * first model version ever stored is the one this instance serves, every contact received before
 * that model was stored and still without a classification is classified, in id order and in
 * slices, with whatever model serves when each slice runs. Once per instance: a pass cut short by
 * a restart is taken up again while the first model still serves (`npm run reclassify` classifies
 * whatever is left after that). Contacts received later are Kafka's work: a backlog on the topic
 * at a restart is not classified twice over (two classifiers of the same contacts at once wait on
 * each other's row locks, and deadlock).
 */
/**
 * A contact was left waiting only if no model was stored when its batch was consumed, so it was
 * received before the first model's row was committed: `created_at` is when its INSERT began, and
 * the margin covers the statement (a model of megabytes) with room to spare.
 */
const STORING_MARGIN_MS = 30_000;

export class FirstModelBacklog {
  private firstModel?: { id: number; createdAt: Date };
  private state: 'not started' | 'running' | 'not needed' | 'finished' = 'not started';
  private after = '0';
  private current?: FirstModelBacklogProgress;

  constructor(
    private readonly models: Pick<ModelVersionRepository, 'first'>,
    private readonly contacts: Pick<ContactRepository, 'findIdsAwaitingFirstModel'>,
    /** Runs a slice while this instance holds the backlog lock (BACKLOG_LOCK): one pass at a time among the instances. */
    private readonly exclusively: <T>(work: () => Promise<T>) => Promise<UnderLock<T>>,
    private readonly options: { batch: number; sliceSeconds: number },
  ) {}

  get progress(): Readonly<FirstModelBacklogProgress> | undefined {
    return this.current;
  }

  /**
   * One slice of the pass, classifying through `classify` (the model serving at each batch):
   * undefined when there is nothing for this instance to do (the first model did not serve first
   * here, or the pass is over) or another instance holds the lock (it is done next round).
   */
  async runSlice(
    servingModelId: number,
    classify: (ids: string[]) => Promise<ClassifyOutcome>,
    hooks: { shouldStop?: () => boolean; onProgress?: (progress: Readonly<FirstModelBacklogProgress>) => void } = {},
  ): Promise<FirstModelSliceOutcome | undefined> {
    if (this.state === 'not needed' || this.state === 'finished') return undefined;
    if (this.state === 'not started') {
      this.firstModel ??= await this.models.first();
      if (!this.firstModel || this.firstModel.id !== servingModelId) {
        this.state = 'not needed';
        return undefined;
      }
      this.state = 'running';
      const receivedBefore = new Date(this.firstModel.createdAt.getTime() + STORING_MARGIN_MS);
      this.current = { firstModelVersion: servingModelId, receivedBefore, done: 0, startedAt: new Date() };
    }
    const slice = await this.exclusively(async () => {
      const progress = this.current!;
      const doneBefore = progress.done;
      const outcome = await reclassifyOutdated(
        { findIdsToReclassify: (_model, after, limit) => this.contacts.findIdsAwaitingFirstModel(progress.receivedBefore, after, limit), classify },
        {
          modelVersionId: progress.firstModelVersion,
          batch: this.options.batch,
          startAfter: this.after,
          forSeconds: this.options.sliceSeconds,
          shouldStop: hooks.shouldStop,
          onBatch: (tally, lastId) => {
            progress.done = doneBefore + tally.done;
            this.after = lastId;
            hooks.onProgress?.(progress);
          },
        },
      );
      if (outcome.finished) {
        this.state = 'finished';
        this.current = undefined;
      }
      return { ...outcome, progress: { ...progress } };
    });
    return slice.locked ? slice.value : undefined;
  }
}
