import kafkajs, { type Admin, type Kafka, type Message, type Producer } from 'kafkajs';
import { boundSend, RECORD_BATCH_OVERHEAD_BYTES, type TooLargeMessage } from './bounded-batches.js';
import { DeadLetterHeaders, tooLargeReference } from './dead-letter.js';
import { silentLogSink, type LogSink } from './kafka-client.js';
import { keyPartitioner } from './key-partitioner.js';

// kafkajs is CommonJS, and Node's ESM loader finds only some of its exports by name.
const { ConfigResourceTypes } = kafkajs;

/** Kafka's default `message.max.bytes`, less its 12 bytes of log overhead: used when the broker will not say. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1_048_576;
// A topic's limit and partitions are looked up again after this long (either may be changed).
const TOPIC_LIMITS_TTL_MS = 5 * 60_000;

export interface PublisherOptions {
  /**
   * Most bytes of one partition's record batch in a produce request (KAFKA_MAX_REQUEST_BYTES);
   * unset: the topic's `max.message.bytes`, else the broker's `message.max.bytes`.
   */
  maxMessageBytes?: number;
  /** Where a message too large for its topic goes instead, as a reference without its value. */
  deadLetterTopic?: string;
  log?: LogSink;
}

interface TopicLimits {
  maxMessageBytes: number;
  partitions?: number;
}

/**
 * An idempotent producer that waits for every in-sync replica: callers commit their input
 * offsets only after `send` resolves, so an output is never lost behind a committed input.
 *
 * A send goes in produce requests whose record batch for each partition stays within the topic's
 * `max.message.bytes` (the broker rejects a larger batch, and retrying it can never succeed). The
 * requests go one after the other, so each partition keeps its order; one request carries every
 * partition's next chunk. A lone message larger than the limit goes to the dead-letter topic as a
 * reference (its headers, size and reason), so it never blocks its partition.
 *
 * A failed send throws away the producer: kafkajs 2.2.4 cannot resynchronise an idempotent
 * producer's sequence numbers after a broker restart (every later send to the partition fails
 * with OUT_OF_ORDER_SEQUENCE_NUMBER, tulios/kafkajs#598). The next send connects a fresh producer
 * with a new producer id; re-sending is safe because the caller retries its whole uncommitted
 * batch and consumers of our topics deduplicate.
 */
