import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { ContactRepository, ModelVersionRepository, TaxonomyRepository, withAdvisoryLock } from '@frictionlens/persistence';
import { HealthRegistry, RUNTIME, type Runtime } from '@frictionlens/platform';
import { ClassificationService, HOW_TO_GET_A_FIRST_MODEL } from '../classification.service.js';
import { ClassifierMetrics } from '../classifier.metrics.js';
import { NO_ENCODER } from '../encoder/classifier-encoder.js';
import { ModelTrainer } from '../training/model-trainer.js';
import { ActiveModel } from './active-model.js';
import { BACKLOG_LOCK, BacklogReclassification, type BacklogProgress } from './backlog-reclassification.js';
import { FirstModelBacklog, type FirstModelBacklogProgress } from './first-model-backlog.js';

const BACKLOG_BATCH = 500;
// The longest one upkeep round spends reclassifying the backlog: the next round carries on, and
// training and model swaps go on in between.
const BACKLOG_SLICE_SECONDS = 20;
// How often a backlog pass under way is logged.
const PROGRESS_LOG_MS = 5_000;

/**
 * Keeps this instance's model current, every CLASSIFIER_CHECK_SECONDS: trains a new version when
 * one is due (no model yet, a new taxonomy version, enough reviewers' labels), swaps in the
 * newest stored version, classifies the stored contacts no model has seen (without Kafka all of
 * them; with Kafka those that came in before the first model existed, FirstModelBacklog), and
 * after a cold start (or categories accepted from discovery) classifies the stored backlog again
 * with the new model (BacklogReclassification), so nobody has to run `npm run reclassify`.
 */
