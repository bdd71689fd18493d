import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { z } from 'zod';
import { CategoryExamplesV1, CategoryKey, CategoryMergeV1, CategoryRenameV1, FailureTypesUpdateV1, TaxonomyCategoryUpdateV1, TaxonomyDocumentV1, type TaxonomyDocumentV1Input } from '@frictionlens/contracts';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import { openApiSchemaOf, RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import type { CategoryChangeResponse, CategoryMoveResponse, ExamplesResponse, ImportResponse, TaxonomyVersionListItem, TaxonomyVersionResponse } from './taxonomy.responses.js';
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
@Controller('v1/taxonomy')
export class TaxonomyController {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @Get()
  @RequiresApiKey('metrics:read')
  current(): Promise<TaxonomyVersionResponse> {
    return this.taxonomy.current();
  }

  @Get('versions')
  @RequiresApiKey('metrics:read')
  versions(): Promise<TaxonomyVersionListItem[]> {
    return this.taxonomy.versions();
  }

  @Get('versions/:version')
  @RequiresApiKey('metrics:read')
  version(@Param('version', new ZodPipe(VersionNumber, 'version')) version: number): Promise<TaxonomyVersionResponse> {
    return this.taxonomy.version(version);
  }

  @Get('export')
  @RequiresApiKey('metrics:read')
  export(): Promise<TaxonomyDocumentV1Input> {
    return this.taxonomy.export();
  }

  @Post('import')
  @RequiresApiKey('admin')
  import(@Body(new ZodPipe(TaxonomyDocumentV1)) document: TaxonomyDocumentV1): Promise<ImportResponse> {
    return this.taxonomy.import(document);
  }

  @Put('categories/:key')
  @RequiresApiKey('admin')
  put(
    @Param('key', new ZodPipe(CategoryKey, 'key')) key: string,
    @Body(new ZodPipe(TaxonomyCategoryUpdateV1)) category: TaxonomyCategoryUpdateV1,
  ): Promise<CategoryChangeResponse> {
    return this.taxonomy.putCategory(key, category);
  }

  @Put('failure-types')
  @RequiresApiKey('admin')
  putFailureTypes(@Body(new ZodPipe(FailureTypesUpdateV1)) body: FailureTypesUpdateV1): Promise<CategoryChangeResponse> {
    return this.taxonomy.putFailureTypes(body.failureTypes);
  }

  @Delete('categories/:key')
  @RequiresApiKey('admin')
  remove(@Param('key', new ZodPipe(CategoryKey, 'key')) key: string): Promise<{ version: number }> {
    return this.taxonomy.removeCategory(key);
  }

  @Post('categories/:key/rename')
  @HttpCode(200)
  @ApiOperation({ summary: 'Gives a category a new key in a new taxonomy version, rewrites its history (classifications, labels, examples, step links, countermeasures, studies) to it and recounts the rollups, in one transaction' })
  @ApiBody({ schema: openApiSchemaOf(CategoryRenameV1, 'input') })
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
  @ApiBody({ schema: openApiSchemaOf(CategoryMergeV1, 'input') })
  @RequiresApiKey('admin')
  merge(
    @Param('key', new ZodPipe(CategoryKey, 'key')) key: string,
    @Body(new ZodPipe(CategoryMergeV1)) body: CategoryMergeV1,
  ): Promise<CategoryMoveResponse> {
    return this.taxonomy.mergeCategory(key, body.into);
  }

  @Post('categories/:key/examples')
  @RequiresApiKey('admin')
  addExamples(
    @Param('key', new ZodPipe(CategoryKey, 'key')) key: string,
    @Body(new ZodPipe(CategoryExamplesV1)) body: CategoryExamplesV1,
  ): Promise<ExamplesResponse> {
    return this.taxonomy.addExamples(key, body.texts);
  }
}
