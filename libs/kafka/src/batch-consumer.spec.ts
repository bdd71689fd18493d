import { jest } from '@jest/globals';
import type { EachBatchPayload, Kafka } from 'kafkajs';
import { BatchConsumer, BatchStalledError, isGroupMembershipLost, type BatchConsumerOptions, type BatchHandler } from './batch-consumer.js';
import { silentLogSink } from './kafka-client.js';

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

function aBatch(heartbeat: () => Promise<void> = async () => undefined): FakeBatch {
  const commits: unknown[] = [];
  let running = true;
  const heartbeatMock = jest.fn(heartbeat);
  const messages = ['5', '6', '7'].map((offset) => ({ offset, key: null, value: Buffer.from('{}'), headers: {}, timestamp: '0', attributes: 0 }));
  const payload = {
    batch: { topic: 'cx.tickets.v1', partition: 2, highWatermark: '8', messages, lastOffset: () => '7' },
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
async function started(handler: BatchHandler, options: Partial<BatchConsumerOptions> = {}) {
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
  const sut = new BatchConsumer(kafka, { groupId: 'g', topics: ['cx.tickets.v1'], retry: { initialMs: 10, maxMs: 10 }, ...options }, silentLogSink);
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
