import type { DataSource } from 'typeorm';
import type { ModelVersionRepository } from '@frictionlens/persistence';
import { trainOffThread } from './train-off-thread.js';
import type { TrainingInput, TrainingProgress } from './training-plan.js';

/** What training reads: the taxonomy (its categories' keyword rules) and the labelled examples. */
export interface TrainingSource {
  currentVersion(): Promise<{ id: number; categories: Array<{ key: string; rules: string[] }> } | undefined>;
  trainingExamples(): Promise<Array<{ text: string; label: string }>>;
  labelCountSince(since: Date): Promise<number>;
  exampleCountSince(since: Date): Promise<number>;
}

export interface TrainingOutcome {
  modelVersionId: number;
  kind: string;
  taxonomyVersionId: number;
  exampleCount: number;
  evaluation: Record<string, unknown>;
}

// One trainer at a time across every instance: a session-level advisory lock.
const TRAINING_LOCK = 727_100;

/**
 * Trains a new model version from what PostgreSQL holds and stores it. Every classifier instance
 * may ask; the advisory lock lets one train while the others go on classifying.
 */
export class ModelTrainer {
  constructor(
    private readonly db: DataSource,
    private readonly source: TrainingSource,
    private readonly models: ModelVersionRepository,
    private readonly retrainAfterLabels: number,
  ) {}

  /**
   * Why a new model is due, or undefined when the newest one is up to date: there is no model
   * yet, the taxonomy changed since it was trained, the first examples arrived for a model of
   * rules alone, or enough new reviewers' labels and examples arrived.
   */
  async retrainDue(): Promise<string | undefined> {
    const taxonomy = await this.source.currentVersion();
    if (!taxonomy) return undefined;
    const latest = (await this.models.list(1))[0];
    if (!latest) return 'no model yet';
    if (latest.taxonomyVersionId < taxonomy.id) return `taxonomy version ${taxonomy.id} is newer than model ${latest.id}'s`;
    const examples = await this.source.exampleCountSince(latest.createdAt);
    if (latest.kind === 'rules' && examples > 0) return `${examples} new examples for model ${latest.id}, which knows only rules`;
    if (this.retrainAfterLabels === 0) return undefined;
    const labels = await this.source.labelCountSince(latest.createdAt);
    const fresh = labels + examples;
    return fresh >= this.retrainAfterLabels ? `${labels} new reviewer labels and ${examples} new examples since model ${latest.id}` : undefined;
  }

  /**
   * Trains and stores a model now (`onlyIfDue`: only when `retrainDue` still says so once the lock
   * is held). Undefined when there is no taxonomy, another instance is training, or it is not due.
   */
  async train(options: { onlyIfDue?: boolean; onProgress?: TrainingProgress } = {}): Promise<TrainingOutcome | undefined> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [TRAINING_LOCK])) as [{ locked: boolean }];
      if (!locked) return undefined;
      try {
        if (options.onlyIfDue && !(await this.retrainDue())) return undefined;
        return await this.trainLocked(options.onProgress);
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1::bigint)', [TRAINING_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  private async trainLocked(onProgress?: TrainingProgress): Promise<TrainingOutcome | undefined> {
    const taxonomy = await this.source.currentVersion();
    if (!taxonomy) return undefined;
    const keys = new Set(taxonomy.categories.map((c) => c.key));
    const examples = (await this.source.trainingExamples()).filter((e) => keys.has(e.label));
    const labelCount = await this.source.labelCountSince(new Date(0));
    const input: TrainingInput = {
      taxonomyVersionId: taxonomy.id,
      rules: taxonomy.categories.filter((c) => c.rules.length > 0).map((c) => ({ label: c.key, phrases: c.rules })),
      examples,
      labelCount,
    };
    const model = await trainOffThread(input, onProgress);
    const modelVersionId = await this.models.insert({
      kind: model.kind,
      taxonomyVersionId: taxonomy.id,
      exampleCount: examples.length,
      labelCount,
      evaluation: model.evaluation,
      artefact: model.artefact,
      checksum: model.checksum,
    });
    return { modelVersionId, kind: model.kind, taxonomyVersionId: taxonomy.id, exampleCount: examples.length, evaluation: model.evaluation };
  }
}
