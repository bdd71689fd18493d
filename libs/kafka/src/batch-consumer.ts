import type { Consumer, EachBatchPayload, IHeaders, Kafka } from 'kafkajs';
import { errorText, isTransientFailure } from './handler-failure.js';
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
  /**
   * Sends one message that fails on its own, with the handler's error, to the dead-letter topic.
   * With it, a batch whose handler keeps failing with an error that is not a known outage is
   * bisected, so the rest of the batch is stored and the one poison message is set aside (see
   * `handleWithRetry`); without it, a failing batch is retried whole until it succeeds.
   */
  deadLetter?: (message: ConsumedMessage, error: unknown) => Promise<void>;
  /**
   * Errors of the service's own that mean "not now" rather than "not this message" (the
   * classifier's NoModelYetError), handled like the outages `isTransientFailure` knows.
   */
  isOutage?: (error: unknown) => boolean;
  /** Passes a lone message must fail on its own, with nothing else of its batch left to try, before it is taken as poison. */
  poisonAfterLoneFailures?: number;
}

/** Where the consumer stands on one partition it owns: a partition stuck on one batch shows here. */
export interface PartitionProgress {
  topic: string;
  partition: number;
  /** Messages between the last commit and the partition's end when its latest batch was fetched. */
  behind: number;
  /** Seconds since this member last committed the partition, got it, or found work on it after it had caught up. */
  secondsSinceCommit: number;
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
  lost?: Error;
}

/** Part of a batch still to be handled: the whole batch at first, halves and quarters once it is bisected. */
interface Piece {
  messages: ConsumedMessage[];
  /** Passes in which this piece, a single message, failed on its own with an error that is not an outage. */
  loneFailures: number;
}

interface PassOutcome {
  /** Pieces not done yet, to try again after a backoff. */
  left: Piece[];
  /** The last error of the pass, for the log. */
  error?: unknown;
  /** Some piece of the batch was stored in this pass, so the store works: a message failing alone now is poison. */
  progressed: boolean;
  /** The consumer stopped or the partition went away in the middle of the pass. */
  abandoned: boolean;
}

