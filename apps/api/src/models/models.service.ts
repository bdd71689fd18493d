import { Injectable } from '@nestjs/common';
import type { ModelVersionResponse, ModelsResponse } from '@frictionlens/contracts';
import { ModelVersionRepository, type ModelVersionSummary } from '@frictionlens/persistence';

/** The trained model versions, newest first, with what each was trained on and how it did. */
@Injectable()
export class ModelsService {
  constructor(private readonly models: ModelVersionRepository) {}

  async list(limit: number): Promise<ModelsResponse> {
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
