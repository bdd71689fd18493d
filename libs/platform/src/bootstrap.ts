import 'reflect-metadata';
import cluster from 'node:cluster';
import { NestFactory } from '@nestjs/core';
import type { INestApplication, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { pino } from 'pino';
import { ConfigError, loadConfig, type AppConfig } from '@frictionlens/config';
import { createKafka, type ConsumerGroup } from '@frictionlens/kafka';
import { runClusterPrimary } from './cluster/cluster-primary.js';
import { clusterWorkerSlot, exitWithPrimary, primaryDatabaseEmbedded } from './cluster/cluster-worker.js';
import { workerCount } from './cluster/worker-count.js';
import { setupOpenApi } from './http/openapi.js';
import { startConsumerGroups } from './kafka-consumers.js';
import { useSecurityHeaders } from './http/security-headers.js';
import { logSinkOfPino } from './log-sink.js';
import { PlatformModule } from './platform.module.js';
import { openReadyDatabase } from './ready-database.js';
import type { Runtime } from './runtime.js';

export interface ServiceDefinition {
  /** Shown in every log line as `service`. */
  name: string;
  /** Feature modules of this service (the all-in-one process lists those of every service). */
  modules: Type[];
  consumesKafka: boolean;
  /**
   * Its Kafka consumer groups (providers of its modules), each run as a Nest microservice on a
   * KafkaBatchTransport when KAFKA_BROKERS is set; one-off jobs boot modules without them.
   */
  consumerGroups?: Array<Type<ConsumerGroup>>;
  /** Serve the OpenAPI document at /docs/openapi.json and the Swagger UI at /docs. */
  openApi?: boolean;
  /**
   * How many processes one instance runs (see cluster-primary.ts); without it, one. Only for
   * services whose processes need nothing of each other beyond the database and Kafka.
   */
  workers?: (config: AppConfig) => number | 'auto';
}

export interface RunningService {
  app: INestApplication;
  runtime: Runtime;
  url: string;
  /** Settles when a Kafka consumer cannot go on (crashed for good, or stuck): the service should close and exit non-zero. */
  failed: Promise<Error>;
  close(): Promise<void>;
}

export interface PreparedRuntime {
  runtime: Runtime;
  log: pino.Logger;
  /** Stops an embedded database (a no-op for an external one); call it last. */
  stopDatabase: () => Promise<void>;
}

/**
 * What every service and one-off job needs before Nest starts: the parsed environment, the
 * database (embedded when DATABASE_URL is unset) with its migrations applied, and a Kafka client
 * when KAFKA_BROKERS is set.
 */
export async function prepareRuntime(
  definition: Pick<ServiceDefinition, 'name' | 'consumesKafka'>,
  env: NodeJS.ProcessEnv = process.env,
  logDestination: pino.DestinationStream = pino.destination(1),
): Promise<PreparedRuntime> {
  const config = loadConfig(env);
  const worker = clusterWorkerSlot(env);
  const log = pino({ level: config.LOG_LEVEL, base: { service: definition.name, worker } }, logDestination);
  const database = await openReadyDatabase(config, log);
  try {
    const kafka = config.KAFKA_BROKERS
      ? createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-${definition.name}` }, logSinkOfPino(log))
      : undefined;
    if (definition.consumesKafka && !kafka) {
      log.warn('Kafka consumers are off: KAFKA_BROKERS is not set (set it, e.g. KAFKA_BROKERS=127.0.0.1:9092, to consume from Kafka)');
    }
    const runtime: Runtime = {
      service: definition.name,
      worker,
      config,
      databaseUrl: database.url,
      // A cluster worker is handed the primary's database as DATABASE_URL, embedded or not.
      databaseEmbedded: primaryDatabaseEmbedded(env) ?? database.embedded,
      kafka,
      consumesKafka: definition.consumesKafka,
    };
    return { runtime, log, stopDatabase: () => database.stop() };
  } catch (error) {
    await database.stop();
    throw error;
  }
}

/**
 * Starts a service: prepares its runtime, then serves HTTP on PORT until SIGTERM. Its logs go to
 * standard output, or to `logDestination` (tests read them there).
 */
export async function startService(definition: ServiceDefinition, env: NodeJS.ProcessEnv = process.env, logDestination?: pino.DestinationStream): Promise<RunningService> {
  const { runtime, log, stopDatabase } = await prepareRuntime(definition, env, logDestination);
  try {
    const app = await NestFactory.create<NestExpressApplication>(
      { module: class FrictionLensService {}, imports: [PlatformModule.forRoot(runtime, logDestination), ...definition.modules] },
      { bufferLogs: true },
    );
    app.useLogger(app.get(PinoNestLogger));
    // Before every route: CSP, nosniff, no framing, no X-Powered-By, no-store on /v1 answers.
    useSecurityHeaders(app);
    // Bulk ingest posts up to a thousand events per request.
    app.useBodyParser('json', { limit: '16mb' });
    // Step volumes arrive as CSV files (POST /v1/value-streams/volumes.csv); other types stay unparsed.
    app.useBodyParser('text', { type: 'text/csv', limit: '16mb' });
    if (definition.openApi) setupOpenApi(app, { rateLimitPerMinute: runtime.config.API_RATE_LIMIT_PER_MINUTE });
    let reportFailure: (error: Error) => void = () => undefined;
    const failed = new Promise<Error>((resolve) => (reportFailure = resolve));
    // Providers are up (the bootstrap hooks ran) before the consumers join their groups, and
    // the consumers have joined before HTTP answers.
    await app.init();
    await startConsumerGroups(app, runtime, definition.consumerGroups ?? [], reportFailure);
    await app.listen(runtime.config.PORT, '0.0.0.0');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('0.0.0.0', '127.0.0.1');
    log.info({ url, database: runtime.databaseEmbedded ? 'embedded' : 'external', kafka: runtime.kafka ? 'on' : 'off' }, `${definition.name} listening on ${url}`);
    return {
      app,
      runtime,
      url,
      failed,
      close: async () => {
        await app.close();
        await stopDatabase();
      },
    };
  } catch (error) {
    await stopDatabase();
    throw error;
  }
}

/** Longest the orderly close after a fatal consumer error may take before the process exits regardless. */
const FATAL_CLOSE_GRACE_MS = 20_000;

/**
 * Entry-point helper: start, or print one clear reason and exit non-zero. On SIGTERM or SIGINT
 * the service closes in order: consumers finish the batch in hand and commit, connections close,
 * an embedded database stops last; then the process exits 0. A service with `workers` runs as a
 * cluster of that many processes when it is more than one.
 */
export function runService(definition: ServiceDefinition): void {
  const failed = (error: unknown) => {
    const message = error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`${definition.name} failed to start: ${message}`);
    process.exit(1);
  };
  if (cluster.isPrimary && definition.workers) {
    let config: AppConfig;
    try {
      config = loadConfig();
    } catch (error) {
      return failed(error);
    }
    const workers = workerCount(definition.workers(config));
    if (workers > 1) return void runClusterPrimary(definition.name, workers, config).then((code) => process.exit(code), failed);
  }
  // A cluster worker whose primary dies (killed, crashed) exits at once, even in the middle of a
  // batch. Its batch in hand stays uncommitted and is read again by the partition's next owner.
  exitWithPrimary();
  let stopping = false;
  startService(definition).then((running) => {
    // A signal ends the service normally (exit 0); a consumer that cannot go on ends it through
    // the same orderly close (the other batches finish and commit), then exits 1 so a supervisor
    // (systemd, Docker, Kubernetes, the cluster primary) starts it afresh.
    const stop = (reason: NodeJS.Signals | Error) => {
      if (stopping) return;
      stopping = true;
      const log = pino({ base: { service: definition.name, worker: running.runtime.worker } });
      const fatal = reason instanceof Error;
      if (fatal) {
        log.fatal({ error: reason.message }, 'a Kafka consumer cannot go on (crashed or stuck); shutting down');
        // A batch stuck on a hung connection can keep the close waiting for ever: a supervisor
        // restart must not depend on it.
        setTimeout(() => {
          log.error({ graceMs: FATAL_CLOSE_GRACE_MS }, 'the close did not finish in time; exiting anyway');
          process.exit(1);
        }, FATAL_CLOSE_GRACE_MS).unref();
      } else log.info({ signal: reason }, 'shutting down');
      running.close().then(
        () => {
          log.info('stopped');
          process.exit(fatal ? 1 : 0);
        },
        (error: unknown) => {
          log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    void running.failed.then(stop);
  }, failed);
}