/** kafkajs raises Error instances; anything else is wrapped so that it can be rethrown as one. */
const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function halves(piece: Piece): Piece[] {
  const middle = Math.ceil(piece.messages.length / 2);
  return [
    { messages: piece.messages.slice(0, middle), loneFailures: 0 },
    { messages: piece.messages.slice(middle), loneFailures: 0 },
  ];
}

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
  private deadLetteredAlone = 0;
  /** The partitions this member owns, by "topic/partition", with its progress on each. */
  private readonly progress = new Map<string, { topic: string; partition: number; behind: number; committedAt: number }>();

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
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.keepProgressOf(payload.memberAssignment);
      this.options.onAssignment?.(payload.memberAssignment);
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

  /** Messages dead-lettered because they failed on their own while the rest of their batch was stored (see `handleWithRetry`). */
  get messagesDeadLettered(): number {
    return this.deadLetteredAlone;
  }

  /** Where this member stands on each partition it owns; a partition behind and long uncommitted is stuck. */
  get partitionProgress(): PartitionProgress[] {
    const now = performance.now();
    return [...this.progress.values()].map(({ topic, partition, behind, committedAt }) => ({
      topic,
      partition,
      behind,
      secondsSinceCommit: (now - committedAt) / 1_000,
    }));
  }

  /** After a rebalance: forget the partitions that went to other members, start the clock on the new ones. */
  private keepProgressOf(assignment: Record<string, number[]>): void {
    const owned = new Set(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((p) => `${topic}/${p}`)));
    for (const key of this.progress.keys()) if (!owned.has(key)) this.progress.delete(key);
    for (const key of owned) this.progressOf(key.slice(0, key.lastIndexOf('/')), Number(key.slice(key.lastIndexOf('/') + 1)));
  }

  private progressOf(topic: string, partition: number) {
    const key = `${topic}/${partition}`;
    let entry = this.progress.get(key);
    if (!entry) this.progress.set(key, (entry = { topic, partition, behind: 0, committedAt: performance.now() }));
    return entry;
  }

  private async consumeBatch(payload: EachBatchPayload, handler: BatchHandler): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0) return;
    // Every heartbeat of this batch, the handler's own included, goes through here, so a lost
    // membership is seen however the handler reports (or wraps) the error.
    const membership: Membership = {};
    const heartbeat = async () => {
      try {
        await payload.heartbeat();
      } catch (error) {
        if (isGroupMembershipLost(error)) membership.lost ??= asError(error);
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
    const progress = this.progressOf(batch.topic, batch.partition);
    // A partition that was caught up starts its clock when new work arrives, not at its last commit.
    if (progress.behind === 0) progress.committedAt = performance.now();
    progress.behind = Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(batch.messages[0]!.offset)));
    const done = await this.handleWithRetry(consumed, handler, membership, () => payload.isRunning() && !payload.isStale());
    if (!done) return; // rebalanced away or stopping: the next owner re-reads from the last commit
    payload.resolveOffset(batch.lastOffset());
    // With autoCommit off, kafkajs commits only offsets passed explicitly; the committed offset
    // is the next one to read. A commit refused for a lost membership throws, and kafkajs rejoins.
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    await this.watched(consumed, () =>
      payload.commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }] }),
    );
    progress.committedAt = performance.now();
    progress.behind = Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(next)));
  }

  /**
   * Handles a batch until every message is stored or dead-lettered, and says whether it may be
   * committed (false: the consumer stopped or the partition went away; nothing is committed).
   *
   * A failure of a known outage (`isTransientFailure`) is retried as it is, after a backoff, for as
   * long as the outage lasts. Any other failure is retried whole once, then the batch is bisected:
   * the halves are tried one after the other, a failing half is halved again, so one poison
   * message among n is found in about 2·log2(n) handler calls while the rest is stored. A message
   * that fails on its own is dead-lettered when another part of the same batch was stored in the
   * same pass (the store evidently works), or when it is all that is left of its batch and has
   * failed alone in `poisonAfterLoneFailures` passes. A pass in which nothing succeeds bisects no
   * further than to the first lone message, and dead-letters nothing: that is an outage the error
   * did not name, and the pieces are retried after the backoff.
   */
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
        error: lost.message,
      });
      throw lost;
    };
    let pending: Piece[] = [{ messages: batch.messages, loneFailures: 0 }];
    for (let attempt = 1, delay = initialMs; ; attempt++) {
      const pass = await this.runPass(batch, pending, handler, membership, attempt > 1, stillOwned);
      giveBackIfLost();
      if (pass.abandoned) return false;
      if (pass.left.length === 0) return true;
      pending = pass.left;
      // Part of the batch was stored and the rest failed for a reason of its own: go on bisecting at once.
      if (pass.progressed && !this.isOutage(pass.error)) continue;
      this.log.warn('batch failed; retrying without committing', {
        topic: batch.topic,
        partition: batch.partition,
        firstOffset: batch.messages[0]?.offset,
        size: batch.messages.length,
        unfinished: pending.reduce((n, piece) => n + piece.messages.length, 0),
        attempt,
        retryInMs: delay,
        error: errorText(pass.error),
      });
      // Wait in heartbeat-sized steps so the group keeps this member while the outage lasts.
      for (let waited = 0; waited < delay; waited += 1_000) {
        if (!stillOwned()) return false;
        await sleep(Math.min(1_000, delay - waited));
        await batch.heartbeat().catch(() => undefined); // a broker still away is the outage itself
        giveBackIfLost();
      }
      if (!stillOwned()) return false;
      delay = Math.min(delay * 2, maxMs);
    }
  }

  private isOutage(error: unknown): boolean {
    return isTransientFailure(error) || (this.options.isOutage?.(error) ?? false);
  }

  /** One pass over the pieces of a batch not done yet: see `handleWithRetry`. */
  private async runPass(batch: ConsumedBatch, pieces: Piece[], handler: BatchHandler, membership: Membership, mayBisect: boolean, stillOwned: () => boolean): Promise<PassOutcome> {
    const work = [...pieces];
    const left: Piece[] = [];
    const alone: Array<{ piece: Piece; error: unknown }> = [];
    // Lone messages that failed in an earlier pass come last, and while none of this pass has
    // succeeded they stop the bisecting: without that, every pass of an outage would halve anew.
    const suspectsCarried = pieces.some((piece) => piece.loneFailures > 0);
    let progressed = false;
    let lastError: unknown;
    while (work.length > 0) {
      if (!stillOwned()) return { left: [], progressed, abandoned: true };
      const piece = work.shift()!;
      try {
        await this.watched(batch, () => handler(piece.messages === batch.messages ? batch : { ...batch, messages: piece.messages }));
        progressed = true;
        continue;
      } catch (error) {
        if (isGroupMembershipLost(error)) membership.lost ??= asError(error);
        lastError = error;
        if (membership.lost !== undefined || !this.options.deadLetter || this.isOutage(error)) {
          // An outage fails the rest too: keep everything for after the backoff.
          left.push(piece, ...work);
          break;
        }
        if (piece.messages.length === 1) alone.push({ piece, error });
        // Bisect while the store is known to work, or until the first lone failure: a pass in
        // which everything fails is an outage, and halving further would only hammer the store.
        else if (mayBisect && (progressed || (alone.length === 0 && !suspectsCarried))) {
          if (piece.messages === batch.messages) {
            this.log.warn('batch keeps failing with an error that is not an outage; bisecting it to find the message that fails', {
              topic: batch.topic,
              partition: batch.partition,
              firstOffset: batch.messages[0]?.offset,
              size: batch.messages.length,
              error: errorText(error),
            });
          }
          work.unshift(...halves(piece));
        } else left.push(piece);
      }
    }
    for (const { piece, error } of alone) {
      piece.loneFailures++;
      const lastOfBatch = left.length === 0 && alone.length === 1;
      if (!progressed && !(lastOfBatch && piece.loneFailures >= (this.options.poisonAfterLoneFailures ?? 3))) {
        left.push(piece);
        continue;
      }
      try {
        await this.deadLetterAlone(batch, piece.messages[0]!, error, progressed ? 'the rest of its batch was stored' : `it failed alone ${piece.loneFailures} times`);
      } catch (sendError) {
        // The dead-letter topic is away: the message stays in the batch and is judged again.
        left.push(piece);
        lastError = sendError;
      }
    }
    return { left, error: lastError, progressed, abandoned: false };
  }

  private async deadLetterAlone(batch: ConsumedBatch, message: ConsumedMessage, error: unknown, evidence: string): Promise<void> {
    await this.watched(batch, () => this.options.deadLetter!(message, error));
    this.deadLetteredAlone++;
    this.log.error('a message the handler cannot take was dead-lettered, so its partition can go on', {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      evidence,
      error: errorText(error),
    });
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
