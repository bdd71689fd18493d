import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { CountermeasureV1, HandlingCostsV1, StepVolumesV1, TaxonomyDocumentV1, ValueStreamDocumentV1, type ContactKind } from '@frictionlens/contracts';
import { ModelVersionRepository, withAdvisoryLock } from '@frictionlens/persistence';
import { RUNTIME, type Runtime } from '@frictionlens/platform';
import {
  CountermeasuresService,
  CreateStudyBody,
  HandlingCostsService,
  StepVolumesService,
  StudiesService,
  StudyCodeBody,
  TaxonomyService,
  ValueStreamsService,
  type DashboardReadiness,
} from '../../../api/src/index.js';
import { IngestService } from '../../../ingest/src/index.js';
import { addDays, dayOf, mondayOf } from './calendar.js';
import { readDemoFiles, stepsOf } from './demo-files.js';
import { demoStory, type Story } from './demo-story.js';
import { demoWanted } from './demo-switch.js';

/** What loading the demo came to; `dashboardUrl` is where to look. */
export interface DemoOutcome {
  contacts: number;
  countermeasureId: number;
  story: Story;
  dashboardUrl: string;
  /** From start-up to loaded, and to classified. */
  loadedAfterMs: number;
  classifiedAfterMs: number;
  /** The sample-and-listen study coded with the dataset's own labels. */
  studyId: number;
}

// The last twelve weeks, ±10 points: about a hundred contacts, a morning's listening.
const STUDY = { weeks: 12, marginOfError: 0.1, seed: 77, coder: "demo: BANKING77's own labels" } as const;

const INGEST_BATCH = 1_000;
const POLL_MS = 1_000;
const PROGRESS_EVERY_MS = 10_000;
// One loader at a time, should several instances share an empty database.
const DEMO_LOCK = 727_200;
const COUNT_UNCLASSIFIED = `SELECT count(*)::int AS n FROM contacts c WHERE NOT EXISTS (SELECT 1 FROM classifications x WHERE x.contact_id = c.id AND x.current)`;

