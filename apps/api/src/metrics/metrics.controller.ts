import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CostQuery, CostResponse, FailureDemandQuery, FailureDemandResponse, ImpactQuery, ImpactResponse, ParetoQuery, ParetoResponse, SpikesQuery, SpikesResponse, StepsQuery, StepsResponse } from '@frictionlens/contracts';
import { ApiParamFrom, ApiQueryFrom, ApiRowsResponse, CsvResponseInterceptor, RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import { CostService } from './cost.service.js';
import { CountermeasureImpactService } from './countermeasure-impact.service.js';
// What the services return; MetricsReflectsInterceptor adds `reflects`, which the documented answers carry.
import type * as Returned from './metrics.responses.js';
import { MetricsReflectsInterceptor } from './metrics-reflects.interceptor.js';
import { MetricsCacheInterceptor } from './metrics-cache.js';
import { MetricsService } from './metrics.service.js';
import { SpikesService } from './spikes.service.js';

// Said once for the document, as docs/metrics.md says it under "Common parameters".
const PERIOD =
  'The period is `from` (inclusive) to `to` (exclusive), UTC dates from 1900-01-01 to 2999-12-31; by default the 12 full weeks before the current one, at most 1,100 days. ' +
  'A `to` after 2999-12-31 (`9999-12-31`) means no end date: up to and including today. A value-stream, step, category or failure-type key that does not exist is a 400 naming it and the closest known key.';
const FIELDS = 'Every answer carries `reflects`: the taxonomy and value-stream versions and the repeat window it reflects (CSV: the `x-reflects` header). Fields and units: docs/metrics.md.';

// The impact is one record; in CSV it is one row (CountermeasureImpactService's impactRow).
const ImpactRequest = ImpactQuery.extend({
  format: z.enum(['json', 'csv'], { message: 'must be json or csv' }).optional().describe('csv: the answer as one row, each nested figure a column named by its path; also with Accept: text/csv.'),
});
type ImpactRequest = z.infer<typeof ImpactRequest>;

// MetricsReflectsInterceptor adds `reflects` to what each handler returns.
const REFLECTS_ADDED = { addedByInterceptor: ['reflects'] } as const;

const CountermeasureId = z.coerce.number().int('must be a whole number').positive('must be a positive id').max(2_147_483_647, 'is not an id');

/** The failure-demand metrics for dashboards and BI tools: JSON, or CSV with `?format=csv` / `Accept: text/csv`. */
@ApiTags('metrics')
@Controller('v1/metrics')
@RequiresApiKey('metrics:read')
@UseInterceptors(MetricsCacheInterceptor, CsvResponseInterceptor, MetricsReflectsInterceptor)
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly spikesOf: SpikesService,
    private readonly costOf: CostService,
    private readonly impactOf: CountermeasureImpactService,
  ) {}

  @Get('failure-demand')
  @ApiOperation({ summary: 'The failure-demand ratio over time', description: `One row per period (and group), zeros included, with the 95% Wilson interval. ${PERIOD}` })
  @ApiQueryFrom(FailureDemandQuery)
  @ApiRowsResponse(`Periods with contacts by demand type and the failure-demand ratio. ${FIELDS}`, FailureDemandResponse, REFLECTS_ADDED)
  failureDemand(@Query(new ZodPipe(FailureDemandQuery)) query: FailureDemandQuery): Promise<Returned.FailureDemandResponse> {
    return this.metrics.failureDemand(query);
  }

  @Get('steps')
  @ApiOperation({ summary: 'Friction per value-stream step', description: `Failure contacts, share, friction rate per 1,000 units, observed %C&A, change on the previous period, and the mix of failure types with the hint it points at, per step in map order. ${PERIOD}` })
  @ApiQueryFrom(StepsQuery)
  @ApiRowsResponse(`One row per step, with failureContacts and failureContactsAtNoStep beside the rows. ${FIELDS}`, StepsResponse, REFLECTS_ADDED)
  steps(@Query(new ZodPipe(StepsQuery)) query: StepsQuery): Promise<Returned.StepsResponse> {
    return this.metrics.steps(query);
  }

  @Get('pareto')
  @ApiOperation({ summary: 'Pareto of categories, steps or failure types', description: `Largest first, with shares, cumulative shares and the vital few (first 80%). ${PERIOD}` })
  @ApiQueryFrom(ParetoQuery)
  @ApiRowsResponse(`Rows largest first. ${FIELDS}`, ParetoResponse, REFLECTS_ADDED)
  pareto(@Query(new ZodPipe(ParetoQuery)) query: ParetoQuery): Promise<Returned.ParetoResponse> {
    return this.metrics.pareto(query);
  }

  @Get('spikes')
  @ApiOperation({ summary: 'Spikes against each series\' own baseline', description: `Periods whose failure demand is improbably high (one-sided Poisson test against the mean of the baseline periods before). ${PERIOD}` })
  @ApiQueryFrom(SpikesQuery)
  @ApiRowsResponse(`Spikes, strongest first. ${FIELDS}`, SpikesResponse, REFLECTS_ADDED)
  spikes(@Query(new ZodPipe(SpikesQuery)) query: SpikesQuery): Promise<Returned.SpikesResponse> {
    return this.spikesOf.spikes(query);
  }

  @Get('cost')
  @ApiOperation({ summary: 'The cost of failure demand', description: `Failure contacts times the handling cost of their channel, by step or category. ${PERIOD}` })
  @ApiQueryFrom(CostQuery)
  @ApiRowsResponse(`Rows with failureContacts, cost, currency and uncostedContacts; totalCost beside them. ${FIELDS}`, CostResponse, REFLECTS_ADDED)
  cost(@Query(new ZodPipe(CostQuery)) query: CostQuery): Promise<Returned.CostResponse> {
    return this.costOf.cost(query);
  }

  @Get('countermeasures/:id/impact')
  @ApiOperation({ summary: "A countermeasure's before/after effect", description: 'Failure demand at its step before and after its start over equal windows, the rate ratio with its 95% interval and a verdict. CSV (?format=csv): the same as one row, each nested figure a column named by its path (beforePerWeekLow).' })
  @ApiParamFrom('id', CountermeasureId, 'The countermeasure.')
  @ApiQueryFrom(ImpactRequest)
  @ApiRowsResponse(`before, after, rateRatio, verdict and summary (CSV: one row). ${FIELDS}`, ImpactResponse, REFLECTS_ADDED)
  impact(@Param('id', new ZodPipe(CountermeasureId, 'id')) id: number, @Query(new ZodPipe(ImpactRequest)) query: ImpactRequest): Promise<Returned.ImpactResponse> {
    return this.impactOf.impact(id, query);
  }
}
