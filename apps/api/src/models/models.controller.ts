import { Controller, Get, Query } from '@nestjs/common';
import { ApiQueryFrom, RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import { ModelsQuery } from './models.schemas.js';
import { ModelsService, type ModelVersionResponse } from './models.service.js';

@Controller('v1/models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  /** Every trained model version, newest first, up to `limit`: the classifier serves the first one. */
  @Get()
  @RequiresApiKey('metrics:read')
  @ApiQueryFrom(ModelsQuery)
  list(@Query(new ZodPipe(ModelsQuery)) query: ModelsQuery): Promise<{ models: ModelVersionResponse[] }> {
    return this.models.list(query.limit);
  }
}
