import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  StepKey,
  StepResponse,
  StepUpdateV1,
  StepVolumesV1,
  StoredVolumesResponse,
  ValueStreamDocumentV1,
  ValueStreamImportResponse,
  ValueStreamList,
  VolumeRangeQuery,
  VolumesFileResponse,
  VolumesResponse,
  type ValueStreamDocumentV1Input,
} from '@frictionlens/contracts';
import { ApiAnswer, ApiBodyFrom, ApiParamFrom, ApiQueryFrom, RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import { StepVolumesService } from './step-volumes.service.js';
import { ValueStreamsService } from './value-streams.service.js';

const CsvFile = z.string({ error: 'must be a CSV file sent with content-type: text/csv' });

/** Value streams and their steps, and each step's daily volumes. Reading needs `metrics:read`, changing `admin`. */
@ApiTags('value-streams')
@Controller('v1/value-streams')
export class ValueStreamsController {
  constructor(
    private readonly valueStreams: ValueStreamsService,
    private readonly volumes: StepVolumesService,
  ) {}

  @Get()
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: 'The value streams with their steps in order, and the categories linked to each step' })
  @ApiAnswer(ValueStreamList)
  list(): Promise<ValueStreamList> {
    return this.valueStreams.list();
  }

  @Get('export')
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: 'The value-stream map as a document POST /v1/value-streams/import takes' })
  @ApiAnswer(ValueStreamDocumentV1, { io: 'input', description: 'A value-stream document, as an import takes it.' })
  export(): Promise<ValueStreamDocumentV1Input> {
    return this.valueStreams.export();
  }

  @Post('import')
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Replace the value-stream map (streams, steps and category links) with a document' })
  @ApiBodyFrom(ValueStreamDocumentV1)
  @ApiAnswer(ValueStreamImportResponse, { status: 201 })
  import(@Body(new ZodPipe(ValueStreamDocumentV1)) document: ValueStreamDocumentV1): Promise<ValueStreamImportResponse> {
    return this.valueStreams.import(document);
  }

  @Put('steps/:step')
  @RequiresApiKey('admin')
  @ApiOperation({ summary: "Change a step's fields (name, owner, times, %C&A target, unit), or its key" })
  @ApiParamFrom('step', StepKey, 'The step.')
  @ApiBodyFrom(StepUpdateV1)
  @ApiAnswer(StepResponse)
  putStep(@Param('step', new ZodPipe(StepKey, 'step')) step: string, @Body(new ZodPipe(StepUpdateV1)) update: StepUpdateV1): Promise<StepResponse> {
    return this.valueStreams.putStep(step, update);
  }

  @Put('steps/:step/volumes')
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Store the units a step handled per day (a day sent again is replaced)' })
  @ApiParamFrom('step', StepKey, 'The step.')
  @ApiBodyFrom(StepVolumesV1)
  @ApiAnswer(StoredVolumesResponse)
  putVolumes(@Param('step', new ZodPipe(StepKey, 'step')) step: string, @Body(new ZodPipe(StepVolumesV1)) body: StepVolumesV1): Promise<StoredVolumesResponse> {
    return this.volumes.put(step, body);
  }

  @Get('steps/:step/volumes')
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: "A step's daily volumes, optionally from/to" })
  @ApiParamFrom('step', StepKey, 'The step.')
  @ApiQueryFrom(VolumeRangeQuery)
  @ApiAnswer(VolumesResponse)
  volumesOf(@Param('step', new ZodPipe(StepKey, 'step')) step: string, @Query(new ZodPipe(VolumeRangeQuery)) range: VolumeRangeQuery): Promise<VolumesResponse> {
    return this.volumes.list(step, range);
  }

  @Post('volumes.csv')
  @HttpCode(200)
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Store daily volumes of many steps from a CSV file (step,day,units); lines that do not parse are answered, not stored' })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', description: 'CSV with a header line: step,day,units.' } })
  @ApiAnswer(VolumesFileResponse)
  putVolumesFile(@Body(new ZodPipe(CsvFile)) file: string): Promise<VolumesFileResponse> {
    return this.volumes.putFile(file);
  }
}
