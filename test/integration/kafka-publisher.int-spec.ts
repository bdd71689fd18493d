import type { Admin, Kafka, Message } from 'kafkajs';
import { DeadLetterHeaders, KafkaPublisher, MESSAGE_TOO_LARGE } from '@frictionlens/kafka';
import { readTopic } from '../factories/ingest-process.js';
import { freshTopicPrefix, testKafka } from '../setup/test-env.js';

// The publisher against the real broker's limit: a topic that accepts record batches of at most
// 64 KiB (max.message.bytes), read from the topic's config as the services do.
describe('KafkaPublisher on the real broker', () => {
  const TOPIC_LIMIT = 65_536;
  let kafka: Kafka;
  let admin: Admin;
  let topic: string;
  let deadLetterTopic: string;
  let sut: KafkaPublisher;

  beforeAll(async () => {
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
    const prefix = freshTopicPrefix();
    topic = `${prefix}bounded`;
    deadLetterTopic = `${prefix}deadletter`;
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic, numPartitions: 2, configEntries: [{ name: 'max.message.bytes', value: String(TOPIC_LIMIT) }] },
        { topic: deadLetterTopic, numPartitions: 1 },
      ],
    });
    sut = new KafkaPublisher(kafka, { deadLetterTopic });
    await sut.connect();
  });

  afterAll(async () => {
    await sut.disconnect();
    await admin.deleteTopics({ topics: [topic, deadLetterTopic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('publishes a send 30 times the topic limit, every message once and each partition in order', async () => {
    // 6,000 messages of ~330 bytes: 2 MB, all but a few on one key (one partition).
    const messages: Message[] = Array.from({ length: 6_000 }, (_, i) => ({
      key: i % 100 === 0 ? `other-${i}` : 'one-customer',
      value: JSON.stringify({ seq: i, padding: 'p'.repeat(300) }),
    }));
    await sut.send(topic, messages);

    const read = await readTopic(kafka, topic);
    expect(read).toHaveLength(6_000);
    const seqOf = (m: { value: Buffer | null }) => (JSON.parse(m.value!.toString()) as { seq: number }).seq;
    const oneKey = read.filter((m) => m.key?.toString() === 'one-customer').map(seqOf);
    expect(oneKey).toHaveLength(5_940);
    expect(oneKey).toEqual([...oneKey].sort((a, b) => a - b));
  });

  it('sends a lone message above the limit to the dead-letter topic as a reference and publishes the rest', async () => {
    const before = (await readTopic(kafka, topic)).length;
    await sut.send(topic, [
      { key: 'k', value: 'small-1' },
      { key: 'k', value: 'x'.repeat(100_000) },
      { key: 'k', value: 'small-2' },
    ]);

    const read = await readTopic(kafka, topic);
    expect(read.slice(before).map((m) => m.value?.toString())).toEqual(['small-1', 'small-2']);
    const [reference, ...more] = await readTopic(kafka, deadLetterTopic);
    expect(more).toEqual([]);
    expect(reference!.value).toBeNull();
    const header = (name: string) => reference!.headers?.[name]?.toString();
    expect(header(DeadLetterHeaders.code)).toBe(MESSAGE_TOO_LARGE);
    expect(header(DeadLetterHeaders.valueOmitted)).toBe(MESSAGE_TOO_LARGE);
    expect(header(DeadLetterHeaders.targetTopic)).toBe(topic);
    expect(header(DeadLetterHeaders.valueBytes)).toBe('100000');
  });
});
