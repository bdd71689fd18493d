import { TextClassifier } from '@frictionlens/nlp';
import type { ModelVersionRepository } from '@frictionlens/persistence';

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
}

export interface TaxonomyVersionSource {
  findVersion(id: number): Promise<{ categories: Array<{ key: string; demandType: DemandType }> } | undefined>;
}

/**
 * The model this instance classifies with: the newest stored version. `refresh` swaps in a newer
 * one when there is one, so a retrain reaches every instance without a restart; a batch in hand
 * keeps the model it started with.
 */
export class ActiveModel {
  private loaded?: LoadedModel;

  constructor(
    private readonly models: ModelVersionRepository,
    private readonly taxonomy: TaxonomyVersionSource,
  ) {}

  get current(): LoadedModel | undefined {
    return this.loaded;
  }

  /** Loads the newest model version if it is not the one in use; true when it changed. */
  async refresh(): Promise<boolean> {
    const latestId = await this.models.latestId();
    if (latestId === undefined || latestId === this.loaded?.modelVersionId) return false;
    const record = await this.models.find(latestId);
    if (!record) return false;
    const version = await this.taxonomy.findVersion(record.taxonomyVersionId);
    this.loaded = {
      modelVersionId: record.id,
      kind: record.kind,
      taxonomyVersionId: record.taxonomyVersionId,
      checksum: record.checksum,
      classifier: TextClassifier.deserialise(new Uint8Array(record.artefact)),
      demandTypeOf: new Map((version?.categories ?? []).map((c) => [c.key, c.demandType])),
      loadedAt: new Date(),
    };
    return true;
  }
}
