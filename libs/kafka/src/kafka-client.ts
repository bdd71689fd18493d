import { Kafka, logLevel, type LogEntry, type logCreator } from 'kafkajs';

/** The few logging calls the Kafka layer makes; a Nest Logger or a pino logger both fit. */
export interface LogSink {
  error(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  log(message: string, context?: Record<string, unknown>): void;
  debug?(message: string, context?: Record<string, unknown>): void;
}

/** For clients whose own retries and warnings would only repeat what their caller reports. */
export const silentLogSink: LogSink = { error: () => undefined, warn: () => undefined, log: () => undefined };

export interface KafkaConnection {
  brokers: string[];
  clientId: string;
}

// kafkajs reports coordinator warm-up on a fresh broker, rejoining the group after the member
// was dropped (a broker restart, a long batch) and a partition leader still moving in right after
// a topic was created, at ERROR level, and recovers by itself; logging those as errors would page
// someone for a normal start or a rebalance. So is a topic that another process (a worker of the
// same instance, say) created a moment earlier: ensureTopics throws for any other creation error.
const RETRIED_BY_KAFKAJS =
  /coordinator is (loading|not available)|not the correct coordinator|leadership election|not aware of this member, re-joining|not the leader for that topic-partition|topic creation errors/i;

function toSink(sink: LogSink): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, ...fields } = log;
      const context = { kafkajs: namespace, ...fields };
      if (level === logLevel.ERROR && !RETRIED_BY_KAFKAJS.test(String(fields.error ?? message))) {
        sink.error(message, context);
      } else if (level <= logLevel.WARN) {
        sink.warn(message, context);
      } else if (level === logLevel.INFO) {
        sink.log(message, context);
      } else {
        sink.debug?.(message, context);
      }
    };
}

export interface KafkaClientOptions {
  /** Reconnect attempts before an operation fails; probes use 0 so they answer quickly. */
  retries?: number;
  connectionTimeoutMs?: number;
}

export function createKafka(connection: KafkaConnection, sink: LogSink, options: KafkaClientOptions = {}): Kafka {
  return new Kafka({
    clientId: connection.clientId,
    brokers: connection.brokers,
    logLevel: logLevel.WARN,
    logCreator: toSink(sink),
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    retry: { initialRetryTime: 300, retries: options.retries ?? 10 },
  });
}
