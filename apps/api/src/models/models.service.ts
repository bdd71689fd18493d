import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ModelVersionRepository, type ModelVersionSummary } from '@frictionlens/persistence';

export interface ModelVersionResponse {
  version: number;
  kind: string;
  taxonomyVersion: number;
  createdAt: string;
  exampleCount: number;
  labelCount: number;
  sizeBytes: number;
  checksum: string;
  /** Held-out figures from training (accuracy, unclassified rate, threshold, ...). */
  evaluation: Record<string, unknown>;
}

/** The trained model versions, newest first, with what each was trained on and how it did. */
@Injectable()
export class ModelsService {
  private readonly models: ModelVersionRepository;

  constructor(db: DataSource) {
    this.models = new ModelVersionRepository(db);
  }

  async list(limit: number): Promise<{ models: ModelVersionResponse[] }> {
    return { models: (await this.models.list(limit)).map(toResponse) };
  }
}

function toResponse(model: ModelVersionSummary): ModelVersionResponse {
  return {
    version: model.id,
    kind: model.kind,
    taxonomyVersion: model.taxonomyVersionId,
    createdAt: model.createdAt.toISOString(),
    exampleCount: model.exampleCount,
    labelCount: model.labelCount,
    sizeBytes: model.sizeBytes,
    checksum: model.checksum,
    evaluation: model.evaluation,
  };
}
