import { Logger, type INestApplication, type Type } from '@nestjs/common';
import { topicName, Topics, type TopicKey } from '@frictionlens/contracts';
import { ensureTopics, KafkaBatchTransport, type ConsumerGroup, type LogSink } from '@frictionlens/kafka';
import { logSinkOf } from './log-sink.js';
import type { Runtime } from './runtime.js';

/**
 * The one place topics are created: every topic of the contract (libs/contracts Topics), with the
 * deployment's prefix and KAFKA_TOPIC_PARTITIONS, whichever process meets the broker first (a
 * consuming service at start-up, or an import job that publishes). Topics that exist are left alone.
 */
export async function ensureContractTopics(runtime: Runtime, log: LogSink): Promise<void> {
  const { kafka, config } = runtime;
  if (!kafka) return;
  const specs = (Object.keys(Topics) as TopicKey[]).map((key) => ({ topic: topicName(key, config.KAFKA_TOPIC_PREFIX), numPartitions: config.KAFKA_TOPIC_PARTITIONS }));
  const created = await ensureTopics(kafka, specs);
  if (created.length) log.log(`created ${created.length} topic(s)`, { topics: created });
}

/**
 * Connects one KafkaBatchTransport per consumer group to the application and starts them
 * (app.startAllMicroservices()): each group's `@EventPattern` handlers then receive its batches.
 * Nothing is connected without Kafka or when the service does not consume (`consumesKafka`).
 * `onFatal` hears of a consumer that cannot go on; the caller closes the application.
 */
export async function startConsumerGroups(app: INestApplication, runtime: Runtime, groups: Array<Type<ConsumerGroup>>, onFatal: (error: Error) => void): Promise<KafkaBatchTransport[]> {
  const { kafka, config } = runtime;
  if (!kafka || !runtime.consumesKafka || groups.length === 0) return [];
  const log = logSinkOf(new Logger(KafkaBatchTransport.name));
  await ensureContractTopics(runtime, log);
  const transports = groups.map((group) => new KafkaBatchTransport({ kafka, group: app.get(group), topicPrefix: config.KAFKA_TOPIC_PREFIX, log }));
  for (const strategy of transports) {
    strategy.on('fatal', onFatal);
    app.connectMicroservice({ strategy });
  }
  await app.startAllMicroservices();
  return transports;
}
