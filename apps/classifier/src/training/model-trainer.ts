import type { DataSource } from 'typeorm';
import type { DemandType } from '@frictionlens/contracts';
import { withAdvisoryLock, type EmbeddingRepository, type ModelVersionRepository } from '@frictionlens/persistence';
import type { ClassifierEncoder } from '../encoder/classifier-encoder.js';
import { centresOf, DEFAULT_OUT_OF_SCOPE_LIMITS, NOT_OURS_LABEL, outOfScopeContacts, outOfScopeExamplesOf, straysOf, type OutOfScopeLimits } from './out-of-scope-examples.js';
import { trainOffThread } from './train-off-thread.js';
import { categoryDescriptionText, type TrainedModel, type TrainingEncoder, type TrainingInput, type TrainingProgress } from './training-plan.js';

/** What training reads: the taxonomy (its categories' keyword rules) and the labelled examples. */
export interface TrainingSource {
  currentVersion(): Promise<{ id: number; categories: Array<{ key: string; name?: string; description?: string | null; rules: string[]; demandType?: DemandType }> } | undefined>;
  trainingExamples(): Promise<Array<{ text: string; label: string }>>;
  labelCountSince(since: Date): Promise<number>;
  exampleCountSince(since: Date): Promise<number>;
}

export interface TrainingOutcome {
  modelVersionId: number;
  kind: string;
  taxonomyVersionId: number;
  exampleCount: number;
  /** Contacts of themes nobody made a category (yet) that trained the model as "not one of ours". */
  outOfScopeCount: number;
  evaluation: Record<string, unknown>;
}

// One trainer at a time across every instance: a session-level advisory lock.
const TRAINING_LOCK = 727_100;

// Accepting a theme makes the category (a new taxonomy version) first, then labels its members
// and marks the theme accepted. A model trained in between would learn the category with no
// examples and the run's other themes not yet as "not one of ours", so training waits for the
// accept to finish; an accept that died part-way waits this long at most.
const ACCEPT_UNDER_WAY_SECONDS = 60;
const ACCEPT_UNDER_WAY = `
  SELECT EXISTS (
    SELECT 1 FROM taxonomy_categories c
    JOIN taxonomy_versions v ON v.id = c.taxonomy_version_id
    JOIN discovery_themes t ON t.id::text = c.attributes->'discoveredBy'->>'theme'
    WHERE c.taxonomy_version_id = $1 AND t.status = 'proposed' AND v.created_at > now() - make_interval(secs => $2)
  ) AS under_way`;

