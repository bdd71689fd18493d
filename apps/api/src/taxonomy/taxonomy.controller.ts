import { Body, Controller, Delete, Get, Param, Post, Put } from '@nestjs/common';
import { z } from 'zod';
import { CategoryExamplesV1, CategoryKey, FailureTypesUpdateV1, TaxonomyCategoryUpdateV1, TaxonomyDocumentV1, type TaxonomyDocumentV1Input } from '@frictionlens/contracts';
import { RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import type { CategoryChangeResponse, ExamplesResponse, ImportResponse, TaxonomyVersionListItem, TaxonomyVersionResponse } from './taxonomy.responses.js';
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

  @Post('categories/:key/examples')
  @RequiresApiKey('admin')
  addExamples(
    @Param('key', new ZodPipe(CategoryKey, 'key')) key: string,
    @Body(new ZodPipe(CategoryExamplesV1)) body: CategoryExamplesV1,
  ): Promise<ExamplesResponse> {
    return this.taxonomy.addExamples(key, body.texts);
  }
}
