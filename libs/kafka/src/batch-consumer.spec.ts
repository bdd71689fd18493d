import { jest } from '@jest/globals';
import type { EachBatchPayload, Kafka } from 'kafkajs';
import {
  BatchConsumer,
  BatchStalledError,
  isGroupMembershipLost,
  type BatchConsumerOptions,
  type BatchHandler,
  type ConsumedBatch,
  type ConsumedMessage,
} from './batch-consumer.js';
import { handlerFailure, isTransientFailure } from './handler-failure.js';
import { silentLogSink, type LogSink } from './kafka-client.js';

// BatchConsumer against a stand-in for kafkajs: each test hands eachBatch one batch, as the
// kafkajs runner does, and looks at what came back (resolved, or the error kafkajs acts on) and
// what was committed.

/** An error as kafkajs raises it for a protocol error code. */
function kafkaProtocolError(type: string, message = type): Error {
  return Object.assign(new Error(message), { type });
}

// Retrying a lost membership in place never ends; these tests then fail quickly instead of at the suite timeout.
const RETRIED_FOREVER_WOULD_HANG_MS = 5_000;

const unknownMember = () => kafkaProtocolError('UNKNOWN_MEMBER_ID', 'The coordinator is not aware of this member');

interface FakeBatch {
  payload: EachBatchPayload;
  heartbeat: jest.Mock<() => Promise<void>>;
  commits: unknown[];
  /** What kafkajs's isRunning() says from now on: false once the consumer stops. */
  stopRunning(): void;
}

function aBatch(heartbeat: () => Promise<void> = async () => undefined, offsets = ['5', '6', '7']): FakeBatch {
  const commits: unknown[] = [];
  let running = true;
  const heartbeatMock = jest.fn(heartbeat);
  const messages = offsets.map((offset) => ({ offset, key: null, value: Buffer.from('{}'), headers: {}, timestamp: '0', attributes: 0 }));
  const last = offsets.at(-1)!;
  const payload = {
    batch: { topic: 'cx.tickets.v1', partition: 2, highWatermark: String(Number(last) + 1), messages, lastOffset: () => last },
    heartbeat: heartbeatMock,
    isRunning: () => running,
    isStale: () => false,
    resolveOffset: jest.fn(),
    commitOffsetsIfNecessary: jest.fn(async (offsets: unknown) => {
      commits.push(offsets);
    }),
  } as unknown as EachBatchPayload;
  return { payload, heartbeat: heartbeatMock, commits, stopRunning: () => (running = false) };
}

/** Starts a BatchConsumer on a stand-in Kafka and returns its eachBatch. */
async function started(handler: BatchHandler, options: Partial<BatchConsumerOptions> = {}, log: LogSink = silentLogSink) {
  let eachBatch: ((payload: EachBatchPayload) => Promise<void>) | undefined;
  const consumer = {
    events: { CRASH: 'consumer.crash' },
    on: () => undefined,
    connect: async () => undefined,
    subscribe: async () => undefined,
    run: async (config: { eachBatch: (payload: EachBatchPayload) => Promise<void> }) => {
      eachBatch = config.eachBatch;
    },
    disconnect: async () => undefined,
  };
  const kafka = { consumer: () => consumer } as unknown as Kafka;
  const sut = new BatchConsumer(kafka, { groupId: 'g', topics: ['cx.tickets.v1'], retry: { initialMs: 10, maxMs: 10 }, ...options }, log);
  await sut.start(handler);
  return { sut, eachBatch: eachBatch! };
}

const committedOffset = (commits: unknown[]) => (commits as Array<{ topics: Array<{ partitions: Array<{ offset: string }> }> }>).map((c) => c.topics[0]!.partitions[0]!.offset);