// Themes a person dismissed since a model was made (not those a run dismissed as matching an
// earlier dismissal), in runs where nothing was accepted or merged: their contacts now train as
// "not one of ours" (out-of-scope-examples.ts) where before they did not (a run someone decided
// from had all its other themes in already). Counted only once no such theme was dismissed for
// DISMISSALS_SETTLE_SECONDS, so a person dismissing theme after theme gets one model when they
// pause, not one per theme.
const DISMISSALS_SETTLE_SECONDS = 60;
const DISMISSED_SINCE = `
  SELECT count(*)::int AS dismissed, coalesce(bool_and(t.decided_at < now() - make_interval(secs => $2)), true) AS settled
  FROM discovery_themes t
  WHERE t.status = 'dismissed' AND t.matches_dismissed_theme_id IS NULL AND t.decided_at > $1
    AND NOT EXISTS (SELECT 1 FROM discovery_themes d WHERE d.run_id = t.run_id AND d.status IN ('accepted', 'merged'))`;

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
    /**
     * With a loaded sentence encoder (and where its embeddings are kept), models are of kind
     * `encoder`; their open-set decision flags `openSetFlagShare` of known texts when nothing
     * out of scope is known (CLASSIFIER_OPEN_SET_FLAG_SHARE).
     */
    private readonly withEncoder?: { encoder: ClassifierEncoder; embeddings: EmbeddingRepository; openSetFlagShare?: number },
    private readonly outOfScopeLimits: OutOfScopeLimits = DEFAULT_OUT_OF_SCOPE_LIMITS,
  ) {}

  private get encoder() {
    const identity = this.withEncoder?.encoder.identity;
    return identity && { identity, settings: this.withEncoder!.encoder.settings, embeddings: this.withEncoder!.embeddings };
  }

  /**
   * Why a new model is due, or undefined when the newest one is up to date (or a theme is being
   * accepted into the current taxonomy right now): there is no model yet, the taxonomy changed
   * since it was trained, the first examples arrived for a model of rules alone, a sentence
   * encoder is here and the newest model is a TF-IDF one, enough new reviewers' labels and
   * examples arrived, or people dismissed themes whose contacts the model has not learned are
   * not ours (once they pause).
   */
  async retrainDue(): Promise<string | undefined> {
    const taxonomy = await this.source.currentVersion();
    if (!taxonomy) return undefined;
    if (await this.acceptUnderWay(taxonomy.id)) return undefined;
    const latest = (await this.models.list(1))[0];
    if (!latest) return 'no model yet';
    if (latest.taxonomyVersionId < taxonomy.id) return `taxonomy version ${taxonomy.id} is newer than model ${latest.id}'s`;
    const examples = await this.source.exampleCountSince(latest.createdAt);
    if (latest.kind === 'rules' && examples > 0) return `${examples} new examples for model ${latest.id}, which knows only rules`;
    // The upgrade once the encoder is fetched. (An encoder model made with other encoder files is
    // left alone: instances with different files would otherwise take turns retraining.)
    const encoder = this.encoder;
    if (encoder && latest.kind === 'linear') return `model ${latest.id} is a TF-IDF model and the sentence encoder ${encoder.identity.name} is here`;
    const [{ dismissed, settled }] = (await this.db.query(DISMISSED_SINCE, [latest.createdAt, DISMISSALS_SETTLE_SECONDS])) as [{ dismissed: number; settled: boolean }];
    if (dismissed > 0 && settled) return `${dismissed} theme(s) dismissed since model ${latest.id}: their contacts train as not one of ours`;
    if (this.retrainAfterLabels === 0) return undefined;
    const labels = await this.source.labelCountSince(latest.createdAt);
    const fresh = labels + examples;
    return fresh >= this.retrainAfterLabels ? `${labels} new reviewer labels and ${examples} new examples since model ${latest.id}` : undefined;
  }

  private async acceptUnderWay(taxonomyVersionId: number): Promise<boolean> {
    const [{ under_way }] = (await this.db.query(ACCEPT_UNDER_WAY, [taxonomyVersionId, ACCEPT_UNDER_WAY_SECONDS])) as [{ under_way: boolean }];
    return under_way;
  }

  /**
   * Trains and stores a model now (`onlyIfDue`: only when `retrainDue` still says so once the lock
   * is held). Undefined when there is no taxonomy, another instance is training, or it is not due.
   */
  async train(options: { onlyIfDue?: boolean; onProgress?: TrainingProgress; alsoDue?: () => string | undefined } = {}): Promise<TrainingOutcome | undefined> {
    const trained = await withAdvisoryLock(this.db, TRAINING_LOCK, async () => {
      if (options.onlyIfDue && !(await this.retrainDue()) && !options.alsoDue?.()) return undefined;
      return this.trainLocked(options.onProgress);
    });
    return trained.locked ? trained.value : undefined;
  }

  private async trainLocked(onProgress?: TrainingProgress): Promise<TrainingOutcome | undefined> {
    const taxonomy = await this.source.currentVersion();
    if (!taxonomy) return undefined;
    const keys = new Set(taxonomy.categories.map((c) => c.key));
    const inScope = (await this.source.trainingExamples()).filter((e) => keys.has(e.label));
    // What discovery shows is not (yet) one of ours: without it a model trained from a few accepted
    // themes has no "none of these" to learn, and forces every contact into one of them.
    let outOfScope = outOfScopeExamplesOf(await outOfScopeContacts(this.db, this.outOfScopeLimits), inScope);
    let examples = [...inScope, ...outOfScope.map(({ text, label }) => ({ text, label }))];
    const labelCount = await this.source.labelCountSince(new Date(0));
    const plan = this.encoder ? await this.storedEmbeddings(examples, outOfScope) : undefined;
    if (plan && outOfScope.length > 0) {
      // Those that read as an accepted category rather than as their own theme are left out.
      const stored = plan.encoder.stored;
      const at = new Map(outOfScope.map((c, j) => [c.contactId, inScope.length + j]));
      const strays = straysOf(outOfScope, (c) => stored[at.get(c.contactId)!] ?? undefined, centresOf(inScope, (i) => stored[i] ?? undefined));
      if (strays.size > 0) {
        const kept = (i: number) => i < inScope.length || !strays.has(outOfScope[i - inScope.length]!.contactId);
        examples = examples.filter((_, i) => kept(i));
        plan.encoder.stored = stored.filter((_, i) => kept(i));
        outOfScope = outOfScope.filter((c) => !strays.has(c.contactId));
      }
    }
    const input: TrainingInput = {
      taxonomyVersionId: taxonomy.id,
      rules: taxonomy.categories.filter((c) => c.rules.length > 0).map((c) => ({ label: c.key, phrases: c.rules })),
      examples,
      labelCount,
      descriptions: taxonomy.categories.map((c) => ({ label: c.key, text: categoryDescriptionText(c) })),
      demandTypes: Object.fromEntries(taxonomy.categories.flatMap((c) => (c.demandType ? [[c.key, c.demandType]] : []))),
      ...(outOfScope.length > 0 ? { outOfScopeLabel: NOT_OURS_LABEL } : {}),
      ...(plan ? { encoder: plan.encoder } : {}),
      ...(plan && this.withEncoder?.openSetFlagShare ? { openSetFlagShare: this.withEncoder.openSetFlagShare } : {}),
    };
    const model = await trainOffThread(input, onProgress);
    if (plan) await this.keepEmbeddings(model, examples, plan.contactOf);
    const modelVersionId = await this.models.insert({
      kind: model.kind,
      taxonomyVersionId: taxonomy.id,
      exampleCount: inScope.length,
      labelCount,
      evaluation: model.evaluation,
      artefact: model.artefact,
      checksum: model.checksum,
    });
    return { modelVersionId, kind: model.kind, taxonomyVersionId: taxonomy.id, exampleCount: inScope.length, outOfScopeCount: outOfScope.length, evaluation: model.evaluation };
  }

  /**
   * The embeddings stored for the examples: a reviewer-labelled contact's by contact, any other
   * example's by the hash of its text, an out-of-scope contact's by contact (discovery stored
   * them). The training thread embeds the rest.
   */
  private async storedEmbeddings(examples: Array<{ text: string }>, outOfScope: ReadonlyArray<{ contactId: string; text: string }>): Promise<{ encoder: TrainingEncoder; contactOf: Map<string, string> }> {
    const { identity, settings, embeddings } = this.encoder!;
    const labelled = await embeddings.labelledContacts(identity.checksum);
    const contactOf = new Map<string, string>();
    const byContact = new Map<string, Float32Array>();
    for (const contact of labelled) {
      if (contactOf.has(contact.text)) continue;
      contactOf.set(contact.text, contact.contactId);
      if (contact.vector) byContact.set(contact.text, contact.vector);
    }
    const outOfScopeVectors = await embeddings.findForContacts(identity.checksum, outOfScope.map((c) => c.contactId));
    for (const { contactId, text } of outOfScope) {
      if (contactOf.has(text)) continue;
      contactOf.set(text, contactId);
      const vector = outOfScopeVectors.get(contactId);
      if (vector) byContact.set(text, vector);
    }
    const byText = await embeddings.findForExamples(identity.checksum, examples.filter((e) => !contactOf.has(e.text)).map((e) => e.text));
    const stored = examples.map((e) => byContact.get(e.text) ?? byText.get(e.text) ?? null);
    return { encoder: { name: identity.name, folder: settings.folder, checksum: identity.checksum, dimensions: identity.dimensions, stored }, contactOf };
  }

  // What the training thread embedded is stored, so the next training does not embed it again.
  private async keepEmbeddings(model: TrainedModel, examples: Array<{ text: string }>, contactOf: Map<string, string>): Promise<void> {
    const { identity, embeddings } = this.encoder!;
    const forContacts: Array<{ contactId: string; vector: Float32Array }> = [];
    const forExamples: Array<{ text: string; vector: Float32Array }> = [];
    for (const { index, vector } of model.embedded ?? []) {
      const text = examples[index]!.text;
      const contactId = contactOf.get(text);
      if (contactId) forContacts.push({ contactId, vector });
      else forExamples.push({ text, vector });
    }
    for (let start = 0; start < forExamples.length; start += STORE_CHUNK) await embeddings.storeForExamples(identity, forExamples.slice(start, start + STORE_CHUNK));
    for (let start = 0; start < forContacts.length; start += STORE_CHUNK) await embeddings.storeForContacts(identity, forContacts.slice(start, start + STORE_CHUNK));
  }
}

// Rows per INSERT of embeddings: one statement each, parameters of a few MB.
const STORE_CHUNK = 2_000;
