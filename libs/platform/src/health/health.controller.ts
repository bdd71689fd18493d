import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator, type HealthIndicatorFunction } from '@nestjs/terminus';
import { RUNTIME, type Runtime } from '../runtime.js';
import { HealthRegistry } from './health-registry.js';
import { KafkaHealthIndicator } from './kafka.health.js';

@ApiTags('operations')
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
  @ApiOperation({ summary: 'Liveness and readiness: PostgreSQL, Kafka (where the service consumes it) and what the service registers; 503 when one is down. Needs no key' })
  check() {
    const checks: HealthIndicatorFunction[] = [() => this.database.pingCheck('database', { timeout: 3_000 })];
    if (this.runtime.consumesKafka) checks.push(() => this.kafka.check('kafka'));
    return this.health.check([...checks, ...this.registry.registered]);
  }
}
