import type { Consumer, EachBatchPayload, IHeaders, Kafka } from 'kafkajs';
import type { LogSink } from './kafka-client.js';

export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
  timestamp: string;
}

export interface ConsumedBatch {
  topic: string;
  partition: number;
  messages: ConsumedMessage[];
  /** The partition's end offset when the batch was fetched; with the batch's last offset it gives the lag. */
  highWatermark: string;
  /** Keeps group membership during long work; cheap to call often (kafkajs throttles it). */
  heartbeat(): Promise<void>;
}

/**
 * Handles one partition's batch. Resolving means every message is dealt with (stored or
 * dead-lettered) and its offset may be committed; throwing means a transient failure, and the
 * same batch is offered again after a backoff, so nothing is committed for work not done.
 */
export type BatchHandler = (batch: ConsumedBatch) => Promise<void>;

export interface BatchConsumerOptions {
  groupId: string;
  topics: string[];
  /** Backoff between attempts at a batch whose handler failed. */
  retry?: { initialMs: number; maxMs: number };
  sessionTimeoutMs?: number;
  maxBytesPerPartition?: number;
  /**
   * Most bytes per fetch, all partitions together. kafkajs handles a fetch's batches before it
   * fetches again, so a larger fetch spends less of the time waiting on the broker.
   */
  maxBytes?: number;
  /**
   * Called when kafkajs gives up on the consumer for good (a crash it will not restart from):
   * the service cannot consume any more and should stop, so a supervisor restarts it.
   */
  onFatalError?: (error: Error) => void;
  /**
   * Partitions whose batches are handled at the same time (each partition stays in order).
   * Overlapping one batch's database write with the next one's parsing keeps the process busy.
   */
  concurrency?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * At-least-once consumption in batches: offsets are committed only after the handler has
 * finished a batch, so a crash at any point re-delivers the uncommitted work (the handler's
 * writes must therefore be idempotent).
 */
export class BatchConsumer {
  private consumer?: Consumer;
  private stopping = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: BatchConsumerOptions,
    private readonly log: LogSink,
  ) {}

  async start(handler: BatchHandler): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: 3_000,
      maxBytesPerPartition: this.options.maxBytesPerPartition ?? 4 * 1024 * 1024,
      maxBytes: this.options.maxBytes ?? 52_428_800,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart && !this.stopping) this.options.onFatalError?.(payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.concurrency ?? 6,
      eachBatch: (payload) => this.consumeBatch(payload, handler),
    });
  }

  /** Finishes the batch in hand, commits it, then leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  get running(): boolean {
    return this.consumer !== undefined && !this.stopping;
  }

  private async consumeBatch(payload: EachBatchPayload, handler: BatchHandler): Promise<void> {
    const { batch, heartbeat, isRunning, isStale } = payload;
    if (batch.messages.length === 0) return;
    const consumed: ConsumedBatch = {
      topic: batch.topic,
      partition: batch.partition,
      highWatermark: batch.highWatermark,
      heartbeat,
      messages: batch.messages.map((m) => ({
        topic: batch.topic,
        partition: batch.partition,
        offset: m.offset,
        key: m.key,
        value: m.value,
        headers: m.headers ?? {},
        timestamp: m.timestamp,
      })),
    };
    const done = await this.handleWithRetry(consumed, handler, () => isRunning() && !isStale());
    if (!done) return; // rebalanced away or stopping: the next owner re-reads from the last commit
    payload.resolveOffset(batch.lastOffset());
    // With autoCommit off, kafkajs commits only offsets passed explicitly; the committed offset
    // is the next one to read.
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    await payload.commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }] });
  }

  private async handleWithRetry(batch: ConsumedBatch, handler: BatchHandler, stillOwned: () => boolean): Promise<boolean> {
    const { initialMs, maxMs } = this.options.retry ?? { initialMs: 500, maxMs: 30_000 };
    for (let attempt = 1, delay = initialMs; ; attempt++, delay = Math.min(delay * 2, maxMs)) {
      try {
        await handler(batch);
        return true;
      } catch (error) {
        this.log.warn('batch failed; retrying without committing', {
          topic: batch.topic,
          partition: batch.partition,
          firstOffset: batch.messages[0]?.offset,
          size: batch.messages.length,
          attempt,
          retryInMs: delay,
          error: error instanceof Error ? error.message : String(error),
        });
        // Wait in heartbeat-sized steps so the group keeps this member while the outage lasts.
        for (let waited = 0; waited < delay; waited += 1_000) {
          if (!stillOwned()) return false;
          await sleep(Math.min(1_000, delay - waited));
          await batch.heartbeat().catch(() => undefined);
        }
        if (!stillOwned()) return false;
      }
    }
  }
}
