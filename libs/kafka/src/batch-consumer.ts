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
 * same batch is offered again after a backoff, so nothing is committed for work not done. If a
 * heartbeat meanwhile shows the group has taken the partition away, the batch is given back
 * uncommitted instead and kafkajs rejoins.
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
  /**
   * Longest one attempt at a batch (the handler, then the commit) may take. kafkajs waits for
   * every batch of a fetch before it fetches, heartbeats or rejoins again, so an attempt that never
   * settles stops the whole consumer for good; past this the attempt is taken as hung and
   * `onFatalError` is called (without one, the attempt fails and the batch is retried).
   */
  stallTimeoutMs?: number;
  /** Called with the partitions this member owns each time it joins the group (after every rebalance). */
  onAssignment?: (assignment: Record<string, number[]>) => void;
}

/**
 * kafkajs errors (from a heartbeat or a commit) that mean this member no longer owns its
 * partitions: the group rebalanced, moved coordinator or expired the member's session (a broker
 * restart longer than the session timeout does that). No retry of the batch can succeed then;
 * only kafkajs rejoining can, and it rejoins only when the error leaves `eachBatch`.
 */
const GROUP_MEMBERSHIP_LOST = new Set(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'NOT_COORDINATOR_FOR_GROUP']);

export function isGroupMembershipLost(error: unknown): boolean {
  return typeof error === 'object' && error !== null && GROUP_MEMBERSHIP_LOST.has(String((error as { type?: unknown }).type));
}

/** An attempt at a batch that outlived `stallTimeoutMs`: something it awaits will never settle. */
export class BatchStalledError extends Error {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly stalledMs: number,
  ) {
    super(`a batch of ${topic}[${partition}] has not finished after ${Math.round(stalledMs / 1_000)} s; the consumer is stuck`);
    this.name = 'BatchStalledError';
  }
}

/** What the heartbeats of one batch have said about this member's place in the group. */
interface Membership {
  lost?: unknown;
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
  /** Start times of the attempts at batches under way, for `oldestAttemptSeconds`. */
  private readonly attemptsStartedAt = new Set<{ startedAt: number }>();
  private givenBack = 0;

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
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => this.options.onAssignment?.(payload.memberAssignment));
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

  /** Age of the oldest attempt at a batch still under way (0 when none is): a stuck consumer shows here. */
  get oldestAttemptSeconds(): number {
    let oldest = Infinity;
    for (const { startedAt } of this.attemptsStartedAt) oldest = Math.min(oldest, startedAt);
    return oldest === Infinity ? 0 : (performance.now() - oldest) / 1_000;
  }

  /** Batches left uncommitted because this member had lost its place in the group; each is read again after the rejoin. */
  get batchesGivenBack(): number {
    return this.givenBack;
  }

  private async consumeBatch(payload: EachBatchPayload, handler: BatchHandler): Promise<void> {
    const { batch, isRunning, isStale } = payload;
    if (batch.messages.length === 0) return;
    // Every heartbeat of this batch, the handler's own included, goes through here, so a lost
    // membership is seen however the handler reports (or wraps) the error.
    const membership: Membership = {};
    const heartbeat = async () => {
      try {
        await payload.heartbeat();
      } catch (error) {
        if (isGroupMembershipLost(error)) membership.lost ??= error;
        throw error;
      }
    };
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
    const done = await this.handleWithRetry(consumed, handler, membership, () => isRunning() && !isStale());
    if (!done) return; // rebalanced away or stopping: the next owner re-reads from the last commit
    payload.resolveOffset(batch.lastOffset());
    // With autoCommit off, kafkajs commits only offsets passed explicitly; the committed offset
    // is the next one to read. A commit refused for a lost membership throws, and kafkajs rejoins.
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    await this.watched(consumed, () =>
      payload.commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }] }),
    );
  }

  private async handleWithRetry(batch: ConsumedBatch, handler: BatchHandler, membership: Membership, stillOwned: () => boolean): Promise<boolean> {
    const { initialMs, maxMs } = this.options.retry ?? { initialMs: 500, maxMs: 30_000 };
    // Retrying cannot bring a lost membership back; throwing it out of eachBatch makes kafkajs
    // rejoin (and nothing is committed, so the batch's next owner reads it again).
    const giveBackIfLost = () => {
      const { lost } = membership;
      if (lost === undefined) return;
      this.givenBack++;
      this.log.warn('this member lost its place in the consumer group; leaving the batch uncommitted and rejoining', {
        topic: batch.topic,
        partition: batch.partition,
        firstOffset: batch.messages[0]?.offset,
        error: lost instanceof Error ? lost.message : String(lost),
      });
      throw lost;
    };
    for (let attempt = 1, delay = initialMs; ; attempt++, delay = Math.min(delay * 2, maxMs)) {
      try {
        await this.watched(batch, () => handler(batch));
        return true;
      } catch (error) {
        if (isGroupMembershipLost(error)) membership.lost ??= error;
        giveBackIfLost();
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
          await batch.heartbeat().catch(() => undefined); // a broker still away is the outage itself
          giveBackIfLost();
        }
        if (!stillOwned()) return false;
      }
    }
  }

  /** Runs one attempt at a batch, known to `oldestAttemptSeconds`, bounded by `stallTimeoutMs`. */
  private async watched<T>(batch: ConsumedBatch, attempt: () => Promise<T>): Promise<T> {
    const entry = { startedAt: performance.now() };
    this.attemptsStartedAt.add(entry);
    const limit = this.options.stallTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    try {
      if (!limit) return await attempt();
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const error = new BatchStalledError(batch.topic, batch.partition, performance.now() - entry.startedAt);
          this.log.error(error.message, { topic: batch.topic, partition: batch.partition, firstOffset: batch.messages[0]?.offset, stallTimeoutMs: limit });
          if (this.options.onFatalError && !this.stopping) this.options.onFatalError(error);
          reject(error);
        }, limit);
        timer.unref();
      });
      return await Promise.race([attempt(), stalled]);
    } finally {
      clearTimeout(timer);
      this.attemptsStartedAt.delete(entry);
    }
  }
}
