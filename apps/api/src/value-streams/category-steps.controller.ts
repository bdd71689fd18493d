import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CategoryKey, CategoryStepsResponse, CategoryStepsV1 } from '@frictionlens/contracts';
import { ApiAnswer, ApiBodyFrom, ApiParamFrom, RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import { ValueStreamsService } from './value-streams.service.js';

/** Where a category's friction originates: its links to value-stream steps (`admin`). */
@ApiTags('value-streams')
@Controller('v1/categories')
export class CategoryStepsController {
  constructor(private readonly valueStreams: ValueStreamsService) {}

  @Put(':category/steps')
  @RequiresApiKey('admin')
  @ApiOperation({ summary: "Set the steps a category's friction originates at, with weights summing to 1" })
  @ApiParamFrom('category', CategoryKey, 'The category.')
  @ApiBodyFrom(CategoryStepsV1)
  @ApiAnswer(CategoryStepsResponse)
  put(@Param('category', new ZodPipe(CategoryKey, 'category')) category: string, @Body(new ZodPipe(CategoryStepsV1)) body: CategoryStepsV1): Promise<CategoryStepsResponse> {
    return this.valueStreams.putCategorySteps(category, body);
  }
}