export class KafkaPublisher {
  private producer?: Promise<Producer>;
  private opened = false;
  private readonly limits = new Map<string, { value: Promise<TopicLimits>; expiresAt: number }>();
  private readonly log: LogSink;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: PublisherOptions = {},
  ) {
    this.log = options.log ?? silentLogSink;
  }

  async connect(): Promise<void> {
    this.opened = true;
    await this.current();
  }

  async send(topic: string, messages: Message[]): Promise<void> {
    if (messages.length === 0) return;
    if (!this.opened) throw new Error('KafkaPublisher.send called before connect');
    const limits = await this.limitsOf(topic);
    const maxBatchBytes = limits.maxMessageBytes - RECORD_BATCH_OVERHEAD_BYTES;
    const { requests, tooLarge } = boundSend(messages, { maxBatchBytes, partitions: limits.partitions });
    // The references go first: if the send fails after them, the retry sends them again (at least once).
    if (tooLarge.length > 0) await this.setAside(topic, tooLarge, maxBatchBytes);
    for (const request of requests) await this.produce(topic, request);
  }

  async disconnect(): Promise<void> {
    this.opened = false;
    const producer = this.producer;
    this.producer = undefined;
    await producer?.then((p) => p.disconnect()).catch(() => undefined);
  }

  private async produce(topic: string, messages: Message[]): Promise<void> {
    const producer = this.current();
    try {
      await (await producer).send({ topic, acks: -1, messages });
    } catch (error) {
      if (this.producer === producer) {
        this.producer = undefined;
        void producer.then((p) => p.disconnect()).catch(() => undefined);
      }
      // The topic's limit was lowered since it was read: read it again for the retry.
      if (hasErrorType(error, 'MESSAGE_TOO_LARGE')) this.limits.delete(topic);
      throw error;
    }
  }

  private async setAside(topic: string, tooLarge: TooLargeMessage[], maxBatchBytes: number): Promise<void> {
    const { deadLetterTopic } = this.options;
    if (!deadLetterTopic) throw new Error(`${tooLarge.length} message(s) are larger than the ${maxBatchBytes} bytes ${topic} accepts, and there is no dead-letter topic`);
    const now = new Date();
    const references = tooLarge.map(({ message, bytes }) => {
      const reference = tooLargeReference(message, topic, bytes, maxBatchBytes, now);
      this.log.warn('a message too large for its topic goes to the dead-letter topic as a reference', {
        topic,
        bytes,
        maxBatchBytes,
        sourceTopic: reference.headers?.[DeadLetterHeaders.topic]?.toString(),
        sourcePartition: reference.headers?.[DeadLetterHeaders.partition]?.toString(),
        sourceOffset: reference.headers?.[DeadLetterHeaders.offset]?.toString(),
      });
      return reference;
    });
    const limits = await this.limitsOf(deadLetterTopic);
    const bounded = boundSend(references, { maxBatchBytes: limits.maxMessageBytes - RECORD_BATCH_OVERHEAD_BYTES, partitions: limits.partitions });
    if (bounded.tooLarge.length > 0) throw new Error(`the dead-letter topic ${deadLetterTopic} accepts no reference to a message too large for ${topic}`);
    for (const request of bounded.requests) await this.produce(deadLetterTopic, request);
  }

  // One look-up per topic at a time, kept a few minutes; a failed one is tried again by the next
  // send. A failed refresh keeps the limits read before (a broker outage is no reason to stop).
  private limitsOf(topic: string): Promise<TopicLimits> {
    const cached = this.limits.get(topic);
    if (cached && cached.expiresAt > Date.now()) return cached.value;
    const lookUp = this.lookUpLimits(topic);
    const value = cached ? lookUp.catch(() => cached.value) : lookUp;
    const entry = { value, expiresAt: Date.now() + TOPIC_LIMITS_TTL_MS };
    this.limits.set(topic, entry);
    entry.value.catch(() => {
      if (this.limits.get(topic) === entry) this.limits.delete(topic);
    });
    return entry.value;
  }

  private async lookUpLimits(topic: string): Promise<TopicLimits> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      const partitions = metadata.topics.find((t) => t.name === topic)?.partitions.length;
      const maxMessageBytes = this.options.maxMessageBytes ?? (await this.maxMessageBytesOf(admin, topic));
      return { maxMessageBytes, partitions };
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** The topic's `max.message.bytes` (the broker's `message.max.bytes` unless the topic overrides it). */
  private async maxMessageBytesOf(admin: Admin, topic: string): Promise<number> {
    try {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['max.message.bytes'] }],
      });
      const value = Number(resources[0]?.configEntries.find((e) => e.configName === 'max.message.bytes')?.configValue);
      if (value > 0) return value;
    } catch (error) {
      this.log.warn('cannot read the topic config max.message.bytes; trying the broker config', { topic, error: String(error) });
    }
    try {
      const { brokers } = await admin.describeCluster();
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.BROKER, name: String(brokers[0]!.nodeId), configNames: ['message.max.bytes'] }],
      });
      const value = Number(resources[0]?.configEntries.find((e) => e.configName === 'message.max.bytes')?.configValue);
      if (value > 0) return value;
    } catch (error) {
      this.log.warn('cannot read the broker config message.max.bytes either', { topic, error: String(error) });
    }
    this.log.warn('publishing with the default limit of 1 MiB per partition; set KAFKA_MAX_REQUEST_BYTES to change it', { topic });
    return DEFAULT_MAX_MESSAGE_BYTES;
  }

  // One shared connection attempt, so concurrent sends never open two producers.
  private current(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 5, allowAutoTopicCreation: false, createPartitioner: keyPartitioner });
      const connecting = producer.connect().then(() => producer);
      this.producer = connecting;
      connecting.catch(() => {
        if (this.producer === connecting) this.producer = undefined;
      });
    }
    return this.producer;
  }
}

// kafkajs wraps a broker's error (retries give up with the last one as `cause`, a batch of them in `errors`).
function hasErrorType(error: unknown, type: string, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { type: own, cause, errors } = error as { type?: unknown; cause?: unknown; errors?: unknown };
  if (own === type) return true;
  if (hasErrorType(cause, type, depth + 1)) return true;
  return Array.isArray(errors) && errors.some((e) => hasErrorType(e, type, depth + 1));
}
