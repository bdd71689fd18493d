import pg from 'pg';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { topicName, type ContactV1 } from '@frictionlens/contracts';
import { DeadLetterHeaders } from '@frictionlens/kafka';
import { startService, type RunningService } from '@frictionlens/platform';
import { ingestService } from '../../apps/ingest/src/ingest.service-definition.js';
import { aComplaint, aTicket, aWarrantyClaim, malformedTickets, personalData } from '../factories/source-events.js';
import { freshDatabase, freshTopicPrefix, testKafka, testKafkaBrokers, type TestDatabase } from '../setup/test-env.js';

interface Received {
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

// The ingest service as deployed: source events produced to the real broker, contacts read back
// from real PostgreSQL and from the outbound topics.
describe('ingest service consuming from Kafka', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let kafka: Kafka;
  let producer: Producer;
  let watcher: Consumer;
  let prefix: string;
  let sut: RunningService;
  const outbound: Record<string, Received[]> = {};

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    prefix = freshTopicPrefix();
    kafka = testKafka();
    sut = await startService(ingestService, {
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      CUSTOMER_HASH_KEY: 'integration-test-key-0123456789',
    });
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
    watcher = kafka.consumer({ groupId: `${prefix}watcher` });
    await watcher.connect();
    await watcher.subscribe({ topics: [topicName('contacts', prefix), topicName('deadLetter', prefix)], fromBeginning: true });
    await watcher.run({
      eachMessage: async ({ topic, message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        (outbound[topic] ??= []).push({ key: message.key?.toString() ?? null, value: message.value, headers });
      },
    });
  });

  afterAll(async () => {
    await watcher.disconnect();
    await producer.disconnect();
    await sut.close();
    await db.end();
    await database.drop();
  });

  async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
    const start = Date.now();
    for (;;) {
      const value = await probe();
      if (done(value) || Date.now() - start > timeoutMs) return value;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  const contactCount = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM contacts')).rows[0]!.n);

  it('stores each valid event once, dead-letters every malformed one with its reason, and hands contacts on', async () => {
    const tickets = Array.from({ length: 40 }, () => aTicket());
    const claims = Array.from({ length: 20 }, () => aWarrantyClaim());
    const complaints = Array.from({ length: 20 }, () => aComplaint());
    const malformed = malformedTickets();
    const asMessage = (event: Record<string, unknown>) => ({ key: String(event.id), value: JSON.stringify(event) });
    // Malformed messages sit between valid ones in the same batch, and duplicates are re-sent.
    await producer.send({
      topic: topicName('tickets', prefix),
      messages: [
        ...tickets.slice(0, 20).map(asMessage),
        ...malformed.map((m) => ({ key: 'bad', value: m.value })),
        ...tickets.slice(20).map(asMessage),
        ...tickets.slice(0, 5).map(asMessage),
      ],
    });
    await producer.send({ topic: topicName('warrantyClaims', prefix), messages: [...claims, ...claims.slice(0, 3)].map(asMessage) });
    await producer.send({ topic: topicName('complaints', prefix), messages: complaints.map(asMessage) });

    expect(await until(contactCount, (n) => n >= 80)).toBe(80);
    const deadLetters = await until(async () => outbound[topicName('deadLetter', prefix)] ?? [], (d) => d.length >= malformed.length);
    expect(deadLetters.map((d) => d.headers[DeadLetterHeaders.code]).sort()).toEqual(malformed.map((m) => m.code).sort());
    for (const letter of deadLetters) {
      expect(letter.headers[DeadLetterHeaders.topic]).toBe(topicName('tickets', prefix));
      expect(letter.headers[DeadLetterHeaders.offset]).toMatch(/^\d+$/);
      expect(letter.headers[DeadLetterHeaders.problem]!.length).toBeGreaterThan(5);
      // The rejected message travels redacted, keyed by where it was read, from where it can be replayed.
      expect(letter.key).toBe(`${letter.headers[DeadLetterHeaders.topic]}:${letter.headers[DeadLetterHeaders.partition]}:${letter.headers[DeadLetterHeaders.offset]}`);
      expect(malformed.some((m) => String(m.value.length) === letter.headers[DeadLetterHeaders.valueBytes])).toBe(true);
      expect(letter.value!.toString()).not.toContain(personalData.email);
    }

    const handedOn = await until(async () => outbound[topicName('contacts', prefix)] ?? [], (c) => new Set(c.map((m) => m.key)).size >= 80);
    expect(new Set(handedOn.map((m) => m.key)).size).toBe(80);
    const { rows } = await db.query<{ kind: string; n: string }>('SELECT kind, count(*) AS n FROM contacts GROUP BY kind ORDER BY kind');
    expect(rows.map((r) => [r.kind, Number(r.n)])).toEqual([['complaint', 20], ['ticket', 40], ['warranty_claim', 20]]);
  });

  it('keeps no raw email, phone, card number, IBAN or customer id in any table or outbound message', async () => {
    const raw = Object.values(personalData);
    const compact = (s: string) => s.replace(/[\s-]/g, '');
    const { rows } = await db.query<{ row: string }>('SELECT row_to_json(c)::text AS row FROM contacts c');
    const published = (outbound[topicName('contacts', prefix)] ?? []).map((m) => m.value!.toString());
    expect(rows.length).toBeGreaterThan(0);
    for (const text of [...rows.map((r) => r.row), ...published]) {
      for (const secret of raw) {
        expect(text).not.toContain(secret);
        expect(compact(text)).not.toContain(compact(secret));
      }
    }
    // Outbound messages name the contact; its words stay in PostgreSQL, where erasure reaches them.
    const sample = JSON.parse(published[0]!) as ContactV1;
    expect(sample).not.toHaveProperty('text');
    expect(sample.contactId).toMatch(/^\d+$/);
    expect(rows.some((r) => r.row.includes('[EMAIL]'))).toBe(true);
    expect(rows.some((r) => r.row.includes('[CARD]'))).toBe(true);
    expect(rows.some((r) => r.row.includes('[IBAN]'))).toBe(true);
  });

  it('links repeat contacts by one customer through a keyed hash, not the id', async () => {
    const { rows } = await db.query<{ customer_hash: string; n: string }>(
      `SELECT customer_hash, count(*) AS n FROM contacts WHERE customer_hash IS NOT NULL GROUP BY customer_hash`,
    );
    expect(rows).toHaveLength(1); // every factory ticket and complaint comes from the same customer
    expect(rows[0]!.customer_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(rows[0]!.n)).toBe(60);
  });

  it('exposes consumed, stored, duplicate and rejected counts, batch latency and lag on /metrics', async () => {
    const text = await (await fetch(`${sut.url}/metrics`)).text();
    const value = (pattern: RegExp) => Number(text.match(pattern)?.[1] ?? NaN);
    expect(value(/frictionlens_ingest_stored_total\{[^}]*kind="ticket"[^}]*\} (\d+)/)).toBe(40);
    expect(value(/frictionlens_ingest_duplicates_total\{[^}]*path="kafka"[^}]*\} (\d+)/)).toBe(8);
    expect(value(/frictionlens_ingest_rejected_total\{[^}]*reason="invalid_json"[^}]*\} (\d+)/)).toBe(1);
    expect(text).toMatch(/frictionlens_ingest_batch_seconds_count\{[^}]*\} [1-9]/);
    expect(text).toMatch(/frictionlens_ingest_consumer_lag\{/);
  });
});
