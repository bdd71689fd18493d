import pg from 'pg';
import { topicName } from '@frictionlens/contracts';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { ClassifierConsumerGroup } from '../../apps/classifier/src/classifier.consumer-group.js';
import { classifierService } from '../../apps/classifier/src/classifier.service-definition.js';
import { ingestService } from '../../apps/ingest/src/ingest.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { aBankingTaxonomy } from '../factories/demo-taxonomy.js';
import { waitFor } from '../factories/ingest-process.js';
import { aTicket } from '../factories/source-events.js';
import { freshDatabase, freshTopicPrefix, testKafka, testKafkaBrokers, type TestDatabase } from '../setup/test-env.js';

// A new install with Kafka and no model: the classifier does not hold the contacts' messages on
// the topic (whose retention would drop them if the first taxonomy took a week or more); it
// consumes them, leaves the contacts in PostgreSQL, and the first model classifies them.
const texts = [
  'My new card still has not arrived, it has been two weeks now',
  'How can I change my PIN?',
  'Someone stole my card, please block it',
  'The ATM swallowed my card and did not give it back',
];
const TICKETS = 40;

describe('cold start with Kafka: contacts that come before any model', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let api: RunningService;
  let ingest: RunningService;
  let classifier: RunningService;
  let env: Record<string, string>;
  const kafka = testKafka();

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    env = {
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      CUSTOMER_HASH_KEY: 'cold-start-waiting-key-0123456789',
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: freshTopicPrefix(),
      KAFKA_TOPIC_PARTITIONS: '2',
      CLASSIFIER_CHECK_SECONDS: '0.5',
      CLASSIFIER_ENCODER: 'none',
      DISCOVERY_EMERGING_EVERY: 'off',
    };
    api = await startService(apiService, { ...env, KAFKA_BROKERS: '' });
    ingest = await startService(ingestService, env);
    classifier = await startService(classifierService, env);
  });

  afterAll(async () => {
    await classifier?.close();
    await ingest?.close();
    await api?.close();
    await db?.end();
    await database?.drop();
  });

  const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0]!.n);
  const groupLag = async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const topic = topicName('contacts', env.KAFKA_TOPIC_PREFIX);
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId: `${env.KAFKA_TOPIC_PREFIX}${ClassifierConsumerGroup.id}`, topics: [topic] });
      const at = new Map(committed!.partitions.map((p) => [p.partition, Number(p.offset)]));
      return ends.reduce((lag, end) => lag + Number(end.high) - Math.max(at.get(end.partition) ?? 0, 0), 0);
    } finally {
      await admin.disconnect();
    }
  };
  const health = async () => ((await (await fetch(`${classifier.url}/health`)).json()) as { details: { classifier: { modelVersion: number | null; reason?: string } } }).details.classifier;

  it('consumes their messages at once, and the first model classifies them from PostgreSQL, each published once', async () => {
    const ingestKey = await anApiKey(database.url, ['ingest:write']);
    const events = Array.from({ length: TICKETS }, (_, i) => aTicket({ subject: undefined, description: `${texts[i % texts.length]!} (${i})` }));
    const posted = await fetch(`${ingest.url}/v1/contacts/ticket`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': ingestKey }, body: JSON.stringify(events) });
    expect(posted.status).toBe(200);

    // No model: the batches are done (nothing left on the topic for the group), nothing is classified.
    expect(await waitFor(groupLag, (lag) => lag === 0, 60_000, 500)).toBe(0);
    expect(await count('SELECT count(*) AS n FROM contacts')).toBe(TICKETS);
    expect(await count('SELECT count(*) AS n FROM classifications')).toBe(0);
    expect(await health()).toMatchObject({ modelVersion: null, reason: expect.stringContaining('wait for the first one') });

    // A first taxonomy: model 1 is trained, and it classifies the contacts that waited.
    const adminKey = await anApiKey(database.url, ['admin']);
    const imported = await fetch(`${api.url}/v1/taxonomy/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': adminKey },
      body: JSON.stringify(aBankingTaxonomy({ examplesPerCategory: 30 })),
    });
    expect(imported.status).toBe(201);
    const classified = await waitFor(() => count('SELECT count(*) AS n FROM classifications WHERE current AND model_version_id = 1'), (n) => n === TICKETS, 90_000, 250);
    expect(classified).toBe(TICKETS);
    const { rows } = await db.query<{ category_key: string; n: string }>('SELECT category_key, count(*) AS n FROM classifications GROUP BY 1 ORDER BY 1');
    expect(rows.map((r) => [r.category_key, Number(r.n)])).toEqual([
      ['card_arrival', 10],
      ['card_swallowed', 10],
      ['change_pin', 10],
      ['lost_or_stolen_card', 10],
    ]);

    // Published once each on cx.contacts.classified.v1, as Kafka-borne classifications are.
    const published = await readClassified(topicName('contactsClassified', env.KAFKA_TOPIC_PREFIX));
    expect(published).toHaveLength(TICKETS);
    expect(new Set(published).size).toBe(TICKETS);
  });

  async function readClassified(topic: string): Promise<string[]> {
    const consumer = kafka.consumer({ groupId: `${env.KAFKA_TOPIC_PREFIX}classified-reader` });
    const seen: string[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void seen.push((JSON.parse(message.value!.toString('utf8')) as { contactId: string }).contactId) });
      await waitFor(async () => seen.length, (n) => n >= TICKETS, 60_000, 250);
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // a duplicate would land by now
      return seen;
    } finally {
      await consumer.disconnect();
    }
  }
});
