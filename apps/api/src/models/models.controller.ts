import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ModelsResponse } from '@frictionlens/contracts';
import { ApiAnswer, ApiQueryFrom, RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import { ModelsQuery } from './models.schemas.js';
import { ModelsService } from './models.service.js';

@ApiTags('models')
@Controller('v1/models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  /** Every trained model version, newest first, up to `limit`: the classifier serves the first one. */
  @Get()
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: 'Trained model versions, newest first, with what each was trained on and its held-out figures' })
  @ApiQueryFrom(ModelsQuery)
  @ApiAnswer(ModelsResponse)
  list(@Query(new ZodPipe(ModelsQuery)) query: ModelsQuery): Promise<ModelsResponse> {
    return this.models.list(query.limit);
  }
}
