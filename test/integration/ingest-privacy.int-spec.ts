import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { topicName } from '@frictionlens/contracts';
import { DeadLetterHeaders } from '@frictionlens/kafka';
import { ClassificationRepository, createDataSource } from '@frictionlens/persistence';
import { startService, type RunningService } from '@frictionlens/platform';
import { ingestService } from '../../apps/ingest/src/ingest.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { aModelVersion, aTaxonomy } from '../factories/classifications.js';
import { aTicket } from '../factories/source-events.js';
import { freshDatabase, freshTopicPrefix, testKafka, testKafkaBrokers, type TestDatabase } from '../setup/test-env.js';

// Issue #16: personal data in attribute keys, numbers, tags, the order id, the SKU and the source
// id, sent through the real broker into real PostgreSQL, classified so it reaches demand_rollups
// and the BI views; and events PostgreSQL could never store (lone surrogates, huge attributes)
// dead-lettered from Kafka and answered with a 400 over HTTP.
const secrets = {
  keyEmail: 'jane.doe@example.com',
  card: '4111111111111111',
  skuPhone: '+44 20 7946 0958',
  idEmail: 'ticket-for-bob.smith@example.org',
  tagSsn: '123-45-6789',
  orderNino: 'AB123456C',
  ip: '2001:db8::1',
};

