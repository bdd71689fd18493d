import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CountermeasureV1 } from '@frictionlens/contracts';
import { RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import type { CountermeasureResponse } from './countermeasures.responses.js';
import { CountermeasureId, CountermeasuresQuery } from './countermeasures.schemas.js';
import { CountermeasuresService } from './countermeasures.service.js';

/** Prevention work on value-stream steps. Reading needs `metrics:read`, changing `admin`. */
@Controller('v1/countermeasures')
export class CountermeasuresController {
  constructor(private readonly countermeasures: CountermeasuresService) {}

  @Post()
  @RequiresApiKey('admin')
  create(@Body(new ZodPipe(CountermeasureV1)) body: CountermeasureV1): Promise<CountermeasureResponse> {
    return this.countermeasures.create(body);
  }

  @Get()
  @RequiresApiKey('metrics:read')
  list(@Query(new ZodPipe(CountermeasuresQuery)) query: CountermeasuresQuery): Promise<CountermeasureResponse[]> {
    return this.countermeasures.list(query);
  }

  @Get(':id')
  @RequiresApiKey('metrics:read')
  get(@Param('id', new ZodPipe(CountermeasureId, 'id')) id: number): Promise<CountermeasureResponse> {
    return this.countermeasures.get(id);
  }

  @Put(':id')
  @RequiresApiKey('admin')
  put(@Param('id', new ZodPipe(CountermeasureId, 'id')) id: number, @Body(new ZodPipe(CountermeasureV1)) body: CountermeasureV1): Promise<CountermeasureResponse> {
    return this.countermeasures.put(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresApiKey('admin')
  remove(@Param('id', new ZodPipe(CountermeasureId, 'id')) id: number): Promise<void> {
    return this.countermeasures.remove(id);
  }
}
