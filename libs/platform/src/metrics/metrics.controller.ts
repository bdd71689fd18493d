import cluster from 'node:cluster';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Registry } from 'prom-client';
import { scrapeInstance } from '../cluster/cluster-worker.js';
import { METRICS_REGISTRY } from './metrics-registry.js';

/**
 * Prometheus scrape endpoint: process metrics plus what each service registers. In a clustered
 * instance it answers for every worker together, so one scrape target is one instance.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus scrape endpoint: process metrics and what each service registers (one clustered instance answers for all its workers). Needs no key' })
  @ApiOkResponse({ description: 'The Prometheus text format, version 0.0.4.', content: { 'text/plain': { schema: { type: 'string' } } } })
  scrape(): Promise<string> {
    return cluster.isWorker ? scrapeInstance() : this.registry.metrics();
  }
}
