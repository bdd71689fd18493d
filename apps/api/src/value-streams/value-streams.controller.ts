import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { z } from 'zod';
import { StepKey, StepUpdateV1, StepVolumesV1, ValueStreamDocumentV1, VolumeRangeQuery, type ValueStreamDocumentV1Input } from '@frictionlens/contracts';
import { RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import type { ImportResponse, StepResponse, StoredVolumesResponse, ValueStreamResponse, VolumesFileResponse, VolumesResponse } from './value-streams.responses.js';
import { StepVolumesService } from './step-volumes.service.js';
import { ValueStreamsService } from './value-streams.service.js';

const CsvFile = z.string({ error: 'must be a CSV file sent with content-type: text/csv' });

/** Value streams and their steps, and each step's daily volumes. Reading needs `metrics:read`, changing `admin`. */
@Controller('v1/value-streams')
export class ValueStreamsController {
  constructor(
    private readonly valueStreams: ValueStreamsService,
    private readonly volumes: StepVolumesService,
  ) {}

  @Get()
  @RequiresApiKey('metrics:read')
  list(): Promise<ValueStreamResponse[]> {
    return this.valueStreams.list();
  }

  @Get('export')
  @RequiresApiKey('metrics:read')
  export(): Promise<ValueStreamDocumentV1Input> {
    return this.valueStreams.export();
  }

  @Post('import')
  @RequiresApiKey('admin')
  import(@Body(new ZodPipe(ValueStreamDocumentV1)) document: ValueStreamDocumentV1): Promise<ImportResponse> {
    return this.valueStreams.import(document);
  }

  @Put('steps/:step')
  @RequiresApiKey('admin')
  putStep(@Param('step', new ZodPipe(StepKey, 'step')) step: string, @Body(new ZodPipe(StepUpdateV1)) update: StepUpdateV1): Promise<StepResponse> {
    return this.valueStreams.putStep(step, update);
  }

  @Put('steps/:step/volumes')
  @RequiresApiKey('admin')
  putVolumes(@Param('step', new ZodPipe(StepKey, 'step')) step: string, @Body(new ZodPipe(StepVolumesV1)) body: StepVolumesV1): Promise<StoredVolumesResponse> {
    return this.volumes.put(step, body);
  }

  @Get('steps/:step/volumes')
  @RequiresApiKey('metrics:read')
  volumesOf(@Param('step', new ZodPipe(StepKey, 'step')) step: string, @Query(new ZodPipe(VolumeRangeQuery)) range: VolumeRangeQuery): Promise<VolumesResponse> {
    return this.volumes.list(step, range);
  }

  @Post('volumes.csv')
  @HttpCode(200)
  @RequiresApiKey('admin')
  putVolumesFile(@Body(new ZodPipe(CsvFile)) file: string): Promise<VolumesFileResponse> {
    return this.volumes.putFile(file);
  }
}
