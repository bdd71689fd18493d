import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  DiscoveryGetQueryV1,
  DiscoveryListQueryV1,
  DiscoveryRequestV1,
  DiscoveryRunDetailResponse,
  DiscoveryRunList,
  DiscoveryRunResponse,
  EmergingListQueryV1,
  EmergingThemeList,
  ThemeAcceptV1,
  ThemeDecisionResponse,
  ThemeMembersQueryV1,
  ThemeMembersResponse,
  ThemeMergeV1,
  ThemeSplitResponse,
} from '@frictionlens/contracts';
import { ApiAnswer, ApiBodyFrom, ApiParamFrom, ApiQueryFrom, CallerKeyId, RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import { DiscoveriesService } from './discoveries.service.js';

/** A run or theme id in a path: a positive whole number (PostgreSQL integer). */
const Id = z
  .string()
  .regex(/^[1-9][0-9]*$/, 'must be a positive whole number')
  .refine((v) => v.length < 10 || Number(v) <= 2_147_483_647, 'is too large')
  .transform(Number);

/**
 * Discovery: themes found in the contacts without a taxonomy's help, and what people make of
 * them. Starting, cancelling and deciding need `admin`; reading, `metrics:read`.
 */
@ApiTags('discoveries')
@Controller('v1/discoveries')
export class DiscoveriesController {
  constructor(private readonly discoveries: DiscoveriesService) {}

  @Post()
  @HttpCode(202)
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Queue a discovery run over a scope of contacts (period, kind, channel, current category or unclassified); a classifier instance works it. 409 while a run of the same scope is queued or running' })
  @ApiBodyFrom(DiscoveryRequestV1)
  @ApiAnswer(DiscoveryRunResponse, { status: 202, description: 'Queued.' })
  create(@Body(new ZodPipe(DiscoveryRequestV1)) body: DiscoveryRequestV1): Promise<DiscoveryRunResponse> {
    return this.discoveries.create(body);
  }

  @Get()
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: 'Discovery runs, newest first, with their status and progress' })
  @ApiQueryFrom(DiscoveryListQueryV1)
  @ApiAnswer(DiscoveryRunList)
  list(@Query(new ZodPipe(DiscoveryListQueryV1)) query: DiscoveryListQueryV1): Promise<DiscoveryRunList> {
    return this.discoveries.list(query.limit);
  }

  // Before ':id', which would read "emerging" as a run id.
  @Get('emerging')
  @RequiresApiKey('metrics:read')
  @ApiOperation({
    summary:
      "Emerging themes: themes of the scheduled runs over the recent low-confidence contacts that grew against their own baseline, each raised once and listed until accepted, merged or dismissed (through its run's theme actions), with its figures in words and the customers' own (redacted) words",
  })
  @ApiQueryFrom(EmergingListQueryV1)
  @ApiAnswer(EmergingThemeList)
  emerging(@Query(new ZodPipe(EmergingListQueryV1)) query: EmergingListQueryV1): Promise<EmergingThemeList> {
    return this.discoveries.emerging(query);
  }

  @Get(':id')
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: "A run's status and progress, and its themes: name, terms, size, weekly trend, the customers' own (redacted) words nearest the centre, suggestions and decision" })
  @ApiParamFrom('id', Id, 'The discovery run.')
  @ApiQueryFrom(DiscoveryGetQueryV1)
  @ApiAnswer(DiscoveryRunDetailResponse)
  get(@Param('id', new ZodPipe(Id, 'id')) id: number, @Query(new ZodPipe(DiscoveryGetQueryV1)) query: DiscoveryGetQueryV1): Promise<DiscoveryRunDetailResponse> {
    return this.discoveries.get(id, query);
  }

  @Get(':id/themes/:themeId/members')
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: "A page of a theme's contacts, nearest its centre first, with the customers' own (redacted) words: what a person confirms or rejects before accepting or merging" })
  @ApiParamFrom('id', Id, 'The discovery run.')
  @ApiParamFrom('themeId', Id, 'A theme of the run.')
  @ApiQueryFrom(ThemeMembersQueryV1)
  @ApiAnswer(ThemeMembersResponse)
  members(
    @Param('id', new ZodPipe(Id, 'id')) id: number,
    @Param('themeId', new ZodPipe(Id, 'themeId')) themeId: number,
    @Query(new ZodPipe(ThemeMembersQueryV1)) query: ThemeMembersQueryV1,
  ): Promise<ThemeMembersResponse> {
    return this.discoveries.members(id, themeId, query);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Cancel a run: a queued one at once, a running one once its classifier sees it (status cancelling, then cancelled). 409 once it has ended' })
  @ApiParamFrom('id', Id, 'The discovery run.')
  @ApiAnswer(DiscoveryRunResponse)
  cancel(@Param('id', new ZodPipe(Id, 'id')) id: number): Promise<DiscoveryRunResponse> {
    return this.discoveries.cancel(id);
  }

  @Post(':id/themes/:themeId/accept')
  @HttpCode(200)
  @RequiresApiKey('admin')
  @ApiOperation({ summary: "Accept a theme as a new category (a new taxonomy version, optionally linked to a step); its confirmed members become reviewers' labels of it, so the next model learns it and the metrics count them" })
  @ApiParamFrom('id', Id, 'The discovery run.')
  @ApiParamFrom('themeId', Id, 'A theme of the run.')
  @ApiBodyFrom(ThemeAcceptV1)
  @ApiAnswer(ThemeDecisionResponse)
  accept(
    @Param('id', new ZodPipe(Id, 'id')) id: number,
    @Param('themeId', new ZodPipe(Id, 'themeId')) themeId: number,
    @Body(new ZodPipe(ThemeAcceptV1)) body: ThemeAcceptV1,
    @CallerKeyId() decidedBy: string | null,
  ): Promise<ThemeDecisionResponse> {
    return this.discoveries.accept(id, themeId, body, decidedBy);
  }

  @Post(':id/themes/:themeId/merge')
  @HttpCode(200)
  @RequiresApiKey('admin')
  @ApiOperation({ summary: "Merge a theme into an existing category: its confirmed members become reviewers' labels of it" })
  @ApiParamFrom('id', Id, 'The discovery run.')
  @ApiParamFrom('themeId', Id, 'A theme of the run.')
  @ApiBodyFrom(ThemeMergeV1)
  @ApiAnswer(ThemeDecisionResponse)
  merge(
    @Param('id', new ZodPipe(Id, 'id')) id: number,
    @Param('themeId', new ZodPipe(Id, 'themeId')) themeId: number,
    @Body(new ZodPipe(ThemeMergeV1)) body: ThemeMergeV1,
    @CallerKeyId() decidedBy: string | null,
  ): Promise<ThemeDecisionResponse> {
    return this.discoveries.merge(id, themeId, body, decidedBy);
  }

  @Post(':id/themes/:themeId/split')
  @HttpCode(200)
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Split a theme in two (2-means over its members), each new theme proposed with its own name, trend and examples' })
  @ApiParamFrom('id', Id, 'The discovery run.')
  @ApiParamFrom('themeId', Id, 'A theme of the run.')
  @ApiAnswer(ThemeSplitResponse)
  split(
    @Param('id', new ZodPipe(Id, 'id')) id: number,
    @Param('themeId', new ZodPipe(Id, 'themeId')) themeId: number,
    @CallerKeyId() decidedBy: string | null,
  ): Promise<ThemeSplitResponse> {
    return this.discoveries.split(id, themeId, decidedBy);
  }

  @Post(':id/themes/:themeId/dismiss')
  @HttpCode(200)
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Dismiss a theme; later runs recognise it (centroid or top terms) and do not propose it again' })
  @ApiParamFrom('id', Id, 'The discovery run.')
  @ApiParamFrom('themeId', Id, 'A theme of the run.')
  @ApiAnswer(ThemeDecisionResponse)
  dismiss(
    @Param('id', new ZodPipe(Id, 'id')) id: number,
    @Param('themeId', new ZodPipe(Id, 'themeId')) themeId: number,
    @CallerKeyId() decidedBy: string | null,
  ): Promise<ThemeDecisionResponse> {
    return this.discoveries.dismiss(id, themeId, decidedBy);
  }
}
