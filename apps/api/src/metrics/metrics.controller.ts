import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { z } from 'zod';
import { CostQuery, FailureDemandQuery, ImpactQuery, ParetoQuery, SpikesQuery, StepsQuery } from '@frictionlens/contracts';
import { CsvResponseInterceptor, RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import { CostService, type CostResponse } from './cost.service.js';
import { CountermeasureImpactService, type ImpactResponse } from './countermeasure-impact.service.js';
import type { FailureDemandResponse, ParetoResponse, StepsResponse } from './metrics.responses.js';
import { MetricsService } from './metrics.service.js';
import { SpikesService, type SpikesResponse } from './spikes.service.js';

const CountermeasureId = z.coerce.number().int('must be a whole number').positive('must be a positive id').max(2_147_483_647, 'is not an id');

/** The failure-demand metrics for dashboards and BI tools: JSON, or CSV with `?format=csv` / `Accept: text/csv`. */
@Controller('v1/metrics')
@RequiresApiKey('metrics:read')
@UseInterceptors(CsvResponseInterceptor)
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly spikesOf: SpikesService,
    private readonly costOf: CostService,
    private readonly impactOf: CountermeasureImpactService,
  ) {}

  @Get('failure-demand')
  failureDemand(@Query(new ZodPipe(FailureDemandQuery)) query: FailureDemandQuery): Promise<FailureDemandResponse> {
    return this.metrics.failureDemand(query);
  }

  @Get('steps')
  steps(@Query(new ZodPipe(StepsQuery)) query: StepsQuery): Promise<StepsResponse> {
    return this.metrics.steps(query);
  }

  @Get('pareto')
  pareto(@Query(new ZodPipe(ParetoQuery)) query: ParetoQuery): Promise<ParetoResponse> {
    return this.metrics.pareto(query);
  }

  @Get('spikes')
  spikes(@Query(new ZodPipe(SpikesQuery)) query: SpikesQuery): Promise<SpikesResponse> {
    return this.spikesOf.spikes(query);
  }

  @Get('cost')
  cost(@Query(new ZodPipe(CostQuery)) query: CostQuery): Promise<CostResponse> {
    return this.costOf.cost(query);
  }

  @Get('countermeasures/:id/impact')
  impact(@Param('id', new ZodPipe(CountermeasureId, 'id')) id: number, @Query(new ZodPipe(ImpactQuery)) query: ImpactQuery): Promise<ImpactResponse> {
    return this.impactOf.impact(id, query);
  }
}
