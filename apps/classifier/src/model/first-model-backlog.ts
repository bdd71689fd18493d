import type { ContactRepository, ModelVersionRepository } from '@frictionlens/persistence';
import type { ClassifyOutcome } from '../classification.service.js';
import { reclassifyOutdated, type ReclassifyTally } from './reclassify-outdated.js';

/** Where the pass stands, for /health and the logs. */
export interface FirstModelBacklogProgress {
  /** The first model version ever stored. */
  firstModelVersion: number;
  /** The database's time when the pass started: the contacts received before it without a classification are its work. */
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
 * it started serving here and still without a classification is classified, in id order and in
 * slices, with whatever model serves when each slice runs. Once per instance: a pass cut short by
 * a restart is taken up again while the first model still serves (`npm run reclassify` classifies
 * whatever is left after that). Contacts received later are Kafka's work, so a backlog on the topic
 * is not classified twice over.
 */
export class FirstModelBacklog {
  private firstModelId?: number;
  private state: 'not started' | 'running' | 'not needed' | 'finished' = 'not started';
  private after = '0';
  private current?: FirstModelBacklogProgress;

  constructor(
    private readonly models: Pick<ModelVersionRepository, 'first'>,
    private readonly contacts: Pick<ContactRepository, 'findIdsAwaitingFirstModel'>,
    /** The database's clock (SELECT now()): the contacts' reception times are by it. */
    private readonly databaseNow: () => Promise<Date>,
    private readonly options: { batch: number; sliceSeconds: number },
  ) {}

  get progress(): Readonly<FirstModelBacklogProgress> | undefined {
    return this.current;
  }

  /**
   * One slice of the pass, classifying through `classify` (the model serving at each batch):
   * undefined when there is nothing for this instance to do (the first model did not serve first
   * here, or the pass is over).
   */
  async runSlice(
    servingModelId: number,
    classify: (ids: string[]) => Promise<ClassifyOutcome>,
    hooks: { shouldStop?: () => boolean; onProgress?: (progress: Readonly<FirstModelBacklogProgress>) => void } = {},
  ): Promise<FirstModelSliceOutcome | undefined> {
    if (this.state === 'not needed' || this.state === 'finished') return undefined;
    if (this.state === 'not started') {
      this.firstModelId ??= (await this.models.first())?.id;
      if (this.firstModelId !== servingModelId) {
        this.state = 'not needed';
        return undefined;
      }
      this.state = 'running';
      // Not the model's created_at: that is when its transaction began, and contacts that came
      // in while it trained were left to it too. Every contact left waiting was consumed before
      // the model was stored, so before now; those received since then that Kafka also brings
      // are stored once (one row per contact and model version).
      this.current = { firstModelVersion: servingModelId, receivedBefore: await this.databaseNow(), done: 0, startedAt: new Date() };
    }
    const progress = this.current!;
    const doneBefore = progress.done;
    const ends = performance.now() + this.options.sliceSeconds * 1_000;
    const outcome = await reclassifyOutdated(
      { findIdsToReclassify: (_model, after, limit) => this.contacts.findIdsAwaitingFirstModel(progress.receivedBefore, after, limit), classify },
      {
        modelVersionId: progress.firstModelVersion,
        batch: this.options.batch,
        startAfter: this.after,
        shouldStop: () => performance.now() > ends || (hooks.shouldStop?.() ?? false),
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
  }
}
