import pg from 'pg';
import type { DataSource } from 'typeorm';
import { topicName } from '@frictionlens/contracts';
import { createDataSource } from '@frictionlens/persistence';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { classifierService } from '../../apps/classifier/src/classifier.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { bankingTexts } from '../factories/demo-taxonomy.js';
import { waitFor } from '../factories/ingest-process.js';
import { freshDatabase, freshTopicPrefix, testKafka, testKafkaBrokers, type TestDatabase } from '../setup/test-env.js';
import { aDiscoveryRunner } from '../factories/discovery-runner.js';

// The backlog pass after categories are accepted from discovery, with Kafka: the classifier
// service publishes each reclassified contact to cx.contacts.classified.v1 through the same outbox
// as npm run reclassify, once per contact for the new model, and PostgreSQL holds one standing
// classification per contact. (The path without Kafka, from the import on: cold-start.int-spec.ts.)
const INTENTS = ['card_arrival', 'change_pin', 'terminate_account', 'age_limit', 'apple_pay_or_google_pay', 'exchange_rate'];
const PER_INTENT = 30;
const CONTACTS = INTENTS.length * PER_INTENT;

describe('cold start with Kafka: the backlog reclassified by itself is published', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let dataSource: DataSource;
  let api: RunningService;
  let classifier: RunningService | undefined;
  let adminKey: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    dataSource = createDataSource(database.url, { logging: ['error'] });
    await dataSource.initialize();
    env = {
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      CUSTOMER_HASH_KEY: 'cold-start-kafka-key-0123456789',
      CLASSIFIER_CHECK_SECONDS: '0.5',
      CLASSIFIER_ENCODER: 'none',
      DISCOVERY_ENCODER: 'none',
      DISCOVERY_EMERGING_EVERY: 'off',
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: freshTopicPrefix(),
      KAFKA_TOPIC_PARTITIONS: '2',
    };
    const texts = INTENTS.flatMap((intent) => bankingTexts().filter((t) => t.category === intent).slice(0, PER_INTENT));
    await db.query(
      `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text)
       SELECT 'complaint', 'import', 'K-' || n, '2026-05-04T08:00:00Z'::timestamptz + ((n * 97) % 28) * interval '1 day', 'email', t
       FROM unnest($1::text[]) WITH ORDINALITY AS x(t, n)`,
      [texts.map((t) => t.text)],
    );
    api = await startService(apiService, { ...env, KAFKA_BROKERS: '' });
    adminKey = await anApiKey(database.url, ['admin']);
  });

  afterAll(async () => {
    await classifier?.close();
    await api?.close();
    await dataSource?.destroy();
    await db?.end();
    await database?.drop();
  });

  const call = async <T = Record<string, any>>(method: string, path: string, body?: unknown) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), 'x-api-key': adminKey },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const current = async () => (await db.query<{ id: string; model_version_id: number }>('SELECT contact_id::text AS id, model_version_id FROM classifications WHERE current')).rows;

  it('publishes every contact once with the model that calls for the pass', async () => {
    // Discovery (LSA), and one theme accepted: the classifier without Kafka trains on it and
    // classifies the stored contacts no model has seen.
    const run = (await call<{ id: number }>('POST', '/v1/discoveries', { scope: {}, options: { seed: 7 } })).body;
    expect(await aDiscoveryRunner(dataSource, { progressEveryMs: 5 }).runNext()).toMatchObject({ status: 'done' });
    const themes = (await call<{ themes: Array<{ id: number; size: number }> }>('GET', `/v1/discoveries/${run.id}`)).body.themes.sort((a, b) => b.size - a.size);
    expect((await call('POST', `/v1/discoveries/${run.id}/themes/${themes[0]!.id}/accept`, { key: 'theme_a', demandType: 'failure' })).status).toBe(200);
    classifier = await startService(classifierService, { ...env, KAFKA_BROKERS: '' });
    const first = await waitFor(current, (rows) => rows.length === CONTACTS, 60_000, 250);
    expect(first).toHaveLength(CONTACTS);
    await classifier.close();
    classifier = undefined;

    // Two more themes accepted; the classifier, now with Kafka, trains the next model and
    // reclassifies the backlog by itself.
    expect((await call('POST', `/v1/discoveries/${run.id}/themes/${themes[1]!.id}/accept`, { key: 'theme_b', demandType: 'failure' })).status).toBe(200);
    expect((await call('POST', `/v1/discoveries/${run.id}/themes/${themes[2]!.id}/accept`, { key: 'theme_c', demandType: 'value' })).status).toBe(200);
    classifier = await startService(classifierService, env);
    const model = await waitFor(async () => (await db.query<{ id: number }>('SELECT max(id) AS id FROM model_versions WHERE taxonomy_version_id = 3')).rows[0]!.id, (id) => id !== null, 60_000, 250);
    expect(model).toBeGreaterThan(first[0]!.model_version_id);
    const rows = await waitFor(current, (r) => r.every((c) => c.model_version_id === model), 60_000, 250);
    expect(rows).toHaveLength(CONTACTS);
    expect(rows.every((c) => c.model_version_id === model)).toBe(true);

    const published = await readClassified(topicName('contactsClassified', env.KAFKA_TOPIC_PREFIX), model);
    const forModel = published.filter((m) => m.modelVersion === model);
    expect(new Set(forModel.map((m) => m.contactId))).toEqual(new Set(rows.map((r) => r.id)));
    expect(forModel).toHaveLength(CONTACTS);
    // The first model's classifications were made without Kafka: nothing else is on the topic.
    expect(published).toHaveLength(CONTACTS);
  });

  // Every message on the topic, read until `expected` messages of that model are in and the topic is quiet.
  async function readClassified(topic: string, modelVersion: number): Promise<Array<{ contactId: string; modelVersion: number }>> {
    const consumer = testKafka().consumer({ groupId: `${env.KAFKA_TOPIC_PREFIX}classified-reader` });
    const seen: Array<{ contactId: string; modelVersion: number }> = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const value = JSON.parse(message.value!.toString('utf8')) as { contactId: string; modelVersion: number };
          seen.push({ contactId: value.contactId, modelVersion: value.modelVersion });
        },
      });
      await waitFor(async () => seen.filter((m) => m.modelVersion === modelVersion).length, (n) => n >= CONTACTS, 60_000, 250);
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // a duplicate would land by now
      return seen;
    } finally {
      await consumer.disconnect();
    }
  }
});
