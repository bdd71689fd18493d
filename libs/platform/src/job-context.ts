import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Registry } from 'prom-client';
import { PersistenceModule } from '@frictionlens/persistence';
import { METRICS_REGISTRY } from './metrics/metrics-registry.js';
import { RUNTIME, type Runtime } from './runtime.js';

/**
 * What a one-off job (a CLI) shares with the services, without their HTTP side: the runtime and
 * the database (PersistenceModule). Metrics go to a registry of the job's own that nobody scrapes.
 */
@Module({})
class JobModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: JobModule,
      global: true,
      // Only errors: a job's standard output is its own summary.
      imports: [PersistenceModule.forRoot(runtime.databaseUrl, { logging: ['error'] })],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: METRICS_REGISTRY, useFactory: () => new Registry() },
      ],
      exports: [RUNTIME, METRICS_REGISTRY],
    };
  }
}

/**
 * Boots `modules` as a Nest application context (no server) on a prepared runtime (see
 * prepareRuntime), so a CLI gets its services and repositories from the same providers as the
 * running service instead of wiring them by hand. Close it before stopping the database.
 */
export async function openJobContext(runtime: Runtime, modules: Array<Type | DynamicModule> = []): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(
    { module: class FrictionLensJob {}, imports: [JobModule.forRoot(runtime), ...modules] },
    // A boot failure is thrown to the CLI, which prints it once, instead of Nest logging it in
    // colour and aborting the process; the job's own output stays the only output.
    { logger: false, abortOnError: false },
  );
}
