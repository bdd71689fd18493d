import { Logger } from '@nestjs/common';
import type { Discovery, DiscoveryOptions } from '@frictionlens/nlp';
import type { DiscoveryRepository, DiscoveryRun, EmbeddingRepository, ModelVersionRepository, TaxonomyRepository, ValueStreamRepository } from '@frictionlens/persistence';
import type { ClassifierEncoder } from '../encoder/classifier-encoder.js';
import type { RunEncoderSource } from './discovery-encoder.js';
import { discoverOffThread } from './discover-off-thread.js';
import { encoderSpaceOf, lsaSpaceOf, type CategoryReference, type RunSpace } from './run-space.js';
import { themeRecordsOf } from './theme-records.js';

export interface DiscoveryRunnerSettings {
  /** How often progress is written and cancellation looked for (default 1 s). */
  progressEveryMs?: number;
  /** A running run whose heartbeat is older is claimed again: its instance died (default 120 s). */
  staleAfterSeconds?: number;
  /** Examples and contacts per category its centroid is made of (default 20 each). */
  referencesPerCategory?: number;
}

export interface DiscoveryRunOutcome {
  runId: number;
  status: 'done' | 'cancelled' | 'failed';
  themes: number;
  contacts: number;
  seconds: number;
  error?: string;
}

const DEFAULT_MAX_CONTACTS = 50_000;
const CLUSTERING_OPTIONS = ['sampleSize', 'thresholdRatio', 'minThemeSize', 'restarts', 'maxIterations', 'examplesPerTheme', 'termsPerTheme', 'seed'] as const;

class RunCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** What a discovery run reads and writes (from the PersistenceModule). */
export interface DiscoveryRunnerStore {
  runs: DiscoveryRepository;
  taxonomy: TaxonomyRepository;
  models: ModelVersionRepository;
  embeddings: EmbeddingRepository;
  streams: ValueStreamRepository;
}

/**
 * Works through queued discovery runs where the encoder lives (the classifier service): claims
 * one, reads its contacts and their stored embeddings (embedding and storing the missing ones, or
 * TF-IDF/LSA without an encoder), finds the themes (libs/nlp discoverThemes, on a worker thread so
 * classification goes on meanwhile), and stores them with their suggestions. Progress goes to the run row once a second; a run marked `cancelling` is stopped.
 */
export class DiscoveryRunner {
  private readonly logger = new Logger(DiscoveryRunner.name);
  private readonly runs: DiscoveryRepository;

  constructor(
    private readonly store: DiscoveryRunnerStore,
    private readonly encoders: RunEncoderSource,
    private readonly settings: DiscoveryRunnerSettings = {},
  ) {
    this.runs = store.runs;
  }

  /** Claims and works the next queued run; undefined when none is waiting. */
  async runNext(): Promise<DiscoveryRunOutcome | undefined> {
    const run = await this.runs.claimNext(this.settings.staleAfterSeconds ?? 120);
    return run && this.work(run);
  }

  /** Works a run already claimed (runNext claims one itself). */
  async work(run: DiscoveryRun): Promise<DiscoveryRunOutcome> {
    const started = performance.now();
    const seconds = () => Math.round((performance.now() - started) / 10) / 100;
    const abort = new AbortController();
    let progress = { stage: 'loading', done: 0, total: 0 };
    let contacts = 0;
    const beat = async () => {
      const status = await this.runs.progress(run.id, progress.stage, progress.done, progress.total).catch(() => undefined);
      if (status !== undefined && status !== 'running') abort.abort(new RunCancelled());
    };
    let beating = Promise.resolve();
    const timer = setInterval(() => {
      beating = beating.then(beat);
    }, this.settings.progressEveryMs ?? 1_000);
    const stopBeating = async () => {
      clearInterval(timer);
      await beating;
    };
    this.logger.log({ runId: run.id, scope: run.scope }, 'discovery run started');
    try {
      const records = await this.withRunEncoder(run.id, (encoder) => this.themesOf(run, encoder, abort.signal, (stage, done, total) => (progress = { stage, done, total }), (n) => (contacts = n)));
      await stopBeating();
      const status = await this.runs.complete(run.id, records.themes, records.estimate);
      this.logger.log({ runId: run.id, status, themes: records.themes.length, contacts, seconds: seconds() }, `discovery run ${status}`);
      return { runId: run.id, status, themes: status === 'done' ? records.themes.length : 0, contacts, seconds: seconds() };
    } catch (error) {
      await stopBeating();
      if (abort.signal.aborted) {
        await this.runs.finish(run.id, 'cancelled');
        this.logger.log({ runId: run.id, seconds: seconds() }, 'discovery run cancelled');
        return { runId: run.id, status: 'cancelled', themes: 0, contacts, seconds: seconds() };
      }
      const message = error instanceof Error ? error.message : String(error);
      await this.runs.finish(run.id, 'failed', message);
      this.logger.warn({ runId: run.id, error: message }, 'discovery run failed');
      return { runId: run.id, status: 'failed', themes: 0, contacts, seconds: seconds(), error: message };
    }
  }

