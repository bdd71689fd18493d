import { Body, Controller, Get, Param, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { NextContactResponse, StudyCodeResponse, StudyCreatedResponse, StudyExportResponse, StudyListResponse, StudyResponse } from '@frictionlens/contracts';
import { ApiAnswer, ApiBodyFrom, ApiParamFrom, ApiQueryFrom, ApiRowsResponse, CsvResponseInterceptor, RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import { ContactId, CreateStudyBody, StudyCodeBody, StudyExportQuery, StudyId } from './studies.schemas.js';
import { StudiesService } from './studies.service.js';

/** Sample-and-listen studies. Creating one and coding its contacts needs `admin`; reading, `metrics:read`. */
@ApiTags('studies')
@Controller('v1/studies')
export class StudiesController {
  constructor(private readonly studies: StudiesService) {}

  @Post()
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Draw a random sample of contacts, stratified by step, channel or period and sized for a margin of error, for people to code' })
  @ApiBodyFrom(CreateStudyBody)
  @ApiAnswer(StudyCreatedResponse, { status: 201 })
  create(@Body(new ZodPipe(CreateStudyBody)) body: CreateStudyBody): Promise<StudyCreatedResponse> {
    return this.studies.create(body);
  }

  @Get()
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: 'Every study, newest first, with its progress' })
  @ApiAnswer(StudyListResponse)
  list(): Promise<StudyListResponse> {
    return this.studies.list();
  }

  @Get(':id')
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: "A study's progress and results: the coded failure share with its interval, and the model's agreement (accuracy, Cohen's kappa), by stratum" })
  @ApiParamFrom('id', StudyId, 'The study.')
  @ApiAnswer(StudyResponse)
  get(@Param('id', new ZodPipe(StudyId, 'id')) id: number): Promise<StudyResponse> {
    return this.studies.get(id);
  }

  @Get(':id/next')
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: 'The next contact to code, in the coding order, with its redacted text and what the model said (not in a blind study)' })
  @ApiParamFrom('id', StudyId, 'The study.')
  @ApiAnswer(NextContactResponse)
  next(@Param('id', new ZodPipe(StudyId, 'id')) id: number): Promise<NextContactResponse> {
    return this.studies.next(id);
  }

  @Put(':id/contacts/:contactId')
  @RequiresApiKey('admin')
  @ApiOperation({ summary: "A person's code of a sampled contact: value or failure, failure type, step, category, or not for here; a category becomes a reviewer's label, and so does not for here on a contact that has one" })
  @ApiParamFrom('id', StudyId, 'The study.')
  @ApiParamFrom('contactId', ContactId, 'A contact of its sample.')
  @ApiBodyFrom(StudyCodeBody)
  @ApiAnswer(StudyCodeResponse)
  code(
    @Param('id', new ZodPipe(StudyId, 'id')) id: number,
    @Param('contactId', new ZodPipe(ContactId, 'contactId')) contactId: string,
    @Body(new ZodPipe(StudyCodeBody)) body: StudyCodeBody,
  ): Promise<StudyCodeResponse> {
    return this.studies.code(id, contactId, body);
  }

  @Get(':id/export')
  @RequiresApiKey('metrics:read')
  @UseInterceptors(CsvResponseInterceptor)
  @ApiOperation({ summary: 'Every sampled contact with its text, the model’s answer and the code: JSON, or CSV with ?format=csv' })
  @ApiParamFrom('id', StudyId, 'The study.')
  @ApiQueryFrom(StudyExportQuery)
  @ApiRowsResponse('One row per sampled contact, in coding order.', StudyExportResponse)
  export(@Param('id', new ZodPipe(StudyId, 'id')) id: number, @Query(new ZodPipe(StudyExportQuery)) _query: unknown): Promise<StudyExportResponse> {
    return this.studies.export(id);
  }
}
