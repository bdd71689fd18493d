import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { z } from 'zod';
import {
  CategoryChangeResponse,
  CategoryExamplesV1,
  CategoryKey,
  CategoryMergeV1,
  CategoryMoveResponse,
  CategoryRemovedResponse,
  CategoryRenameV1,
  ExamplesResponse,
  FailureTypesUpdateV1,
  TaxonomyCategoryUpdateV1,
  TaxonomyDocumentV1,
  TaxonomyImportResponse,
  TaxonomyVersionList,
  TaxonomyVersionResponse,
  type TaxonomyDocumentV1Input,
} from '@frictionlens/contracts';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiBodyFrom, ApiParamFrom, RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import { TaxonomyService } from './taxonomy.service.js';

const VersionNumber = z
  .string()
  .regex(/^[1-9][0-9]*$/, 'must be a positive whole number')
  .refine((v) => v.length < 10 || Number(v) <= 2_147_483_647, 'is too large')
  .transform(Number);

/**
 * The friction taxonomy. Reading needs `metrics:read` (BI tools show category names; admin may
 * too), changing it needs `admin`.
 */
@ApiTags('taxonomy')
@Controller('v1/taxonomy')
export class TaxonomyController {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @Get()
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: 'The current taxonomy version: its failure types and categories, each with its example count' })
  @ApiAnswer(TaxonomyVersionResponse)
  current(): Promise<TaxonomyVersionResponse> {
    return this.taxonomy.current();
  }

  @Get('versions')
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: 'Every taxonomy version, with its summary and number of categories' })
  @ApiAnswer(TaxonomyVersionList)
  versions(): Promise<TaxonomyVersionList> {
    return this.taxonomy.versions();
  }

  @Get('versions/:version')
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: 'One taxonomy version' })
  @ApiParamFrom('version', VersionNumber, 'The taxonomy version.')
  @ApiAnswer(TaxonomyVersionResponse)
  version(@Param('version', new ZodPipe(VersionNumber, 'version')) version: number): Promise<TaxonomyVersionResponse> {
    return this.taxonomy.version(version);
  }

  @Get('export')
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: 'The current taxonomy as a document POST /v1/taxonomy/import takes (with the examples)' })
  @ApiAnswer(TaxonomyDocumentV1, { io: 'input', description: 'A taxonomy document, as an import takes it.' })
  export(): Promise<TaxonomyDocumentV1Input> {
    return this.taxonomy.export();
  }

  @Post('import')
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Import a taxonomy document as a new version (categories, failure types, rules and examples)' })
  @ApiBodyFrom(TaxonomyDocumentV1)
  @ApiAnswer(TaxonomyImportResponse, { status: 201 })
  import(@Body(new ZodPipe(TaxonomyDocumentV1)) document: TaxonomyDocumentV1): Promise<TaxonomyImportResponse> {
    return this.taxonomy.import(document);
  }

  @Put('categories/:key')
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Add or change one category in a new taxonomy version (none when it is already exactly so)' })
  @ApiParamFrom('key', CategoryKey, 'The category.')
  @ApiBodyFrom(TaxonomyCategoryUpdateV1)
  @ApiAnswer(CategoryChangeResponse)
  put(
    @Param('key', new ZodPipe(CategoryKey, 'key')) key: string,
    @Body(new ZodPipe(TaxonomyCategoryUpdateV1)) category: TaxonomyCategoryUpdateV1,
  ): Promise<CategoryChangeResponse> {
    return this.taxonomy.putCategory(key, category);
  }

  @Put('failure-types')
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Replace the typology of failure types in a new taxonomy version' })
  @ApiBodyFrom(FailureTypesUpdateV1)
  @ApiAnswer(CategoryChangeResponse)
  putFailureTypes(@Body(new ZodPipe(FailureTypesUpdateV1)) body: FailureTypesUpdateV1): Promise<CategoryChangeResponse> {
    return this.taxonomy.putFailureTypes(body.failureTypes);
  }

  @Delete('categories/:key')
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Remove a category in a new taxonomy version' })
  @ApiParamFrom('key', CategoryKey, 'The category.')
  @ApiAnswer(CategoryRemovedResponse)
  remove(@Param('key', new ZodPipe(CategoryKey, 'key')) key: string): Promise<CategoryRemovedResponse> {
    return this.taxonomy.removeCategory(key);
  }

  @Post('categories/:key/rename')
  @HttpCode(200)
  @ApiOperation({ summary: 'Gives a category a new key in a new taxonomy version, rewrites its history (classifications, labels, examples, step links, countermeasures, studies) to it and recounts the rollups, in one transaction' })
  @ApiParamFrom('key', CategoryKey, 'The category.')
  @ApiBodyFrom(CategoryRenameV1)
  @ApiAnswer(CategoryMoveResponse)
  @RequiresApiKey('admin')
  rename(
    @Param('key', new ZodPipe(CategoryKey, 'key')) key: string,
    @Body(new ZodPipe(CategoryRenameV1)) body: CategoryRenameV1,
  ): Promise<CategoryMoveResponse> {
    return this.taxonomy.renameCategory(key, body.key, body.name);
  }

  @Post('categories/:key/merge')
  @HttpCode(200)
  @ApiOperation({ summary: "Merges a category into another in a new taxonomy version: its contacts count as the other's, its children become the other's, its step links are dropped; recounts the rollups in the same transaction" })
  @ApiParamFrom('key', CategoryKey, 'The category merged away.')
  @ApiBodyFrom(CategoryMergeV1)
  @ApiAnswer(CategoryMoveResponse)
  @RequiresApiKey('admin')
  merge(
    @Param('key', new ZodPipe(CategoryKey, 'key')) key: string,
    @Body(new ZodPipe(CategoryMergeV1)) body: CategoryMergeV1,
  ): Promise<CategoryMoveResponse> {
    return this.taxonomy.mergeCategory(key, body.into);
  }

  @Post('categories/:key/examples')
  @RequiresApiKey('admin')
  @ApiOperation({ summary: "Add example texts to a category (redacted as contacts are); the next model trains on them" })
  @ApiParamFrom('key', CategoryKey, 'The category.')
  @ApiBodyFrom(CategoryExamplesV1)
  @ApiAnswer(ExamplesResponse, { status: 201 })
  addExamples(
    @Param('key', new ZodPipe(CategoryKey, 'key')) key: string,
    @Body(new ZodPipe(CategoryExamplesV1)) body: CategoryExamplesV1,
  ): Promise<ExamplesResponse> {
    return this.taxonomy.addExamples(key, body.texts);
  }
}