describe('BatchConsumer', () => {
  it('commits the offset after the last message once the handler has finished, retrying a transient failure first', async () => {
    const handler = jest.fn<BatchHandler>().mockRejectedValueOnce(new Error('database away')).mockResolvedValue(undefined);
    const { eachBatch } = await started(handler);
    const batch = aBatch();

    await eachBatch(batch.payload);

    expect(handler).toHaveBeenCalledTimes(2);
    expect(committedOffset(batch.commits)).toEqual(['8']);
  });

  it('gives the batch back uncommitted when the handler learns from a heartbeat that the group no longer knows this member', async () => {
    // After a broker restart longer than the session: every later heartbeat says the same, so
    // retrying in place would never end; kafkajs rejoins once the error reaches it.
    const handler = jest.fn(async (b: Parameters<BatchHandler>[0]) => {
      await b.heartbeat();
    });
    const { sut, eachBatch } = await started(handler);
    const batch = aBatch(async () => {
      throw unknownMember();
    });

    await expect(eachBatch(batch.payload)).rejects.toMatchObject({ type: 'UNKNOWN_MEMBER_ID' });

    expect(handler).toHaveBeenCalledTimes(1);
    expect(batch.commits).toEqual([]);
    expect(sut.batchesGivenBack).toBe(1);
  }, RETRIED_FOREVER_WOULD_HANG_MS);

  it('sees a lost membership even when the handler wraps the heartbeat error in its own', async () => {
    const handler = async (b: Parameters<BatchHandler>[0]) => {
      await b.heartbeat().catch((error: unknown) => {
        throw new Error(`storing failed: ${String(error)}`);
      });
    };
    const { eachBatch } = await started(handler);
    const batch = aBatch(async () => {
      throw kafkaProtocolError('ILLEGAL_GENERATION');
    });

    await expect(eachBatch(batch.payload)).rejects.toMatchObject({ type: 'ILLEGAL_GENERATION' });
    expect(batch.commits).toEqual([]);
  }, RETRIED_FOREVER_WOULD_HANG_MS);

  it('stops waiting out a failed batch when a heartbeat in the backoff says the group is rebalancing', async () => {
    const handler = jest.fn(async () => {
      throw new Error('Connection error: connect ECONNREFUSED');
    });
    const { eachBatch } = await started(handler, { retry: { initialMs: 30, maxMs: 30 } });
    let beats = 0;
    const batch = aBatch(async () => {
      // The broker is still away for the first heartbeats (swallowed: that is the outage), then the group has moved on.
      if (++beats < 3) throw new Error('Connection error: connect ECONNREFUSED');
      throw kafkaProtocolError('REBALANCE_IN_PROGRESS');
    });

    await expect(eachBatch(batch.payload)).rejects.toMatchObject({ type: 'REBALANCE_IN_PROGRESS' });

    expect(handler.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(batch.commits).toEqual([]);
  }, RETRIED_FOREVER_WOULD_HANG_MS);

  it('keeps retrying through heartbeats that fail only because the broker is away', async () => {
    let failures = 3;
    const handler = jest.fn(async () => {
      if (failures-- > 0) throw new Error('Connection error: connect ECONNREFUSED');
    });
    const { eachBatch } = await started(handler);
    const batch = aBatch(async () => {
      throw new Error('Connection error: connect ECONNREFUSED');
    });

    await eachBatch(batch.payload);

    expect(handler).toHaveBeenCalledTimes(4);
    expect(committedOffset(batch.commits)).toEqual(['8']);
  });

  it('reports an attempt that never settles as fatal once the stall timeout has passed, and shows its age meanwhile', async () => {
    const onFatalError = jest.fn();
    const { sut, eachBatch } = await started(() => new Promise<void>(() => undefined), { stallTimeoutMs: 80, onFatalError });
    const batch = aBatch();

    const consumed = eachBatch(batch.payload);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(sut.oldestAttemptSeconds).toBeGreaterThan(0.02);
    await new Promise((resolve) => setTimeout(resolve, 80));

    expect(onFatalError).toHaveBeenCalledTimes(1);
    expect(onFatalError.mock.calls[0]![0]).toBeInstanceOf(BatchStalledError);
    batch.stopRunning(); // what the exit would have ended: the retries of the hung batch
    await consumed;
    expect(batch.commits).toEqual([]);
  });

  it('tells membership errors from the rest by their kafkajs type', () => {
    for (const type of ['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP']) {
      expect(isGroupMembershipLost(kafkaProtocolError(type))).toBe(true);
    }
    expect(isGroupMembershipLost(kafkaProtocolError('COORDINATOR_LOAD_IN_PROGRESS'))).toBe(false);
    expect(isGroupMembershipLost(new Error('Connection error'))).toBe(false);
    expect(isGroupMembershipLost(undefined)).toBe(false);
  });
});

/** Offsets from..from+count-1, as strings. */
const offsetsFrom = (from: number, count: number) => Array.from({ length: count }, (_, i) => String(from + i));

/** An error as node-postgres raises it, with its SQLSTATE. */
const pgError = (code: string, message = `SQLSTATE ${code}`) => Object.assign(new Error(message), { code });

/** A handler whose store rejects any batch holding one of `poison` (by offset) with `error`, and records what it stored. */
function aStoreRejecting(poison: Set<string>, error: () => Error) {
  const stored: string[] = [];
  const calls: number[] = [];
  const handler = jest.fn(async (b: ConsumedBatch) => {
    calls.push(b.messages.length);
    await b.heartbeat();
    if (b.messages.some((m) => poison.has(m.offset))) throw error();
    stored.push(...b.messages.map((m) => m.offset));
  });
  return { handler, stored, calls };
}

describe('BatchConsumer bisecting a batch that keeps failing', () => {
  it('finds one poison message in the middle of 1,000 in O(log n) handler calls, dead-letters it with its error, stores the rest and commits once', async () => {
    const offsets = offsetsFrom(1_000, 1_000);
    const { handler, stored, calls } = aStoreRejecting(new Set(['1517']), () => pgError('22P02', 'invalid input syntax for type json'));
    const deadLetter = jest.fn(async (_message: ConsumedMessage, _error: unknown) => undefined);
    const { sut, eachBatch } = await started(handler, { deadLetter });
    const batch = aBatch(undefined, offsets);

    await eachBatch(batch.payload);

    expect(deadLetter).toHaveBeenCalledTimes(1);
    expect(deadLetter.mock.calls[0]![0]).toMatchObject({ topic: 'cx.tickets.v1', partition: 2, offset: '1517' });
    expect(deadLetter.mock.calls[0]![1]).toMatchObject({ code: '22P02', message: 'invalid input syntax for type json' });
    expect(new Set(stored)).toEqual(new Set(offsets.filter((o) => o !== '1517')));
    // The whole batch twice, then two halves per level of a 10-level bisection.
    expect(calls.length).toBeLessThanOrEqual(2 + 2 * Math.ceil(Math.log2(offsets.length)));
    expect(calls.slice(0, 2)).toEqual([1_000, 1_000]);
    expect(committedOffset(batch.commits)).toEqual(['2000']);
    expect(sut.messagesDeadLettered).toBe(1);
  });

  it('finds a poison message that is the first of its batch, and two poison messages side by side', async () => {
    for (const poison of [['0'], ['40', '41']]) {
      const offsets = offsetsFrom(0, 64);
      const { handler, stored } = aStoreRejecting(new Set(poison), () => pgError('23514', 'violates check constraint'));
      const deadLetter = jest.fn(async (_message: ConsumedMessage, _error: unknown) => undefined);
      const { eachBatch } = await started(handler, { deadLetter });
      const batch = aBatch(undefined, offsets);

      await eachBatch(batch.payload);

      expect(deadLetter.mock.calls.map(([m]) => m.offset).sort()).toEqual(poison);
      expect(stored.sort()).toEqual(offsets.filter((o) => !poison.includes(o)).sort());
      expect(committedOffset(batch.commits)).toEqual(['64']);
    }
  });

  it('dead-letters a batch of one message that fails alone with a data error in three passes', async () => {
    const { handler, calls } = aStoreRejecting(new Set(['9']), () => pgError('22P02'));
    const deadLetter = jest.fn(async (_message: ConsumedMessage, _error: unknown) => undefined);
    const { eachBatch } = await started(handler, { deadLetter });
    const batch = aBatch(undefined, ['9']);

    await eachBatch(batch.payload);

    expect(calls).toEqual([1, 1, 1]);
    expect(deadLetter).toHaveBeenCalledTimes(1);
    expect(committedOffset(batch.commits)).toEqual(['10']);
  });

  it('never dead-letters during an outage that fails every part of the batch, however the error reads, and stores it all once the store is back', async () => {
    for (const outage of [() => new Error('something unexpected'), () => pgError('22P02')]) {
      let down = true;
      const calls: number[] = [];
      const handler = jest.fn(async (b: ConsumedBatch) => {
        calls.push(b.messages.length);
        if (down) throw outage();
      });
      const deadLetter = jest.fn(async (_message: ConsumedMessage, _error: unknown) => undefined);
      let failedPasses = 0;
      const log = { ...silentLogSink, warn: (message: string) => void (message.startsWith('batch failed') && failedPasses++) };
      const { eachBatch } = await started(handler, { deadLetter }, log);
      const batch = aBatch(undefined, offsetsFrom(0, 256));

      const consumed = eachBatch(batch.payload);
      await new Promise((resolve) => setTimeout(resolve, 150)); // several passes of 10 ms backoff
      const callsWhileDown = calls.length;
      const passesWhileDown = failedPasses;
      down = false;
      await consumed;

      expect(deadLetter).not.toHaveBeenCalled();
      expect(committedOffset(batch.commits)).toEqual(['256']);
      // A pass that stores nothing bisects only down to the first lone message: about 2·log2(n) calls, not n.
      expect(passesWhileDown).toBeGreaterThan(3);
      expect(callsWhileDown).toBeLessThanOrEqual((passesWhileDown + 1) * (2 * Math.log2(256) + 2));
    }
  });

  it('never bisects nor dead-letters on errors known to be an outage, even a batch of one', async () => {
    const kafkajsRetriable = Object.assign(new Error('This server is not the leader for that topic-partition'), { name: 'KafkaJSProtocolError', retriable: true });
    const transient = [
      pgError('08006', 'connection failure'),
      pgError('53300', 'too many connections'),
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('40001', 'could not serialize access'),
      pgError('58030', 'could not write to file'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }),
      kafkajsRetriable,
      Object.assign(new Error('query failed'), { driverError: pgError('57P03', 'the database system is starting up') }),
    ];
    for (const error of transient) {
      for (const offsets of [['3'], offsetsFrom(0, 8)]) {
        let failures = 6;
        const sizes: number[] = [];
        const handler = jest.fn(async (b: ConsumedBatch) => {
          sizes.push(b.messages.length);
          if (failures-- > 0) throw error;
        });
        const deadLetter = jest.fn(async (_message: ConsumedMessage, _error: unknown) => undefined);
        const { eachBatch } = await started(handler, { deadLetter });
        const batch = aBatch(undefined, offsets);

        await eachBatch(batch.payload);

        expect({ error: error.message, deadLettered: deadLetter.mock.calls.length }).toEqual({ error: error.message, deadLettered: 0 });
        expect(sizes).toEqual(Array(7).fill(offsets.length));
        expect(committedOffset(batch.commits)).toEqual([String(Number(offsets.at(-1)) + 1)]);
      }
    }
  });

  it('never dead-letters an error the service names as an outage, even for a batch of one', async () => {
    class NoModelYetError extends Error {}
    let failures = 6;
    const handler = jest.fn(async () => {
      if (failures-- > 0) throw new NoModelYetError('no model to classify with yet');
    });
    const deadLetter = jest.fn(async (_message: ConsumedMessage, _error: unknown) => undefined);
    const { eachBatch } = await started(handler, { deadLetter, isOutage: (error) => error instanceof NoModelYetError });
    const batch = aBatch(undefined, ['3']);

    await eachBatch(batch.payload);

    expect(handler).toHaveBeenCalledTimes(7);
    expect(deadLetter).not.toHaveBeenCalled();
    expect(committedOffset(batch.commits)).toEqual(['4']);
  });

  it('tells outages from data errors', () => {
    for (const code of ['08006', '08001', '53100', '57014', '57P01', '40P01', '58000', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT']) {
      expect({ code, transient: isTransientFailure(pgError(code)) }).toEqual({ code, transient: true });
    }
    for (const code of ['22P02', '22021', '23505', '23514', '42P01']) {
      expect({ code, transient: isTransientFailure(pgError(code)) }).toEqual({ code, transient: false });
    }
    expect(isTransientFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientFailure(Object.assign(new Error('retries exceeded'), { name: 'KafkaJSNumberOfRetriesExceeded', retriable: false }))).toBe(true);
    expect(isTransientFailure(Object.assign(new Error('too large'), { name: 'KafkaJSProtocolError', type: 'MESSAGE_TOO_LARGE', retriable: false }))).toBe(false);
    expect(isTransientFailure(new TypeError("Cannot read properties of undefined (reading 'trim')"))).toBe(false);
    expect(isTransientFailure(new Error('wrapped', { cause: pgError('08003') }))).toBe(true);
    expect(isTransientFailure(new BatchStalledError('cx.tickets.v1', 0, 300_000))).toBe(true);
  });

  it('dead-letters with code handler_failed, the redacted error and its SQLSTATE, bounded in length', () => {
    expect(handlerFailure(pgError('22P02', 'invalid input syntax for type json'))).toEqual({
      code: 'handler_failed',
      problem: 'invalid input syntax for type json (SQLSTATE 22P02)',
    });
    const quoting = handlerFailure(Object.assign(new Error('query failed'), { driverError: pgError('22P02', 'invalid input syntax for type integer: "jane.doe@example.com"') }));
    expect(quoting.problem).toBe('query failed (SQLSTATE 22P02)');
    expect(handlerFailure(new Error('value jane.doe@example.com refused')).problem).not.toContain('jane.doe');
    expect(handlerFailure(new Error('x'.repeat(5_000))).problem.length).toBeLessThanOrEqual(500);
  });

  it('keeps a poison message in its batch while the dead-letter topic cannot be reached, and sends it once it can', async () => {
    const { handler, stored } = aStoreRejecting(new Set(['4']), () => pgError('22P02'));
    let sendFailures = 2;
    const deadLetter = jest.fn(async (_message: ConsumedMessage, _error: unknown) => {
      if (sendFailures-- > 0) throw Object.assign(new Error('Connection error: connect ECONNREFUSED'), { name: 'KafkaJSConnectionError', retriable: true });
    });
    const { sut, eachBatch } = await started(handler, { deadLetter });
    const batch = aBatch(undefined, offsetsFrom(0, 8));

    await eachBatch(batch.payload);

    expect(deadLetter).toHaveBeenCalledTimes(3);
    expect(sut.messagesDeadLettered).toBe(1);
    expect(new Set(stored)).toEqual(new Set(['0', '1', '2', '3', '5', '6', '7']));
    expect(committedOffset(batch.commits)).toEqual(['8']);
  });

  it('gives the batch back uncommitted, dead-lettering nothing, when the group takes the partition away in the middle of a bisection', async () => {
    let beats = 0;
    const { handler } = aStoreRejecting(new Set(['5']), () => pgError('22P02'));
    const deadLetter = jest.fn(async (_message: ConsumedMessage, _error: unknown) => undefined);
    const { sut, eachBatch } = await started(handler, { deadLetter });
    // The whole batch's two attempts and the first halves beat normally; then the group has moved on.
    const batch = aBatch(async () => {
      if (++beats > 4) throw unknownMember();
    }, offsetsFrom(0, 64));

    await expect(eachBatch(batch.payload)).rejects.toMatchObject({ type: 'UNKNOWN_MEMBER_ID' });

    expect(handler.mock.calls.length).toBeGreaterThan(2);
    expect(deadLetter).not.toHaveBeenCalled();
    expect(batch.commits).toEqual([]);
    expect(sut.batchesGivenBack).toBe(1);
  }, RETRIED_FOREVER_WOULD_HANG_MS);

  it('stops bisecting, committing nothing, when the consumer stops', async () => {
    const { handler } = aStoreRejecting(new Set(['5']), () => pgError('22P02'));
    const deadLetter = jest.fn(async (_message: ConsumedMessage, _error: unknown) => undefined);
    const { eachBatch } = await started(handler, { deadLetter });
    const batch = aBatch(undefined, offsetsFrom(0, 64));
    handler.mockImplementationOnce(async () => {
      throw pgError('22P02');
    });
    handler.mockImplementationOnce(async () => {
      batch.stopRunning();
      throw pgError('22P02');
    });

    await eachBatch(batch.payload);

    expect(handler).toHaveBeenCalledTimes(2);
    expect(deadLetter).not.toHaveBeenCalled();
    expect(batch.commits).toEqual([]);
  });

  it('reports the lag and the time since the last commit of the partitions it works on', async () => {
    let release!: () => void;
    const { sut, eachBatch } = await started(() => new Promise<void>((resolve) => (release = resolve)));
    const batch = aBatch(undefined, offsetsFrom(10, 5));
    (batch.payload.batch as { highWatermark: string }).highWatermark = '40';

    const consumed = eachBatch(batch.payload);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const stuck = sut.partitionProgress;
    release();
    await consumed;

    expect(stuck).toEqual([{ topic: 'cx.tickets.v1', partition: 2, behind: 30, secondsSinceCommit: expect.any(Number) }]);
    expect(stuck[0]!.secondsSinceCommit).toBeGreaterThanOrEqual(0.025);
    expect(sut.partitionProgress).toEqual([{ topic: 'cx.tickets.v1', partition: 2, behind: 25, secondsSinceCommit: expect.any(Number) }]);
    expect(sut.partitionProgress[0]!.secondsSinceCommit).toBeLessThan(0.025);
  });
});