/**
 * Loads the digital-bank demo into an empty database after start-up, in the background so
 * /health answers at once, through the same services as the API and ingest (taxonomy and
 * value-stream import, volumes, costs, countermeasures; contacts validated, redacted and stored
 * idempotently). The classifier then trains and classifies by itself; this waits for it and
 * prints the dashboard's address. On by default only on the embedded database; a database that
 * holds any contact or taxonomy is never touched.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap, OnApplicationShutdown, DashboardReadiness {
  private readonly logger = new Logger('Demo');
  private run?: Promise<DemoOutcome | undefined>;
  private stopped = false;
  /** What the first load is doing, for the dashboard's waiting page; undefined when there is nothing to wait for. */
  private progress: string | undefined;
  private readonly startedAt = Date.now();

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly db: DataSource,
    private readonly models: ModelVersionRepository,
    private readonly modules: ModuleRef,
    private readonly http: HttpAdapterHost,
  ) {}

  pending(): string | undefined {
    return this.progress;
  }

  /** Resolves when the demo is loaded and classified (undefined when it was not loaded); never rejects. */
  done(): Promise<DemoOutcome | undefined> {
    return this.run ?? Promise.resolve(undefined);
  }

  onApplicationBootstrap(): void {
    if (!demoWanted(this.runtime.config.FRICTIONLENS_DEMO, this.runtime.databaseEmbedded)) {
      if (this.runtime.config.FRICTIONLENS_DEMO === undefined) this.logger.log('demo: not loaded (it loads by itself only on the embedded database; FRICTIONLENS_DEMO=true loads it into an empty one)');
      return;
    }
    this.progress = 'Starting up: looking whether the demo needs loading.';
    this.run = this.loadIfEmpty().finally(() => (this.progress = undefined)).catch((error: unknown) => {
      // Shutting down closes the database under the loader; that is no failure to report.
      if (this.stopped) return undefined;
      this.logger.error({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, 'demo: loading failed; delete the embedded database folder (or empty the database) and start again');
      return undefined;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.run;
  }

  private async loadIfEmpty(): Promise<DemoOutcome | undefined> {
    const loaded = await withAdvisoryLock(this.db, DEMO_LOCK, async () => {
      const [held] = (await this.db.query('SELECT EXISTS (SELECT 1 FROM contacts) AS contacts, EXISTS (SELECT 1 FROM taxonomy_versions) AS taxonomy')) as [{ contacts: boolean; taxonomy: boolean }];
      if (held.contacts || held.taxonomy) {
        this.logger.log(`demo: not loaded, the database already holds ${held.contacts ? 'contacts' : 'a taxonomy'}; the dashboard is at ${this.dashboardUrl()}`);
        return undefined;
      }
      return this.load();
    });
    return loaded.locked ? loaded.value : undefined;
  }

  private async load(): Promise<DemoOutcome | undefined> {
    const size = this.runtime.config.FRICTIONLENS_DEMO_CONTACTS;
    const files = readDemoFiles();
    const today = dayOf(new Date());
    const story = demoStory({ today, contacts: size, categories: files.scenario.categories, steps: stepsOf(files.scenario), texts: files.customerTexts });
    this.logger.log(`demo: loading the digital bank's year (${story.from} to ${story.to}, ${size.toLocaleString('en')} contacts; FRICTIONLENS_DEMO=false skips this)`);
    this.progress = "Loading the demo: the digital bank's taxonomy, value streams and step volumes.";

    const taxonomy = await this.service(TaxonomyService).import(
      TaxonomyDocumentV1.parse({ ...files.scenario, categories: files.scenario.categories.map((c) => ({ ...c, examples: files.trainingTexts.get(c.key) ?? [] })) }),
    );
    const failureCategories = files.scenario.categories.filter((c) => c.demandType === 'failure').length;
    this.logger.log(`demo 1/7: taxonomy version ${taxonomy.version} imported: ${taxonomy.categories} categories (${failureCategories} failure demand), ${taxonomy.examplesAdded.toLocaleString('en')} BANKING77 training examples`);

    const streams = await this.service(ValueStreamsService).import(ValueStreamDocumentV1.parse(files.scenario));
    this.logger.log(`demo 2/7: value streams imported: ${streams.valueStreams} streams, ${streams.steps} steps, ${streams.links} category-to-step links`);

    const volumes = this.service(StepVolumesService);
    let days = 0;
    for (const { step, volumes: perDay } of story.volumes) days += (await volumes.put(step, StepVolumesV1.parse({ volumes: perDay }))).stored;
    this.logger.log(`demo 3/7: step volumes stored: ${days.toLocaleString('en')} step-days over ${story.volumes.length} steps`);

    const costs = await this.service(HandlingCostsService).put(HandlingCostsV1.parse({ costs: story.handlingCosts }));
    const countermeasure = await this.service(CountermeasuresService).create(CountermeasureV1.parse(story.countermeasure));
    this.logger.log(`demo 4/7: handling costs for ${costs.costs.length} channels; countermeasure ${countermeasure.id} "${countermeasure.title}" on ${countermeasure.step} since ${countermeasure.startedOn}`);

    this.progress = `Loading the demo: storing ${size.toLocaleString('en')} contacts.`;
    const ingested = await this.ingest(story);
    if (this.stopped) {
      this.logger.warn(`demo: stopped part-way (${ingested.stored.toLocaleString('en')} of ${size.toLocaleString('en')} contacts stored); it loads only into an empty database, so delete the embedded database folder to load it again`);
      return undefined;
    }
    const loadedAfterMs = Date.now() - this.startedAt;
    this.logger.log(
      `demo 5/7: contacts ingested: ${ingested.stored.toLocaleString('en')} stored (${ingested.tickets.toLocaleString('en')} tickets, ${ingested.complaints.toLocaleString('en')} complaints), ${ingested.duplicates} duplicates, ${ingested.rejected} rejected, in ${seconds(ingested.ms)}`,
    );

    if (!(await this.classified(story.contacts.length))) return undefined;
    const classifiedAfterMs = Date.now() - this.startedAt;
    const studyId = await this.listen(story);
    const [model] = await this.models.list(1);
    const dashboardUrl = this.dashboardUrl();
    this.logger.log(
      {
        contacts: story.contacts.length,
        modelVersion: model?.id,
        countermeasure: countermeasure.id,
        loadedAfterSeconds: Math.round(loadedAfterMs / 100) / 10,
        classifiedAfterSeconds: Math.round(classifiedAfterMs / 100) / 10,
      },
      `demo ready: ${story.contacts.length.toLocaleString('en')} contacts loaded and classified ${seconds(classifiedAfterMs)} after start-up; open the dashboard at ${dashboardUrl}`,
    );
    return { contacts: story.contacts.length, countermeasureId: countermeasure.id, story, dashboardUrl, loadedAfterMs, classifiedAfterMs, studyId };
  }

  /**
   * A sample-and-listen study of the last weeks, coded as a person would code it, with the
   * category BANKING77's annotators gave each text: the figures people trust because they read
   * the words, beside the machine's. The codes become reviewers' labels, as any study's do.
   */
  private async listen(story: Story): Promise<number> {
    this.progress = 'Loading the demo: coding a sample-and-listen study of the last 12 weeks.';
    const studies = this.service(StudiesService);
    const created = await studies.create(
      CreateStudyBody.parse({
        title: 'Listening to the last 12 weeks of demand, in the customers’ words',
        from: addDays(mondayOf(story.to), -7 * STUDY.weeks),
        to: mondayOf(story.to),
        stratifyBy: 'step',
        marginOfError: STUDY.marginOfError,
        seed: STUDY.seed,
      }),
    );
    const truth = new Map(story.contacts.map((c) => [`${c.kind}|${c.event.id}`, c.category]));
    const ids = created.sample.map((s) => s.contactId);
    const rows = (await this.db.query('SELECT id::text AS id, kind, source_id FROM contacts WHERE id = ANY($1::bigint[])', [ids])) as Array<{ id: string; kind: string; source_id: string }>;
    const categoryOf = new Map(rows.map((r) => [r.id, truth.get(`${r.kind}|${r.source_id}`)]));
    for (const contactId of ids) {
      const category = categoryOf.get(contactId);
      if (category) await studies.code(created.id, contactId, StudyCodeBody.parse({ category, coder: STUDY.coder }));
    }
    const { results } = await studies.get(created.id);
    const percent = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);
    this.logger.log(
      `demo 7/7: study ${created.id} coded: ${results.coded} contacts; failure demand ${percent(results.failureShare)} as read (95% CI ${percent(results.failureShareLow)}–${percent(results.failureShareHigh)}), ` +
        `${percent(results.modelFailureShare)} as classified; the model agrees on ${percent(results.agreement.category.accuracy)} of categories (kappa ${results.agreement.category.kappa?.toFixed(2) ?? 'n/a'})`,
    );
    return created.id;
  }

  /** Every contact through ingest's one path (`IngestService.ingest`, as `npm run import` does), a thousand at a time. */
  private async ingest(story: Story): Promise<{ stored: number; duplicates: number; rejected: number; tickets: number; complaints: number; ms: number }> {
    const ingest = this.service(IngestService);
    const started = Date.now();
    const tally = { stored: 0, duplicates: 0, rejected: 0, tickets: 0, complaints: 0 };
    for (let i = 0; i < story.contacts.length && !this.stopped; i += INGEST_BATCH) {
      const batch = story.contacts.slice(i, i + INGEST_BATCH);
      const result = await ingest.ingest(
        batch.map((c) => ({ kind: c.kind satisfies ContactKind, value: c.event })),
        'import',
      );
      tally.stored += result.inserted;
      tally.duplicates += result.duplicates;
      tally.rejected += result.rejected.length;
      if (result.rejected.length) this.logger.warn({ rejections: result.rejected.slice(0, 3).map((r) => r.rejection) }, 'demo: some contacts were rejected');
    }
    tally.tickets = story.contacts.filter((c) => c.kind === 'ticket').length;
    tally.complaints = story.contacts.length - tally.tickets;
    return { ...tally, ms: Date.now() - started };
  }

  /** Waits until the classifier (which trains by itself) has classified every contact; false when shut down first. */
  private async classified(total: number): Promise<boolean> {
    let lastProgress = Date.now();
    let trained = false;
    while (!this.stopped) {
      const [{ n }] = (await this.db.query(COUNT_UNCLASSIFIED)) as [{ n: number }];
      if (!trained) {
        const [model] = await this.models.list(1);
        if (model) {
          trained = true;
          this.logger.log(`demo 6/7: model version ${model.id} trained (${model.kind}, ${model.exampleCount.toLocaleString('en')} examples); classifying the contacts`);
        }
      }
      this.progress = trained
        ? `Loading the demo: classified ${(total - n).toLocaleString('en')} of ${total.toLocaleString('en')} contacts.`
        : `Loading the demo: the classifier is training its first model on BANKING77's labelled texts (${total.toLocaleString('en')} contacts wait).`;
      if (n === 0 && trained) return true;
      if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = Date.now();
        this.logger.log(trained ? `demo 6/7: classified ${(total - n).toLocaleString('en')} of ${total.toLocaleString('en')} contacts` : 'demo 6/7: waiting for the classifier to train its first model');
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    return false;
  }

  // The services the API and ingest modules serve, found wherever they are registered.
  private service<T>(type: new (...args: never[]) => T): T {
    return this.modules.get(type, { strict: false });
  }

  private dashboardUrl(): string {
    const server = this.http.httpAdapter?.getHttpServer() as Server | undefined;
    const address = server?.address() as AddressInfo | string | null | undefined;
    const port = address && typeof address === 'object' ? address.port : this.runtime.config.PORT;
    return `http://127.0.0.1:${port}/`;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
