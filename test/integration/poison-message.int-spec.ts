import pg from 'pg';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { topicName } from '@frictionlens/contracts';
import { DeadLetterHeaders } from '@frictionlens/kafka';
import { ContactRepository, type PreparedContact } from '@frictionlens/persistence';
import { startService, type RunningService } from '@frictionlens/platform';
import { ingestService } from '../../apps/ingest/src/ingest.service-definition.js';
import { inboundTopics, ingestGroupId, readTopic, uncommitted, waitFor } from '../factories/ingest-process.js';
import { aTicket } from '../factories/source-events.js';
import { freshDatabase, freshTopicPrefix, testKafka, testKafkaBrokers, type TestDatabase } from '../setup/test-env.js';

// The next poison message nobody has thought of: a valid event the store refuses on its own. The
// test double of the store raises PostgreSQL's own error for one chosen event (the lone surrogate's
// "invalid input syntax for type json", SQLSTATE 22P02) and passes every other batch through.
describe('ingest consuming a batch with a message the store refuses', () => {
  const STUCK_AFTER_MS = 1_500;
  let database: TestDatabase;
  let db: pg.Pool;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let prefix: string;
  let sut: RunningService;
  /** Source ids the store double refuses, with the error it raises for them. */
  const refused = new Map<string, () => Promise<never>>();
  const storeCalls: Array<{ size: number; refused: boolean }> = [];

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    prefix = freshTopicPrefix();
    kafka = testKafka();
    sut = await startService(ingestService, {
      PORT: '0',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_PARTITION_STUCK_AFTER_MS: String(STUCK_AFTER_MS),
      CUSTOMER_HASH_KEY: 'integration-test-key-0123456789',
    });
    const contacts = sut.app.get(ContactRepository);
    const insertBatch = contacts.insertBatch.bind(contacts);
    contacts.insertBatch = async (rows: PreparedContact[]) => {
      const failure = rows.map((row) => refused.get(row.sourceId)).find((f) => f !== undefined);
      storeCalls.push({ size: rows.length, refused: failure !== undefined });
      return failure ? failure() : insertBatch(rows);
    };
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await admin.disconnect();
    await sut.close();
    await db.end();
    await database.drop();
  });

  const stored = async (ids: string[]) => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM contacts WHERE source_id = ANY($1)', [ids])).rows[0]!.n);
  const behind = () => uncommitted(admin, ingestGroupId(prefix), inboundTopics(prefix));
  const health = async () => {
    const response = await fetch(`${sut.url}/health`);
    return { httpStatus: response.status, ...((await response.json()) as { status: string; details: Record<string, { status: string; stuck?: unknown[] }> }) };
  };
  const scrape = async () => (await fetch(`${sut.url}/metrics`)).text();
  const series = (metrics: string, name: string, labels: string) =>
    metrics
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) && line.includes(labels))
      .map((line) => Number(line.slice(line.lastIndexOf(' ') + 1)));

  it('bisects the batch to the one refused message: it is dead-lettered with the error, every other message stored, the offsets committed', async () => {
    const tickets = Array.from({ length: 1_000 }, () => aTicket());
    const poison = String(tickets[517]!.id);
    refused.set(poison, async () => {
      // PostgreSQL's own error for the lone surrogate, raised by the real server.
      await db.query('SELECT $1::jsonb', ['{"note":"\\ud800"}']);
      throw new Error('PostgreSQL accepted a lone surrogate');
    });
    // One partition, one send: the poison sits in the middle of one large batch.
    const [sent] = await producer.send({ topic: topicName('tickets', prefix), messages: tickets.map((t) => ({ key: String(t.id), value: JSON.stringify(t), partition: 0 })) });
    const poisonOffset = String(BigInt(sent!.baseOffset!) + 517n);
    const others = tickets.map((t) => String(t.id)).filter((id) => id !== poison);

    const left = await waitFor(behind, (n) => n === 0, 90_000, 250);
    const deadLetters = await readTopic(kafka, topicName('deadLetter', prefix));
    const header = (name: string) => deadLetters[0]?.headers?.[name]?.toString();
    const metrics = await scrape();

    expect(left).toBe(0);
    expect(await stored(others)).toBe(999);
    expect(await stored([poison])).toBe(0);
    expect(deadLetters).toHaveLength(1);
    expect(header(DeadLetterHeaders.code)).toBe('handler_failed');
    expect(header(DeadLetterHeaders.problem)).toMatch(/invalid input syntax for type json.*SQLSTATE 22P02/);
    expect(header(DeadLetterHeaders.topic)).toBe(topicName('tickets', prefix));
    expect(header(DeadLetterHeaders.partition)).toBe('0');
    expect(header(DeadLetterHeaders.offset)).toBe(poisonOffset);
    // The refused store calls: the whole batch twice, then one half per level of the bisection.
    const refusedCalls = storeCalls.filter((c) => c.refused);
    const largest = Math.max(...refusedCalls.map((c) => c.size));
    expect(refusedCalls.length).toBeLessThanOrEqual(2 + Math.ceil(Math.log2(largest)));
    expect(refusedCalls.at(-1)!.size).toBe(1);
    expect(series(metrics, 'frictionlens_ingest_rejected_total', 'reason="handler_failed"')).toEqual([1]);
    expect((await health()).status).toBe('ok');
  });

  it('shows a partition that cannot commit as degraded on /health, with its lag and time since commit on /metrics, until it moves again', async () => {
    const ticket = aTicket();
    const id = String(ticket.id);
    // An outage only this message meets: retried, never dead-lettered, and the partition stays behind.
    refused.set(id, async () => {
      throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    });
    await producer.send({ topic: topicName('tickets', prefix), messages: [{ key: id, value: JSON.stringify(ticket), partition: 1 }] });
    const stuckPartition = `topic="${topicName('tickets', prefix)}",partition="1"`;

    const degraded = await waitFor(health, (h) => h.status === 'degraded', 30_000, 250);
    const metrics = await scrape();
    refused.delete(id);
    const recovered = await waitFor(health, (h) => h.status === 'ok', 60_000, 250);

    expect(degraded.httpStatus).toBe(200);
    expect(degraded.details['kafka-partitions']).toMatchObject({
      status: 'degraded',
      stuck: [{ group: ingestGroupId(prefix), topic: topicName('tickets', prefix), partition: 1, behind: 1 }],
    });
    expect(series(metrics, 'frictionlens_kafka_partition_seconds_since_commit', stuckPartition)[0]).toBeGreaterThan(STUCK_AFTER_MS / 1_000);
    expect(series(metrics, 'frictionlens_kafka_partition_lag', stuckPartition)).toEqual([1]);
    expect(series(metrics, 'frictionlens_ingest_consumer_lag', stuckPartition)).toEqual([1]);
    expect(recovered.details['kafka-partitions']?.status).toBe('up');
    expect(await stored([id])).toBe(1);
    expect(await behind()).toBe(0);
    expect(series(await scrape(), 'frictionlens_ingest_rejected_total', 'reason="handler_failed"')).toEqual([1]);
  });
});
