import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { pino } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { PersistenceModule } from '@frictionlens/persistence';
import { KnownApiKeys } from './auth/known-api-keys.js';
import { HealthController } from './health/health.controller.js';
import { HealthRegistry } from './health/health-registry.js';
import { KafkaHealthIndicator } from './health/kafka.health.js';
import { KafkaPartitionsHealth } from './health/kafka-partitions.health.js';
import { loggedUrl, type RoutedRequest } from './http/logged-url.js';
import { RateLimitModule } from './http/throttle.module.js';
import { shareWithPrimary } from './cluster/cluster-worker.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { createMetricsRegistry, METRICS_REGISTRY } from './metrics/metrics-registry.js';
import { RUNTIME, type Runtime } from './runtime.js';

/**
 * What every FrictionLens service shares: JSON logging, the database (PersistenceModule: the
 * DataSource, every repository, the TransactionRunner), the runtime
 * (config and Kafka client), `/health`, `/metrics` and the HTTP rate limit. Feature modules inject these and add their own work.
 */
@Module({})
export class PlatformModule {
  /** `logDestination`: where the logs go (standard output unless given; tests read them). */
  static forRoot(runtime: Runtime, logDestination?: pino.DestinationStream): DynamicModule {
    const pinoHttp: PinoHttpOptions = {
      level: runtime.config.LOG_LEVEL,
      base: { service: runtime.service, worker: runtime.worker },
      // Request bodies carry personal data before redaction; log only the request line.
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
      // A failure is an error; the dashboard's "still starting" page (503 with Retry-After,
      // asked for again every two seconds) is not one.
      customLogLevel: (_req, res, err) => (res.statusCode === 503 && res.getHeader('retry-after') !== undefined ? 'debug' : err || res.statusCode >= 500 ? 'error' : 'info'),
      // Paths and query strings carry personal data (an erasure's customer id, a drill-down's
      // customerId=…): the request line is logged once, on completion, when Express knows
      // the matched route, as its pattern and the query's parameter names (see loggedUrl).
      // Logs made while a request runs carry only its reqId.
      quietReqLogger: true,
      quietResLogger: true,
      customSuccessObject: (req, _res, logged: object) => ({ req, ...logged }),
      customErrorObject: (req, _res, _error, logged: object) => ({ req, ...logged }),
      serializers: {
        req: (req: { method: string; raw: RoutedRequest }) => ({ method: req.method, url: loggedUrl(req.raw) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    };
    return {
      module: PlatformModule,
      global: true,
      imports: [
        LoggerModule.forRoot({ pinoHttp: logDestination ? [pinoHttp, logDestination] : pinoHttp }),
        PersistenceModule.forRoot(runtime.databaseUrl),
        TerminusModule.forRoot({ logger: false }),
        RateLimitModule.forRoot(runtime.config.API_RATE_LIMIT_PER_MINUTE),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: METRICS_REGISTRY, useFactory: () => shareWithPrimary(createMetricsRegistry(runtime.service)) },
        KafkaHealthIndicator,
        HealthRegistry,
        KafkaPartitionsHealth,
        KnownApiKeys,
      ],
      exports: [RUNTIME, METRICS_REGISTRY, HealthRegistry, KafkaPartitionsHealth, KnownApiKeys],
    };
  }
}
