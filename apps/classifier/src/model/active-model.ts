import { ModelFileError, TextClassifier } from '@frictionlens/nlp';
import type { ModelVersionRecord, ModelVersionRepository, ModelVersionSummary } from '@frictionlens/persistence';
import { ClassifierEncoder } from '../encoder/classifier-encoder.js';

export type DemandType = 'failure' | 'value';

/** A model version ready to classify with, and the demand type of each category it can name. */
export interface LoadedModel {
  modelVersionId: number;
  kind: string;
  taxonomyVersionId: number;
  checksum: string;
  classifier: TextClassifier;
  demandTypeOf: ReadonlyMap<string, DemandType>;
  loadedAt: Date;
  /** The encoder that embeds each text for this model: set for `encoder` models only. */
  encoder?: ClassifierEncoder;
}

/** The newest model version when this instance cannot serve it (its encoder is not here), and why. */
export interface Unservable {
  modelVersionId: number;
  reason: string;
}

/** What /health says about the classifier: which kind of model serves, with which encoder, and why not the encoder. */
export interface ClassifierMode {
  mode: string | null;
  encoder: string | null;
  reason?: string;
}

export interface TaxonomyVersionSource {
  findVersion(id: number): Promise<{ categories: Array<{ key: string; demandType: DemandType }> } | undefined>;
}

type ModelVersions = Pick<ModelVersionRepository, 'latestId' | 'find' | 'list'>;

// How far back a fallback model is looked for among the newest versions.
const FALLBACK_CANDIDATES = 100;

/**
 * The model this instance classifies with: the newest stored version. `refresh` swaps in a newer
 * one when there is one, so a retrain reaches every instance without a restart; a batch in hand
 * keeps the model it started with. When the newest version is an `encoder` model whose encoder
 * this instance cannot run, it serves the newest version it can (a TF-IDF one) rather than none.
 */
export class ActiveModel {
  private loaded?: LoadedModel;
  private newestSeen?: number;
  private unservable?: Unservable;

  constructor(
    private readonly models: ModelVersions,
    private readonly taxonomy: TaxonomyVersionSource,
    readonly encoder: ClassifierEncoder = ClassifierEncoder.none('no sentence encoder configured'),
  ) {}

  get current(): LoadedModel | undefined {
    return this.loaded;
  }

  /** No model version is stored at all: a new install before its first taxonomy or accepted theme. */
  async noneStored(): Promise<boolean> {
    return (await this.models.latestId()) === undefined;
  }

  /** The newest version, when this instance serves an older one (or none) because it cannot run it. */
  get newestUnservable(): Unservable | undefined {
    return this.unservable;
  }

  /** Loads the newest model version (or the newest one it can serve) if it is not the one in use; true when it changed. */
  async refresh(): Promise<boolean> {
    const latestId = await this.models.latestId();
    if (latestId === undefined || latestId === this.newestSeen) return false;
    const record = await this.models.find(latestId);
    if (!record) return false;
    // Marked as seen only once handled: a failed read is tried again next time.
    const changed = await this.serveNewest(record);
    this.newestSeen = latestId;
    return changed;
  }

  private async serveNewest(record: ModelVersionRecord): Promise<boolean> {
    const why = this.whyNotServable(record) ?? (await this.tryLoad(record));
    if (!why) {
      this.unservable = undefined;
      return true;
    }
    this.unservable = { modelVersionId: record.id, reason: why };
    const candidates = await this.models.list(FALLBACK_CANDIDATES);
    for (const candidate of candidates) {
      if (candidate.id >= record.id || this.whyNotServable(candidate)) continue;
      if (candidate.id === this.loaded?.modelVersionId) return false;
      const older = await this.models.find(candidate.id);
      if (older && !(await this.tryLoad(older))) return true;
    }
    return false;
  }

  /** Which kind of model serves, with which encoder, and (when not with the encoder) why. */
  mode(): ClassifierMode {
    const current = this.loaded;
    const encoderName = this.encoder.identity?.name;
    if (!current) return { mode: null, encoder: null, reason: this.unservable ? `model ${this.unservable.modelVersionId}: ${this.unservable.reason}` : 'no model yet' };
    if (current.encoder) return { mode: current.kind, encoder: current.encoder.identity!.name };
    if (this.unservable) return { mode: current.kind, encoder: null, reason: `model ${this.unservable.modelVersionId} is not served: ${this.unservable.reason}` };
    if (!encoderName) return { mode: current.kind, encoder: null, reason: `no sentence encoder: ${this.encoder.unavailableBecause}` };
    return {
      mode: current.kind,
      encoder: null,
      reason: current.kind === 'rules' ? 'fewer than two categories have examples: keyword rules alone' : `model ${current.modelVersionId} was trained without the sentence encoder; the next one uses ${encoderName}`,
    };
  }

  // Undefined when this instance can classify with the version.
  private whyNotServable(version: ModelVersionSummary): string | undefined {
    if (version.kind !== 'encoder') return undefined;
    const needed = encoderOf(version);
    const here = this.encoder.identity;
    if (!here) return `it needs the sentence encoder ${needed?.name ?? '(unknown)'}, and this instance has none (${this.encoder.unavailableBecause})`;
    if (needed && (needed.name !== here.name || needed.checksum !== here.checksum)) {
      return `it needs the sentence encoder ${needed.name} (sha256 ${needed.checksum.slice(0, 12)}…), and this instance runs ${here.name} (sha256 ${here.checksum.slice(0, 12)}…)`;
    }
    return undefined;
  }

  // Undefined once loaded; why not when the model file refuses (another encoder, a newer format).
  private async tryLoad(record: ModelVersionRecord): Promise<string | undefined> {
    const encoder = record.kind === 'encoder' ? this.encoder : undefined;
    let classifier: TextClassifier;
    try {
      // deserialise refuses an encoder other than the one the model was trained with.
      classifier = TextClassifier.deserialise(new Uint8Array(record.artefact), encoder?.identity ? { encoder: encoder.identity } : {});
    } catch (error) {
      if (error instanceof ModelFileError) return error.message;
      throw error;
    }
    const version = await this.taxonomy.findVersion(record.taxonomyVersionId);
    this.loaded = {
      modelVersionId: record.id,
      kind: record.kind,
      taxonomyVersionId: record.taxonomyVersionId,
      checksum: record.checksum,
      classifier,
      demandTypeOf: new Map((version?.categories ?? []).map((c) => [c.key, c.demandType])),
      loadedAt: new Date(),
      ...(encoder ? { encoder } : {}),
    };
    return undefined;
  }
}

/** The encoder an `encoder` model version records in its evaluation (see trainModel). */
export function encoderOf(version: Pick<ModelVersionSummary, 'evaluation'>): { name: string; checksum: string } | undefined {
  const recorded = version.evaluation['encoder'] as { name?: unknown; checksum?: unknown } | undefined;
  return typeof recorded?.name === 'string' && typeof recorded.checksum === 'string' ? { name: recorded.name, checksum: recorded.checksum } : undefined;
}
