import { Controller, Get } from '@nestjs/common';
import { RequiresApiKey } from '@frictionlens/platform';
import { ModelsService, type ModelVersionResponse } from './models.service.js';

@Controller('v1/models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  /** Every trained model version, newest first: the classifier serves the first one. */
  @Get()
  @RequiresApiKey('metrics:read')
  list(): Promise<{ models: ModelVersionResponse[] }> {
    return this.models.list();
  }
}
