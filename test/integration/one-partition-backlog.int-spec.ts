import pg from 'pg';
import type { Admin, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { topicName, Topics, type TopicKey } from '@frictionlens/contracts';
import { DeadLetterHeaders, ensureTopics, MESSAGE_TOO_LARGE } from '@frictionlens/kafka';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { classifierService } from '../../apps/classifier/src/classifier.service-definition.js';
import { ingestService } from '../../apps/ingest/src/ingest.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { aBankingTaxonomy } from '../factories/demo-taxonomy.js';
import { ingestGroupId, inboundTopics, readTopic, storedCount, uncommitted, waitFor } from '../factories/ingest-process.js';
import { aComplaint, aTicket, personalData } from '../factories/source-events.js';
import { freshDatabase, freshTopicPrefix, testKafka, testKafkaBrokers, type TestDatabase } from '../setup/test-env.js';

// Issue #16: one partition's batch held more than the broker's 1 MiB record-batch limit
// (message.max.bytes) once published, so the publish failed on every retry and the partition never
// moved on. Every topic here has one partition, as in the reports, and the backlog is produced
// before the services start, so they read it in the largest batches they fetch.
const COMPLAINTS = 40_000;
const header = (message: KafkaMessage, name: string) => message.headers?.[name]?.toString();
// What the broker answers to a record batch above its limit. The batch consumer's retries (or a
// bisection of the batch) can get past it in the end; bounded publishing never meets it at all.
const BROKER_REFUSED = /larger than the max message size|MESSAGE_TOO_LARGE/;

describe('a backlog on one partition, through ingest, the dead-letter topic and the classifier', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let api: RunningService;
  let ingest: RunningService | undefined;
  let classifier: RunningService | undefined;
  let env: Record<string, string>;
  let prefix: string;
  let validTicketId: string;
  // The services' log lines (both services run in this process and share Nest's logger).
  const serviceLog: string[] = [];
  const logTo = { write: (line: string) => void serviceLog.push(line) };
  const ticketOffsets: Record<'bigA' | 'bigB' | 'huge' | 'personal', string> = { bigA: '', bigB: '', huge: '', personal: '' };

  // Invalid JSON of about 600 KB (it never closes), with an e-mail address near its start.
  const bigInvalidJson = (tag: string) => Buffer.from(`{"id": "${tag}", "text": "mail ${personalData.email} ${'x'.repeat(600_000)}`);

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    prefix = freshTopicPrefix();
    env = {
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      CUSTOMER_HASH_KEY: 'backlog-test-key-0123456789',
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_TOPIC_PARTITIONS: '1',
      CLASSIFIER_CHECK_SECONDS: '0.5',
      CLASSIFIER_ENCODER: 'none',
    };
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(kafka, (Object.keys(Topics) as TopicKey[]).map((key) => ({ topic: topicName(key, prefix), numPartitions: 1 })));
    producer = kafka.producer();
    await producer.connect();

    // 40,000 small complaints (~230 bytes each), in sends the broker accepts. Each from a customer
    // of its own: 40,000 contacts of one customer on one day make the classifier's repeat-contact
    // rollup quadratic, which is not what this test is about.
    for (let sent = 0; sent < COMPLAINTS; sent += 2_000) {
      const messages = Array.from({ length: 2_000 }, (_, i) => aComplaint({ customerId: `cust-${sent + i}` })).map((e) => ({ key: String(e.id), value: JSON.stringify(e) }));
      await producer.send({ topic: topicName('complaints', prefix), acks: -1, messages });
    }
    // On the tickets partition: two ~600 KB invalid-JSON messages with one key, one of 900 KB, an
    // event holding an e-mail address and a card number that is rejected (no createdAt), keyed by
    // the e-mail address, then a valid ticket that must not be held up behind them.
    const tickets = topicName('tickets', prefix);
    const offsetOf = async (message: { key: string; value: Buffer | string }) =>
      (await producer.send({ topic: tickets, acks: -1, messages: [message] }))[0]!.baseOffset!;
    ticketOffsets.bigA = await offsetOf({ key: 'one-sender', value: bigInvalidJson('A') });
    ticketOffsets.bigB = await offsetOf({ key: 'one-sender', value: bigInvalidJson('B') });
    ticketOffsets.huge = await offsetOf({ key: 'one-sender', value: Buffer.from(`{"text": "${'y'.repeat(900_000)}`) });
    const { createdAt: _createdAt, ...undated } = aTicket({ description: `Card ${personalData.card} was charged twice, write to ${personalData.email}` });
    ticketOffsets.personal = await offsetOf({ key: personalData.email, value: JSON.stringify(undated) });
    const valid = aTicket();
    validTicketId = String(valid.id);
    await offsetOf({ key: validTicketId, value: JSON.stringify(valid) });

    // A model for the classifier, trained from the imported taxonomy once the classifier starts.
    api = await startService(apiService, { ...env, KAFKA_BROKERS: '' });
    const adminKey = await anApiKey(database.url, ['admin']);
    const imported = await fetch(`${api.url}/v1/taxonomy/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': adminKey },
      body: JSON.stringify(aBankingTaxonomy({ examplesPerCategory: 10 })),
    });
    expect(imported.status).toBe(201);
    ingest = await startService(ingestService, env, logTo);
  }, 180_000);

  afterAll(async () => {
    await classifier?.close();
    await ingest?.close();
    await api?.close();
    await producer?.disconnect();
    await admin?.disconnect();
    await db.end();
    await database.drop();
  });

  it('stores every complaint of a 40,000-message partition, publishes each to cx.contacts.v1 and commits them', async () => {
    const total = COMPLAINTS + 1; // and the valid ticket
    expect(await waitFor(() => storedCount(db), (n) => n >= total, 90_000, 500)).toBe(total);
    expect(await waitFor(() => uncommitted(admin, ingestGroupId(prefix), inboundTopics(prefix)), (n) => n === 0, 30_000, 500)).toBe(0);

    const published = await readTopic(kafka, topicName('contacts', prefix), 60_000);
    expect(new Set(published.map((m) => m.key!.toString())).size).toBe(total);
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM contacts WHERE source_id = $1', [validTicketId]);
    expect(Number(rows[0]!.n)).toBe(1); // stored although 1.2 MB of dead letters came before it
    expect(serviceLog.filter((line) => BROKER_REFUSED.test(line))).toEqual([]);
  }, 150_000);

  it('dead-letters both 600 KB invalid-JSON messages of one key, redacted, keyed by their coordinates, and a 900 KB one as a reference', async () => {
    const letters = await readTopic(kafka, topicName('deadLetter', prefix));
    const tickets = topicName('tickets', prefix);
    const byOffset = new Map(letters.map((m) => [header(m, DeadLetterHeaders.offset)!, m]));
    expect(letters.every((m) => header(m, DeadLetterHeaders.topic) === tickets)).toBe(true);
    expect([...byOffset.keys()].sort()).toEqual(Object.values(ticketOffsets).sort());

    for (const offset of [ticketOffsets.bigA, ticketOffsets.bigB]) {
      const letter = byOffset.get(offset)!;
      expect(letter.key!.toString()).toBe(`${tickets}:0:${offset}`);
      expect(header(letter, DeadLetterHeaders.code)).toBe('invalid_json');
      expect(header(letter, DeadLetterHeaders.valueBytes)).toBe(String(bigInvalidJson('A').length));
      expect(header(letter, DeadLetterHeaders.sourceKey)).toBe('one-sender');
      const value = letter.value!.toString();
      expect(value.length).toBeGreaterThan(600_000);
      expect(value).toContain('mail [EMAIL] xxx');
      expect(value).not.toContain(personalData.email);
    }
    const huge = byOffset.get(ticketOffsets.huge)!;
    expect(huge.value).toBeNull();
    expect(header(huge, DeadLetterHeaders.valueOmitted)).toBe(MESSAGE_TOO_LARGE);
    expect(header(huge, DeadLetterHeaders.code)).toBe('invalid_json');
    expect(Number(header(huge, DeadLetterHeaders.valueBytes))).toBeGreaterThan(900_000);
  });

  it('dead-letters an event holding an e-mail address and a card number with both redacted, in its key too', async () => {
    const letters = await readTopic(kafka, topicName('deadLetter', prefix));
    const letter = letters.find((m) => header(m, DeadLetterHeaders.offset) === ticketOffsets.personal)!;
    expect(header(letter, DeadLetterHeaders.code)).toBe('missing_field');
    const everything = [letter.key!.toString(), letter.value!.toString(), ...Object.values(letter.headers ?? {}).map(String)].join('\n');
    const compact = (s: string) => s.replace(/[\s-]/g, '');
    for (const secret of [personalData.email, personalData.card]) {
      expect(everything).not.toContain(secret);
      expect(compact(everything)).not.toContain(compact(secret));
    }
    const value = JSON.parse(letter.value!.toString()) as { description: string };
    expect(value.description).toBe('Card [CARD] was charged twice, write to [EMAIL]');
    expect(header(letter, DeadLetterHeaders.sourceKey)).toBe('[EMAIL]');
  });

  it('classifies a backlog of 40,001 contacts on one partition of cx.contacts.v1 and publishes every classification', async () => {
    await ingest?.close();
    ingest = undefined;
    classifier = await startService(classifierService, env, logTo);
    const total = COMPLAINTS + 1;
    const classified = async () => Number((await db.query<{ n: string }>('SELECT count(DISTINCT contact_id) AS n FROM classifications')).rows[0]!.n);
    expect(await waitFor(classified, (n) => n >= total, 120_000, 1_000)).toBe(total);
    const groupId = `${prefix}frictionlens.classifier`;
    expect(await waitFor(() => uncommitted(admin, groupId, [topicName('contacts', prefix)]), (n) => n === 0, 30_000, 500)).toBe(0);

    const published = await readTopic(kafka, topicName('contactsClassified', prefix), 60_000);
    expect(new Set(published.map((m) => m.key!.toString())).size).toBe(total);
    expect(serviceLog.filter((line) => BROKER_REFUSED.test(line))).toEqual([]);
  }, 240_000);
});
