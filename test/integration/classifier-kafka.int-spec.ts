import pg from 'pg';
import type { Producer } from 'kafkajs';
import { topicName } from '@frictionlens/contracts';
import { DeadLetterHeaders } from '@frictionlens/kafka';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { classifierService } from '../../apps/classifier/src/classifier.service-definition.js';
import { ingestService } from '../../apps/ingest/src/ingest.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { aBankingTaxonomy } from '../factories/demo-taxonomy.js';
import { waitFor } from '../factories/ingest-process.js';
import { aTicket } from '../factories/source-events.js';
import { freshDatabase, freshTopicPrefix, testKafka, testKafkaBrokers, type TestDatabase } from '../setup/test-env.js';

// Contacts go in through the ingest service, reach the classifier over the real broker and end
// up classified in PostgreSQL: once each, whatever is re-delivered, across a restart.
const clearCases: Array<[string, string]> = [
  ['My new card still has not arrived, it has been two weeks now', 'card_arrival'],
  ['The ATM swallowed my card and did not give it back', 'card_swallowed'],
  ['How can I change my PIN?', 'change_pin'],
  ['Someone stole my card, please block it', 'lost_or_stolen_card'],
];
const gibberish = 'qwxz blorf zzkk vvvp';

describe('the classifier on the real broker and database', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let api: RunningService;
  let ingest: RunningService;
  let classifier: RunningService;
  let producer: Producer;
  let ingestKey: string;
  let env: Record<string, string>;
  const kafka = testKafka();

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    env = {
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      CUSTOMER_HASH_KEY: 'classifier-test-key-0123456789',
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: freshTopicPrefix(),
      KAFKA_TOPIC_PARTITIONS: '2',
      CLASSIFIER_CHECK_SECONDS: '0.5',
      // The TF-IDF model: these tests are about delivery and retraining, not the encoder (classifier-encoder.int-spec.ts).
      CLASSIFIER_ENCODER: 'none',
    };
    api = await startService(apiService, { ...env, KAFKA_BROKERS: '' });
    const adminKey = await anApiKey(database.url, ['admin']);
    ingestKey = await anApiKey(database.url, ['ingest:write']);
    const imported = await fetch(`${api.url}/v1/taxonomy/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': adminKey },
      body: JSON.stringify(aBankingTaxonomy({ examplesPerCategory: 30 })),
    });
    expect(imported.status).toBe(201);
    ingest = await startService(ingestService, env);
    classifier = await startService(classifierService, env);
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await classifier?.close();
    await ingest?.close();
    await api?.close();
    await db.end();
    await database.drop();
  });

  const postTickets = async (texts: string[]) => {
    const events = texts.map((text) => aTicket({ subject: undefined, description: text }));
    const response = await fetch(`${ingest.url}/v1/contacts/ticket`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': ingestKey },
      body: JSON.stringify(events),
    });
    expect(response.status).toBe(200);
    return events.map((e) => String(e.id));
  };
  const categoriesBySourceId = async () => {
    const { rows } = await db.query<{ source_id: string; category_key: string; demand_type: string | null }>(
      'SELECT c.source_id, x.category_key, x.demand_type FROM classifications x JOIN contacts c ON c.id = x.contact_id WHERE x.current',
    );
    return new Map(rows.map((r) => [r.source_id, r]));
  };
  const counts = async () => {
    const { rows } = await db.query<{ rows: string; contacts: string; classified: string; models: string }>(
      `SELECT (SELECT count(*) FROM classifications) AS rows, (SELECT count(*) FROM contacts) AS contacts,
              (SELECT count(DISTINCT contact_id) FROM classifications) AS classified, (SELECT count(DISTINCT model_version_id) FROM classifications) AS models`,
    );
    return { rows: Number(rows[0]!.rows), contacts: Number(rows[0]!.contacts), classified: Number(rows[0]!.classified), models: Number(rows[0]!.models) };
  };

  it('gives clear cases their category and demand type, and gibberish `unclassified`', async () => {
    const ids = await postTickets([...clearCases.map(([text]) => text), gibberish]);
    const seen = await waitFor(categoriesBySourceId, (m) => ids.every((id) => m.has(id)), 60_000, 250);
    expect(ids.slice(0, clearCases.length).map((id) => seen.get(id)?.category_key)).toEqual(clearCases.map(([, category]) => category));
    expect(seen.get(ids[0]!)?.demand_type).toBe('failure');
    expect(seen.get(ids.at(-1)!)).toMatchObject({ category_key: 'unclassified', demand_type: null });
  });

  it('stores one classification per contact after re-deliveries and a restart, and dead-letters what it cannot read', async () => {
    const { rows: stored } = await db.query<{ id: string; kind: string; source: string; source_id: string; occurred_at: Date; received_at: Date }>(
      'SELECT id, kind, source, source_id, occurred_at, received_at FROM contacts',
    );
    const contactsTopic = topicName('contacts', env.KAFKA_TOPIC_PREFIX);
    const redeliveries = stored.map((c) => ({
      key: String(c.id),
      value: JSON.stringify({
        contactId: String(c.id), kind: c.kind, source: c.source, sourceId: c.source_id, occurredAt: c.occurred_at.toISOString(),
        receivedAt: c.received_at.toISOString(), channel: 'email', productSku: null, language: null, customerHash: null,
      }),
    }));
    await producer.send({ topic: contactsTopic, messages: [...redeliveries, { key: 'bad', value: '{"contactId": 42' }, ...redeliveries] });

    await classifier.close();
    classifier = await startService(classifierService, env);
    const more = await postTickets(['Can you tell me how to change my PIN number?', 'my card has still not been delivered']);
    await producer.send({ topic: contactsTopic, messages: redeliveries });

    const total = stored.length + more.length;
    const settled = await waitFor(counts, (c) => c.classified === total, 60_000, 250);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // let any late re-delivery land
    expect(await counts()).toEqual({ ...settled, rows: total, contacts: total, classified: total, models: 1 });

    const deadLetters = await readDeadLetters(topicName('deadLetter', env.KAFKA_TOPIC_PREFIX));
    expect(deadLetters).toContainEqual({ code: 'invalid_json', sourceTopic: contactsTopic });
  });

  async function readDeadLetters(topic: string): Promise<Array<{ code: string; sourceTopic: string }>> {
    const consumer = kafka.consumer({ groupId: `${env.KAFKA_TOPIC_PREFIX}dlq-reader` });
    const seen: Array<{ code: string; sourceTopic: string }> = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push({ code: String(message.headers?.[DeadLetterHeaders.code]), sourceTopic: String(message.headers?.[DeadLetterHeaders.topic]) });
      },
    });
    await waitFor(async () => seen.length, (n) => n > 0, 20_000, 200);
    await consumer.disconnect();
    return seen;
  }
});
