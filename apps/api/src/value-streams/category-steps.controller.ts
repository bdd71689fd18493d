import { Body, Controller, Param, Put } from '@nestjs/common';
import { CategoryKey, CategoryStepsV1 } from '@frictionlens/contracts';
import { RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import type { CategoryStepsResponse } from './value-streams.responses.js';
import { ValueStreamsService } from './value-streams.service.js';

/** Where a category's friction originates: its links to value-stream steps (`admin`). */
@Controller('v1/categories')
export class CategoryStepsController {
  constructor(private readonly valueStreams: ValueStreamsService) {}

  @Put(':category/steps')
  @RequiresApiKey('admin')
  put(@Param('category', new ZodPipe(CategoryKey, 'category')) category: string, @Body(new ZodPipe(CategoryStepsV1)) body: CategoryStepsV1): Promise<CategoryStepsResponse> {
    return this.valueStreams.putCategorySteps(category, body);
  }
}
