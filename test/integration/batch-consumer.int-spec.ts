import pg from 'pg';
import type { Kafka, Producer } from 'kafkajs';
import { BatchConsumer, ensureTopics, type ConsumedBatch } from '@frictionlens/kafka';
import { freshDatabase, freshTopicPrefix, quietLog, testKafka, type TestDatabase } from '../setup/test-env.js';

// The delivery guarantee every FrictionLens consumer builds on: a batch's offsets are committed
// only after its writes are committed to PostgreSQL, and a failed batch is retried, not skipped.
describe('BatchConsumer on the real broker, writing to real PostgreSQL', () => {
  let kafka: Kafka;
  let producer: Producer;
  let database: TestDatabase;
  let db: pg.Pool;
  let topic: string;

  beforeAll(async () => {
    kafka = testKafka();
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 4 });
    await db.query('CREATE TABLE seen (topic_offset text PRIMARY KEY, payload text NOT NULL, copies int NOT NULL DEFAULT 1)');
  });

  beforeEach(async () => {
    topic = `${freshTopicPrefix()}events`;
    await ensureTopics(kafka, [{ topic, numPartitions: 6 }]);
    await db.query('TRUNCATE seen');
  });

  afterAll(async () => {
    await producer.disconnect();
    await db.end();
    await database.drop();
  });

  async function produce(count: number): Promise<void> {
    const messages = Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: JSON.stringify({ n: i }) }));
    for (let i = 0; i < messages.length; i += 500) await producer.send({ topic, messages: messages.slice(i, i + 500) });
  }

  // Writes each message once per (partition, offset) and counts re-deliveries, in one transaction per batch.
  function storeBatch(onBatch?: (batch: ConsumedBatch) => void) {
    return async (batch: ConsumedBatch) => {
      onBatch?.(batch);
      const client = await db.connect();
      try {
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO seen (topic_offset, payload)
           SELECT * FROM unnest($1::text[], $2::text[])
           ON CONFLICT (topic_offset) DO UPDATE SET copies = seen.copies + 1`,
          [batch.messages.map((m) => `${m.partition}:${m.offset}`), batch.messages.map((m) => m.value?.toString() ?? '')],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    };
  }

  async function waitForRows(expected: number, timeoutMs = 60_000): Promise<number> {
    const start = Date.now();
    for (;;) {
      const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM seen');
      const n = Number(rows[0]!.n);
      if (n >= expected || Date.now() - start > timeoutMs) return n;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('stores every produced message once and commits the offsets', async () => {
    await produce(3_000);
    const sut = new BatchConsumer(kafka, { groupId: `${topic}.group`, topics: [topic] }, quietLog);
    await sut.start(storeBatch());
    expect(await waitForRows(3_000)).toBe(3_000);
    await sut.stop();

    const { rows } = await db.query<{ max: number }>('SELECT max(copies) AS max FROM seen');
    expect(rows[0]!.max).toBe(1);
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchOffsets({ groupId: `${topic}.group`, topics: [topic] });
    await admin.disconnect();
    const committed = offsets[0]!.partitions.reduce((sum, p) => sum + Number(p.offset), 0);
    expect(committed).toBe(3_000);
  });

  it('retries a batch whose write failed, without committing it first, and loses nothing', async () => {
    await produce(500);
    let failuresLeft = 2;
    const sut = new BatchConsumer(kafka, { groupId: `${topic}.group`, topics: [topic], retry: { initialMs: 100, maxMs: 200 } }, quietLog);
    const store = storeBatch();
    await sut.start(async (batch) => {
      if (failuresLeft-- > 0) throw new Error('database unavailable (simulated)');
      await store(batch);
    });
    expect(await waitForRows(500)).toBe(500);
    await sut.stop();
    const { rows } = await db.query<{ max: number }>('SELECT max(copies) AS max FROM seen');
    expect(rows[0]!.max).toBe(1);
  });

  it('re-delivers uncommitted work to the next consumer of the group after a stop mid-batch', async () => {
    await produce(1_000);
    const groupId = `${topic}.group`;
    // The first consumer stores its batches but "crashes" before any commit: it throws after writing.
    const first = new BatchConsumer(kafka, { groupId, topics: [topic], retry: { initialMs: 60_000, maxMs: 60_000 } }, quietLog);
    const store = storeBatch();
    let wrote = false;
    await first.start(async (batch) => {
      await store(batch);
      wrote = true;
      throw new Error('crash after the write, before the commit');
    });
    while (!wrote) await new Promise((resolve) => setTimeout(resolve, 100));
    await first.stop();
    const writtenBeforeTheCrash = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM seen')).rows[0]!.n);

    const second = new BatchConsumer(kafka, { groupId, topics: [topic] }, quietLog);
    await second.start(storeBatch());
    const redelivered = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM seen WHERE copies > 1')).rows[0]!.n);
    const start = Date.now();
    while ((await redelivered()) < writtenBeforeTheCrash && Date.now() - start < 60_000) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await waitForRows(1_000)).toBe(1_000);
    await second.stop();
    // Everything the first consumer wrote but never committed came again, and nothing else twice.
    expect(writtenBeforeTheCrash).toBeGreaterThan(0);
    expect(await redelivered()).toBe(writtenBeforeTheCrash);
  });
});
