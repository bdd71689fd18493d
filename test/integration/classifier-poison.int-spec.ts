import type { Admin, Kafka, Producer } from 'kafkajs';
import { topicName, type ContactV1 } from '@frictionlens/contracts';
import { DeadLetterHeaders } from '@frictionlens/kafka';
import { startService, type RunningService } from '@frictionlens/platform';
import { ClassificationService } from '../../apps/classifier/src/classification.service.js';
import { classifierService } from '../../apps/classifier/src/classifier.service-definition.js';
import { readTopic, uncommitted, waitFor } from '../factories/ingest-process.js';
import { freshDatabase, freshTopicPrefix, testKafka, testKafkaBrokers, type TestDatabase } from '../setup/test-env.js';

// The classifier's side of a poison message: a contact whose classification the store refuses on
// its own (a test double of the classification service raises a constraint error for one id).
describe('the classifier consuming a batch with a contact it cannot store', () => {
  let database: TestDatabase;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let prefix: string;
  let sut: RunningService;
  const classified = new Set<string>();

  beforeAll(async () => {
    database = await freshDatabase();
    prefix = freshTopicPrefix();
    kafka = testKafka();
    sut = await startService(classifierService, {
      PORT: '0',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      CUSTOMER_HASH_KEY: 'classifier-test-key-0123456789',
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_TOPIC_PARTITIONS: '2',
      CLASSIFIER_ENCODER: 'none',
    });
    const classification = sut.app.get(ClassificationService);
    // As if a model served (with none stored at all the batches would be left to the first model).
    classification.waitsForFirstModel = async () => false;
    classification.classify = async (ids: string[]) => {
      if (ids.includes('77')) {
        throw Object.assign(new Error('insert or update on table "classifications" violates foreign key constraint'), { code: '23503' });
      }
      ids.forEach((id) => classified.add(id));
      return { classified: ids.length, unclassified: 0, missing: 0, embedded: 0 };
    };
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await admin?.disconnect();
    await sut?.close();
    await database.drop();
  });

  const aContactMessage = (contactId: string): ContactV1 => ({
    contactId,
    kind: 'ticket',
    source: 'zendesk',
    sourceId: `T-${contactId}`,
    occurredAt: '2026-11-01T10:00:00Z',
    receivedAt: '2026-11-01T10:00:01Z',
    channel: 'email',
    productSku: null,
    language: null,
    customerHash: null,
  });

  it('dead-letters that contact with the error, classifies the others of its batch and commits', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => String(i + 1));
    const contacts = topicName('contacts', prefix);
    const [sent] = await producer.send({ topic: contacts, messages: ids.map((id) => ({ key: id, value: JSON.stringify(aContactMessage(id)), partition: 0 })) });

    const left = await waitFor(() => uncommitted(admin, `${prefix}frictionlens.classifier`, [contacts]), (n) => n === 0, 60_000, 250);
    const deadLetters = await readTopic(kafka, topicName('deadLetter', prefix));
    const header = (name: string) => deadLetters[0]?.headers?.[name]?.toString();
    const metrics = await (await fetch(`${sut.url}/metrics`)).text();

    expect(left).toBe(0);
    expect([...classified].sort()).toEqual(ids.filter((id) => id !== '77').sort());
    expect(deadLetters).toHaveLength(1);
    expect(header(DeadLetterHeaders.code)).toBe('handler_failed');
    expect(header(DeadLetterHeaders.problem)).toMatch(/violates foreign key constraint \(SQLSTATE 23503\)/);
    expect(header(DeadLetterHeaders.offset)).toBe(String(BigInt(sent!.baseOffset!) + 76n));
    expect(metrics).toMatch(/^frictionlens_classifier_rejected_total\{reason="handler_failed"[^}]*\} 1$/m);
  });
});