@Injectable()
export class ModelUpkeep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ModelUpkeep.name);
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private firstLoad?: Promise<void>;
  private stopped = false;
  private readonly backlog: BacklogReclassification;
  private readonly firstModelBacklog: FirstModelBacklog;
  private lastProgressLog = 0;

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly model: ActiveModel,
    private readonly trainer: ModelTrainer,
    private readonly classification: ClassificationService,
    private readonly contacts: ContactRepository,
    private readonly metrics: ClassifierMetrics,
    health: HealthRegistry,
    indicators: HealthIndicatorService,
    db: DataSource,
    models: ModelVersionRepository,
    taxonomy: TaxonomyRepository,
  ) {
    this.backlog = new BacklogReclassification(db, models, taxonomy, contacts, { batch: BACKLOG_BATCH, sliceSeconds: BACKLOG_SLICE_SECONDS });
    this.firstModelBacklog = new FirstModelBacklog(models, contacts, (work) => withAdvisoryLock(db, BACKLOG_LOCK, work), { batch: BACKLOG_BATCH, sliceSeconds: BACKLOG_SLICE_SECONDS });
    health.register(async () => {
      const current = this.model.current;
      const indicator = indicators.check('classifier');
      // Waiting for a first taxonomy is a state of a new install, not an outage.
      // A TF-IDF model serving for want of the encoder is the documented degraded mode, not an outage.
      const { mode, encoder, reason } = this.model.mode();
      const unservable = this.model.newestUnservable;
      const pass = this.backlog.progress;
      // A backlog pass under way (after a cold start): how far it is.
      const backlog = pass ? { backlog: { reclassifying: pass.modelVersion, done: pass.done, total: pass.total } } : {};
      // The contacts that came in before the first model, being classified now.
      const waited = this.firstModelBacklog.progress;
      const firstModel = waited ? { firstModelBacklog: { modelVersion: waited.firstModelVersion, done: waited.done } } : {};
      return current
        ? indicator.up({ modelVersion: current.modelVersionId, kind: current.kind, mode, encoder, ...(reason ? { reason } : {}), taxonomyVersion: current.taxonomyVersionId, checksum: current.checksum, ...backlog, ...firstModel })
        : indicator.up({ modelVersion: null, mode, encoder, reason: unservable ? reason : `no model yet: contacts are stored and wait for the first one; ${HOW_TO_GET_A_FIRST_MODEL}` });
    });
  }

  /** Resolves once the newest stored model (if any) is loaded. */
  ready(): Promise<void> {
    return this.firstLoad ?? Promise.resolve();
  }

  onApplicationBootstrap(): void {
    const encoder = this.model.encoder;
    if (encoder.identity) this.logger.log({ encoder: encoder.identity.name, folder: encoder.settings.folder }, 'sentence encoder loaded: models are trained with it');
    else if (encoder.settings.name === NO_ENCODER) this.logger.log({ reason: encoder.unavailableBecause }, `classifying with the TF-IDF model alone: ${encoder.unavailableBecause}`);
    else this.logger.warn({ reason: encoder.unavailableBecause }, `classifying with the TF-IDF model alone: ${encoder.unavailableBecause}`);
    this.firstLoad = this.refresh().catch((error: unknown) => this.logger.warn({ error: String(error) }, 'could not load a model yet'));
    void this.firstLoad.then(() => this.schedule(0));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.upkeep()
        .catch((error: unknown) => this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'model upkeep failed; trying again'))
        .finally(() => this.schedule(this.runtime.config.CLASSIFIER_CHECK_SECONDS * 1_000));
    }, ms);
  }

  private async upkeep(): Promise<void> {
    const due = (await this.trainer.retrainDue()) ?? this.nothingToServe();
    if (due) await this.train(due);
    await this.refresh();
    if (!this.runtime.kafka) await this.classifyBacklog();
    else await this.classifyFirstModelBacklog();
    await this.reclassifyBacklog();
  }

  private async train(reason: string): Promise<void> {
    this.logger.log({ reason }, 'training a new model version');
    const trained = await this.trainer.train({ onlyIfDue: true, alsoDue: () => this.nothingToServe() });
    if (!trained) return;
    this.metrics.trainings.inc({ kind: trained.kind });
    this.logger.log(
      { modelVersion: trained.modelVersionId, kind: trained.kind, examples: trained.exampleCount, outOfScope: trained.outOfScopeCount, openSetThreshold: trained.evaluation['openSetThreshold'], evaluation: trained.evaluation },
      'model version trained',
    );
  }

  private async refresh(): Promise<void> {
    const unservableBefore = this.model.newestUnservable?.modelVersionId;
    const changed = await this.model.refresh();
    const unservable = this.model.newestUnservable;
    if (unservable && unservable.modelVersionId !== unservableBefore) {
      const serving = this.model.current?.modelVersionId ?? null;
      this.logger.warn({ newestModelVersion: unservable.modelVersionId, modelVersion: serving, reason: unservable.reason }, `model ${unservable.modelVersionId} cannot be served here: ${serving ? `serving model ${serving} instead` : 'no older model to serve'}`);
    }
    if (!changed) return;
    const current = this.model.current!;
    this.metrics.modelVersion.set(current.modelVersionId);
    this.logger.log({ modelVersion: current.modelVersionId, kind: current.kind, encoder: current.encoder?.identity?.name ?? null, taxonomyVersion: current.taxonomyVersionId }, 'classifying with a new model version');
  }

  // The newest model needs an encoder this instance lacks and no older one will do: it trains one it can serve.
  private nothingToServe(): string | undefined {
    const unservable = this.model.newestUnservable;
    return unservable && !this.model.current ? `model ${unservable.modelVersionId} cannot be served here (${unservable.reason}) and no older model can` : undefined;
  }

  // Without Kafka nothing announces new contacts, so the classifier looks for them itself.
  private async classifyBacklog(): Promise<void> {
    while (!this.stopped && this.model.current) {
      const ids = await this.contacts.findUnclassifiedIds(BACKLOG_BATCH);
      if (ids.length === 0) return;
      const outcome = await this.classification.classify(ids);
      this.logger.debug({ size: ids.length, ...outcome }, 'backlog batch classified');
    }
  }

  // One slice of the contacts that waited for the first model (FirstModelBacklog): Kafka no longer brings them.
  private async classifyFirstModelBacklog(): Promise<void> {
    const serving = this.model.current;
    if (this.stopped || !serving) return;
    const slice = await this.firstModelBacklog.runSlice(serving.modelVersionId, (ids) => this.classification.classify(ids), {
      shouldStop: () => this.stopped,
      onProgress: (progress) => this.logFirstModelProgress(progress),
    });
    if (!slice) return;
    if (!slice.finished) return this.logFirstModelProgress(slice.progress, true);
    const { progress } = slice;
    if (progress.done === 0) return; // nothing had waited (the usual start of an install on its first model)
    this.logger.log(
      { modelVersion: progress.firstModelVersion, contacts: progress.done, seconds: Math.round((Date.now() - progress.startedAt.getTime()) / 100) / 10 },
      `contacts that came in before the first model classified: ${progress.done}`,
    );
  }

  private logFirstModelProgress(progress: Readonly<FirstModelBacklogProgress>, now = false): void {
    this.logProgressEvery(now, { modelVersion: progress.firstModelVersion, done: progress.done }, `classifying the contacts that came in before the first model: ${progress.done} so far`);
  }

  // One slice of the backlog pass a new model calls for (BacklogReclassification), with the model serving now.
  private async reclassifyBacklog(): Promise<void> {
    const serving = this.model.current;
    if (this.stopped || !serving || serving.kind === 'rules') return;
    const slice = await this.backlog.runSlice(serving.modelVersionId, (ids) => this.classification.classify(ids), {
      shouldStop: () => this.stopped || this.model.current?.modelVersionId !== serving.modelVersionId,
      onProgress: (progress) => this.logProgress(progress),
    });
    if (!slice) return;
    const { progress } = slice;
    if (!slice.finished) return this.logProgress(progress, true);
    this.logger.log(
      { modelVersion: slice.modelVersionId, reason: progress.reason, contacts: progress.done, seconds: Math.round((Date.now() - progress.startedAt.getTime()) / 100) / 10 },
      `backlog reclassified with model ${slice.modelVersionId}: ${progress.done} contacts`,
    );
  }

  private logProgress(progress: Readonly<BacklogProgress>, now = false): void {
    this.logProgressEvery(
      now,
      { modelVersion: progress.modelVersion, reason: progress.reason, done: progress.done, total: progress.total },
      `reclassifying the backlog with model ${progress.modelVersion}: ${progress.done} of ${progress.total} contacts`,
    );
  }

  // A pass's progress at most every PROGRESS_LOG_MS, unless `now` (the end of a slice).
  private logProgressEvery(now: boolean, fields: Record<string, unknown>, message: string): void {
    if (!now && Date.now() - this.lastProgressLog < PROGRESS_LOG_MS) return;
    this.lastProgressLog = Date.now();
    this.logger.log(fields, message);
  }
}
