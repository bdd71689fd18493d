import type { AppConfig } from '@frictionlens/config';
import type { Kafka } from 'kafkajs';

/** What a service was started with, resolved once in `bootstrap` and shared by every module. */
export interface Runtime {
  service: string;
  /** Which worker of a clustered instance this process is (1, 2, …); undefined when it runs alone. */
  worker?: number;
  config: AppConfig;
  databaseUrl: string;
  /** True when PostgreSQL is the embedded one (no DATABASE_URL): a single-machine install. */
  databaseEmbedded: boolean;
  /** Absent when KAFKA_BROKERS is unset: the service then runs without Kafka consumers. */
  kafka?: Kafka;
  /** Whether this service consumes from Kafka; its health then depends on the broker. */
  consumesKafka: boolean;
}

export const RUNTIME = Symbol('RUNTIME');
