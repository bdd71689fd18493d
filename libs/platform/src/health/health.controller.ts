import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator, type HealthIndicatorFunction } from '@nestjs/terminus';
import { RUNTIME, type Runtime } from '../runtime.js';
import { HealthRegistry } from './health-registry.js';
import { KafkaHealthIndicator } from './kafka.health.js';

@Controller('health')
export class HealthController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
    private readonly registry: HealthRegistry,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    const checks: HealthIndicatorFunction[] = [() => this.database.pingCheck('database', { timeout: 3_000 })];
    if (this.runtime.consumesKafka) checks.push(() => this.kafka.check('kafka'));
    return this.health.check([...checks, ...this.registry.registered]);
  }
}