describe('ingest: personal data outside the text, on the real broker and database', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let dataSource: DataSource;
  let kafka: Kafka;
  let producer: Producer;
  let watcher: Consumer;
  let prefix: string;
  let sut: RunningService;
  let ingestKey: string;
  const outbound: Record<string, Array<{ value: string; headers: Record<string, string> }>> = {};

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    dataSource = createDataSource(database.url, { logging: ['error'] });
    await dataSource.initialize();
    prefix = freshTopicPrefix();
    kafka = testKafka();
    sut = await startService(ingestService, {
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_TOPIC_PARTITIONS: '1',
      CUSTOMER_HASH_KEY: 'privacy-test-key-0123456789',
    });
    ingestKey = await anApiKey(database.url, ['ingest:write']);
    producer = kafka.producer();
    await producer.connect();
    watcher = kafka.consumer({ groupId: `${prefix}watcher` });
    await watcher.connect();
    await watcher.subscribe({ topics: [topicName('contacts', prefix), topicName('deadLetter', prefix)], fromBeginning: true });
    await watcher.run({
      eachMessage: async ({ topic, message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        (outbound[topic] ??= []).push({ value: message.value?.toString() ?? '', headers });
      },
    });
  });

  afterAll(async () => {
    await watcher?.disconnect();
    await producer?.disconnect();
    await sut?.close();
    await dataSource?.destroy();
    await db.end();
    await database.drop();
  });

  async function until<T>(probe: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
    const start = Date.now();
    for (;;) {
      const value = await probe();
      if (done(value) || Date.now() - start > timeoutMs) return value;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  const expectNoSecret = (texts: string[]) => {
    const compact = (s: string) => s.replace(/[\s-]/g, '');
    for (const text of texts) {
      for (const secret of Object.values(secrets)) {
        expect(text).not.toContain(secret);
        expect(compact(text)).not.toContain(compact(secret));
      }
    }
  };

  it('stores keys, numbers, tags, order id, SKU and source id redacted, and keeps them out of rollups, BI views and cx.contacts.v1', async () => {
    const event = aTicket({
      id: secrets.idEmail,
      productSku: `SKU ${secrets.skuPhone}`,
      orderId: secrets.orderNino,
      tags: ['card', `ssn ${secrets.tagSsn}`],
      extra: { [secrets.keyEmail]: 'yes', lastLogin: { ip: secrets.ip } },
      contactNumber: Number(secrets.card),
    });
    await producer.send({ topic: topicName('tickets', prefix), messages: [{ key: 'privacy-1', value: JSON.stringify(event) }] });

    const stored = await until(
      async () => (await db.query<{ id: string; source_id: string; product_sku: string; attributes: Record<string, unknown>; row: string }>(
        'SELECT id::text, source_id, product_sku, attributes, row_to_json(c)::text AS row FROM contacts c',
      )).rows,
      (rows) => rows.length >= 1,
    );
    expect(stored).toHaveLength(1);
    const contact = stored[0]!;
    expect(contact.source_id).toMatch(/^redacted:[0-9a-f]{64}$/);
    expect(contact.product_sku).toMatch(/^redacted:[0-9a-f]{64}$/);
    expect(contact.attributes).toEqual({
      orderId: '[NATIONAL_INSURANCE]',
      tags: ['card', 'ssn [SSN]'],
      extra: { '[EMAIL]': 'yes', lastLogin: { ip: '[IP_ADDRESS]' } },
      contactNumber: '[CARD]',
    });
    expectNoSecret([contact.row]);

    const published = await until(() => outbound[topicName('contacts', prefix)] ?? [], (m) => m.length >= 1);
    expect(published.length).toBeGreaterThanOrEqual(1);
    expectNoSecret(published.map((m) => m.value));

    // Classified, the contact is counted in demand_rollups and shows in the BI view.
    const taxonomy = await aTaxonomy(db, ['card_arrival']);
    const model = { modelVersionId: await aModelVersion(db, taxonomy), taxonomyVersionId: taxonomy };
    await new ClassificationRepository(dataSource).storeBatch(model, [
      { contactId: contact.id, categoryKey: 'card_arrival', demandType: 'failure', confidence: 0.9, top: [], explanation: {}, sentiment: 0, effortCues: [] },
    ]);
    const rollups = (await db.query<{ product_sku: string; row: string }>('SELECT product_sku, row_to_json(r)::text AS row FROM demand_rollups r')).rows;
    expect(rollups.map((r) => r.product_sku)).toEqual([contact.product_sku]);
    const bi = (await db.query<{ product_sku: string; row: string }>('SELECT product_sku, row_to_json(v)::text AS row FROM bi_failure_demand_daily v')).rows;
    expect(bi.map((r) => r.product_sku)).toEqual([contact.product_sku]);
    expectNoSecret([...rollups.map((r) => r.row), ...bi.map((r) => r.row)]);
  });

  it('dead-letters an event with a lone surrogate or oversized attributes from Kafka, naming the field', async () => {
    const loneSurrogate = JSON.stringify(aTicket({ id: 'privacy-surrogate' })).replace('"description":"', '"description":"\\ud800 ');
    const huge = JSON.stringify(aTicket({ id: 'privacy-huge', blob: 'x'.repeat(400_000) }));
    await producer.send({
      topic: topicName('tickets', prefix),
      messages: [
        { key: 'privacy-2', value: loneSurrogate },
        { key: 'privacy-3', value: huge },
      ],
    });
    const letters = await until(() => outbound[topicName('deadLetter', prefix)] ?? [], (d) => d.length >= 2);
    const reasons = letters.map((l) => [l.headers[DeadLetterHeaders.code], l.headers[DeadLetterHeaders.field]]).sort();
    expect(reasons).toEqual([['attributes_too_large', 'blob'], ['invalid_unicode', 'description']]);
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM contacts WHERE source_id IN ('privacy-surrogate', 'privacy-huge')`);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('answers a lone surrogate over HTTP with a 400 naming the field', async () => {
    const body = JSON.stringify(aTicket({ id: 'privacy-http' })).replace('"subject":"', '"subject":"\\udc00');
    const response = await fetch(`${sut.url}/v1/contacts/ticket`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': ingestKey },
      body,
    });
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { rejections: Array<{ code: string; field?: string }> };
    expect(answer.rejections).toEqual([expect.objectContaining({ index: 0, code: 'invalid_unicode', field: 'subject' })]);
  });
});
