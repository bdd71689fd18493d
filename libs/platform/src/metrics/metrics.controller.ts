import cluster from 'node:cluster';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { scrapeInstance } from '../cluster/cluster-worker.js';
import { METRICS_REGISTRY } from './metrics-registry.js';

/**
 * Prometheus scrape endpoint: process metrics plus what each service registers. In a clustered
 * instance it answers for every worker together, so one scrape target is one instance.
 */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return cluster.isWorker ? scrapeInstance() : this.registry.metrics();
  }
}
