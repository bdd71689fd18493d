import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CountermeasureList, CountermeasureResponse, CountermeasureV1 } from '@frictionlens/contracts';
import { ApiAnswer, ApiBodyFrom, ApiParamFrom, ApiQueryFrom, RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import { CountermeasureId, CountermeasuresQuery } from './countermeasures.schemas.js';
import { CountermeasuresService } from './countermeasures.service.js';

/** Prevention work on value-stream steps. Reading needs `metrics:read`, changing `admin`. */
@ApiTags('countermeasures')
@Controller('v1/countermeasures')
export class CountermeasuresController {
  constructor(private readonly countermeasures: CountermeasuresService) {}

  @Post()
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Record prevention work on a value-stream step (optionally for some of its categories), from the day it started' })
  @ApiBodyFrom(CountermeasureV1)
  @ApiAnswer(CountermeasureResponse, { status: 201 })
  create(@Body(new ZodPipe(CountermeasureV1)) body: CountermeasureV1): Promise<CountermeasureResponse> {
    return this.countermeasures.create(body);
  }

  @Get()
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: 'Countermeasures, optionally of one step or status' })
  @ApiQueryFrom(CountermeasuresQuery)
  @ApiAnswer(CountermeasureList)
  list(@Query(new ZodPipe(CountermeasuresQuery)) query: CountermeasuresQuery): Promise<CountermeasureList> {
    return this.countermeasures.list(query);
  }

  @Get(':id')
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: 'One countermeasure' })
  @ApiParamFrom('id', CountermeasureId, 'The countermeasure.')
  @ApiAnswer(CountermeasureResponse)
  get(@Param('id', new ZodPipe(CountermeasureId, 'id')) id: number): Promise<CountermeasureResponse> {
    return this.countermeasures.get(id);
  }

  @Put(':id')
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Replace every field of a countermeasure' })
  @ApiParamFrom('id', CountermeasureId, 'The countermeasure.')
  @ApiBodyFrom(CountermeasureV1)
  @ApiAnswer(CountermeasureResponse)
  put(@Param('id', new ZodPipe(CountermeasureId, 'id')) id: number, @Body(new ZodPipe(CountermeasureV1)) body: CountermeasureV1): Promise<CountermeasureResponse> {
    return this.countermeasures.put(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Delete a countermeasure' })
  @ApiParamFrom('id', CountermeasureId, 'The countermeasure.')
  @ApiNoContentResponse({ description: 'Deleted.' })
  remove(@Param('id', new ZodPipe(CountermeasureId, 'id')) id: number): Promise<void> {
    return this.countermeasures.remove(id);
  }
}