  // The run's encoder (RunEncoderSource) for the work, released however the work ends.
  private async withRunEncoder<T>(runId: number, work: (encoder: ClassifierEncoder) => Promise<T>): Promise<T> {
    const { encoder, fallbackBecause, release } = await this.encoders.forRun();
    if (fallbackBecause) this.logger.warn({ runId, encoder: encoder.identity?.name ?? 'lsa', reason: fallbackBecause }, "discovery run clusters with the classifier's encoder: DISCOVERY_ENCODER's is not available");
    try {
      return await work(encoder);
    } finally {
      await release().catch((error: unknown) => this.logger.warn({ runId, error: String(error) }, "could not close the discovery run's encoder"));
    }
  }

  private async themesOf(run: DiscoveryRun, encoder: ClassifierEncoder, signal: AbortSignal, onProgress: (stage: string, done: number, total: number) => void, counted: (contacts: number) => void) {
    const parameters = run.parameters;
    const maxContacts = typeof parameters['maxContacts'] === 'number' ? parameters['maxContacts'] : DEFAULT_MAX_CONTACTS;
    const contacts = await this.runs.scopedContacts(run.scope, maxContacts);
    counted(contacts.length);
    const taxonomy = await this.store.taxonomy.currentVersion();
    const categories = taxonomy?.categories ?? [];
    const checksum = encoder.identity?.checksum ?? 'lsa';
    const references = await this.referencesOf(categories.map((c) => c.key), checksum);
    await this.runs.describe(run.id, {
      encoder: encoder.identity?.name ?? 'lsa',
      encoderChecksum: checksum,
      modelVersionId: (await this.store.models.latestId()) ?? null,
      contactCount: contacts.length,
    });
    signal.throwIfAborted();
    const options: DiscoveryOptions = { signal, onProgress: (p) => onProgress(p.stage, p.done, p.total) };
    for (const key of CLUSTERING_OPTIONS) if (typeof parameters[key] === 'number') Object.assign(options, { [key]: parameters[key] });
    const texts = contacts.map((c) => c.text);
    let space: RunSpace;
    let discovery: Discovery;
    if (encoder.identity) {
      const embedded = await encoderSpaceOf(contacts, references, encoder, this.store.embeddings, { signal, onProgress });
      signal.throwIfAborted();
      const result = await discoverOffThread({ matrix: embedded.matrix }, texts, options);
      space = { ...embedded, matrix: result.matrix };
      discovery = result.discovery;
    } else {
      onProgress('lsa', 0, texts.length + references.length);
      const result = await discoverOffThread({ lsaOf: [...texts, ...references.map((r) => r.text)] }, texts, options);
      space = lsaSpaceOf(result.matrix, contacts.length, references);
      discovery = result.discovery;
    }
    onProgress('storing', 0, discovery.themes.length);
    const links = (await this.store.streams.links()).map((l) => ({ categoryKey: l.categoryKey, stepKey: l.stepKey, weight: l.weight }));
    const themes = themeRecordsOf(discovery, {
      contacts,
      matrix: space.matrix,
      space: space.checksum,
      categories,
      categoryRows: space.categoryRows,
      links,
      dismissed: await this.runs.dismissedFingerprints(),
    });
    return { themes, estimate: { ...discovery.estimate } as Record<string, unknown> };
  }

  // A category's centroid: its newest examples, and contacts placed in it (labelled ones first).
  private async referencesOf(keys: string[], checksum: string): Promise<CategoryReference[]> {
    const perCategory = this.settings.referencesPerCategory ?? 20;
    const examples = await this.store.taxonomy.examplesOf(keys);
    const fromExamples = [...examples].flatMap(([category, texts]) => texts.slice(-perCategory).map((text) => ({ category, text })));
    const fromContacts = await this.runs.categorySamples(checksum, keys, perCategory);
    return [...fromExamples, ...fromContacts];
  }
}
