import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { pino } from 'pino';
import { ensureContractTopics, logSinkOfPino, PlatformModule, prepareRuntime } from '@frictionlens/platform';
import { IngestModule } from '../ingest.module.js';
import { IngestService } from '../ingest.service.js';

/** The ingest service without a server: what a one-off job such as a file import runs on. */
export interface IngestContext {
  ingest: IngestService;
  close(): Promise<void>;
}

/**
 * Boots the ingest module as a Nest application context (no HTTP server): the same config,
 * database (embedded when DATABASE_URL is unset), migrations and modules as `startService`, so
 * a job stores contacts exactly as the running service does. With KAFKA_BROKERS set, stored
 * contacts are published to cx.contacts.v1 as well.
 */
export async function openIngestContext(env: NodeJS.ProcessEnv = process.env): Promise<IngestContext> {
  // Logs go to stderr: stdout is the job's own output. The job publishes what it stores but does
  // not consume: it boots the ingest module without its consumer group (only services connect one).
  const { runtime, log, stopDatabase } = await prepareRuntime({ name: 'import', consumesKafka: false }, withJobDefaults(env), pino.destination(2));
  try {
    // An import may be the first to meet the broker: cx.contacts.v1 must exist before it publishes.
    await ensureContractTopics(runtime, logSinkOfPino(log));
    const app: INestApplicationContext = await NestFactory.createApplicationContext(
      { module: class FrictionLensImport {}, imports: [PlatformModule.forRoot(runtime), IngestModule] },
      // A boot failure (say, no CUSTOMER_HASH_KEY) is thrown to the caller, who prints it once, instead of
      // Nest logging it in colour and aborting the process.
      { logger: false, abortOnError: false },
    );
    app.useLogger(app.get(PinoNestLogger));
    return {
      ingest: app.get(IngestService),
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

// A job prints a summary; the services' info lines would bury it.
function withJobDefaults(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const unset = (name: string) => env[name] === undefined || env[name] === '';
  return {
    ...env,
    LOG_LEVEL: unset('LOG_LEVEL') ? 'warn' : env.LOG_LEVEL,
  };
}
