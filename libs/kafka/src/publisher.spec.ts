import type { Kafka, Message } from 'kafkajs';
import { recordBytes, RECORD_BATCH_OVERHEAD_BYTES } from './bounded-batches.js';
import { DeadLetterHeaders, MESSAGE_TOO_LARGE } from './dead-letter.js';
import { KafkaPublisher } from './publisher.js';

interface Sent {
  topic: string;
  messages: Message[];
}

/** A broker that records produce requests and rejects any partition batch above its limit, as Kafka does. */
function aFakeKafka({ maxMessageBytes = 10_000, partitions = 3, describeFails = false } = {}) {
  const sent: Sent[] = [];
  const failNext: unknown[] = [];
  let producers = 0;
  const kafka = {
    producer: () => {
      producers++;
      return {
        connect: async () => undefined,
        disconnect: async () => undefined,
        send: async ({ topic, messages }: Sent) => {
          if (failNext.length) throw failNext.shift();
          const perPartition = new Map<number, number>();
          for (const m of messages) perPartition.set(m.partition ?? -1, (perPartition.get(m.partition ?? -1) ?? 0) + recordBytes(m));
          if ([...perPartition.values()].some((bytes) => bytes + 61 > maxMessageBytes)) {
            throw Object.assign(new Error('The request included a message larger than the max message size the server will accept'), { type: 'MESSAGE_TOO_LARGE' });
          }
          sent.push({ topic, messages });
        },
      };
    },
    admin: () => ({
      connect: async () => undefined,
      disconnect: async () => undefined,
      fetchTopicMetadata: async ({ topics }: { topics: string[] }) => ({
        topics: topics.map((name) => ({ name, partitions: Array.from({ length: partitions }, (_, partitionId) => ({ partitionId })) })),
      }),
      describeCluster: async () => ({ brokers: [{ nodeId: 1 }] }),
      describeConfigs: async ({ resources }: { resources: Array<{ type: number; configNames: string[] }> }) => {
        if (describeFails) throw new Error('CLUSTER_AUTHORIZATION_FAILED');
        return { resources: [{ configEntries: [{ configName: resources[0]!.configNames[0], configValue: String(maxMessageBytes) }] }] };
      },
    }),
  };
  return { kafka: kafka as unknown as Kafka, sent, failNext, producers: () => producers };
}

const contacts = (n: number, valueBytes = 300): Message[] => Array.from({ length: n }, (_, i) => ({ key: String(i + 1), value: 'x'.repeat(valueBytes) }));

describe('KafkaPublisher', () => {
  it('sends a small batch as one request, as before', async () => {
    const broker = aFakeKafka();
    const sut = new KafkaPublisher(broker.kafka);
    await sut.connect();
    const messages = contacts(10);
    await sut.send('cx.contacts.v1', messages);
    expect(broker.sent).toEqual([{ topic: 'cx.contacts.v1', messages }]);
  });

  it('splits a batch too large for the topic into requests the broker accepts, keeping every message', async () => {
    const broker = aFakeKafka({ maxMessageBytes: 10_000 });
    const sut = new KafkaPublisher(broker.kafka);
    await sut.connect();
    await sut.send('cx.contacts.v1', contacts(1_000));
    expect(broker.sent.length).toBeGreaterThan(10);
    expect(broker.sent.flatMap((s) => s.messages.map((m) => Number(m.key)))).toHaveLength(1_000);
    for (let p = 0; p < 3; p++) {
      const keys = broker.sent.flatMap((s) => s.messages.filter((m) => m.partition === p).map((m) => Number(m.key)));
      expect(keys).toEqual([...keys].sort((a, b) => a - b)); // each partition in send order
    }
  });

  it('takes the limit from configuration before the broker', async () => {
    const broker = aFakeKafka({ maxMessageBytes: 1_000_000 });
    const sut = new KafkaPublisher(broker.kafka, { maxMessageBytes: 5_000 });
    await sut.connect();
    await sut.send('cx.contacts.v1', contacts(100));
    for (const { messages } of broker.sent) {
      for (let p = 0; p < 3; p++) {
        const bytes = messages.filter((m) => m.partition === p).reduce((n, m) => n + recordBytes(m), 0);
        expect(bytes).toBeLessThanOrEqual(5_000 - RECORD_BATCH_OVERHEAD_BYTES);
      }
    }
  });

  it('falls back to 1 MiB when the broker will not tell its limit', async () => {
    const broker = aFakeKafka({ maxMessageBytes: 4 * 1024 * 1024, describeFails: true, partitions: 1 });
    const sut = new KafkaPublisher(broker.kafka);
    await sut.connect();
    await sut.send('cx.contacts.v1', contacts(6_000)); // 2 MB
    expect(broker.sent.length).toBeGreaterThan(1);
    for (const { messages } of broker.sent) expect(messages.reduce((n, m) => n + recordBytes(m), 0)).toBeLessThanOrEqual(1_048_576);
  });

  it('sends a lone message too large for the topic to the dead-letter topic as a reference, and the rest on', async () => {
    const broker = aFakeKafka({ maxMessageBytes: 10_000 });
    const sut = new KafkaPublisher(broker.kafka, { deadLetterTopic: 'cx.deadletter.v1' });
    await sut.connect();
    const messages = [...contacts(3), { key: '99', value: 'y'.repeat(20_000) }, ...contacts(3)];
    await sut.send('cx.contacts.v1', messages);
    const [reference, ...rest] = broker.sent;
    expect(reference!.topic).toBe('cx.deadletter.v1');
    expect(reference!.messages).toHaveLength(1);
    expect(reference!.messages[0]).toMatchObject({
      key: '99',
      value: null,
      headers: { [DeadLetterHeaders.code]: MESSAGE_TOO_LARGE, [DeadLetterHeaders.targetTopic]: 'cx.contacts.v1', [DeadLetterHeaders.valueBytes]: '20000' },
    });
    expect(rest.flatMap((s) => s.messages)).toHaveLength(6);
    expect(rest.every((s) => s.topic === 'cx.contacts.v1')).toBe(true);
  });

  it('refuses to drop a message too large when there is no dead-letter topic', async () => {
    const broker = aFakeKafka({ maxMessageBytes: 10_000 });
    const sut = new KafkaPublisher(broker.kafka);
    await sut.connect();
    await expect(sut.send('cx.contacts.v1', [{ key: '1', value: 'y'.repeat(20_000) }])).rejects.toThrow(/no dead-letter topic/);
    expect(broker.sent).toEqual([]);
  });

  it('throws the producer away after a failed request and connects a fresh one for the retry', async () => {
    const broker = aFakeKafka();
    const sut = new KafkaPublisher(broker.kafka);
    await sut.connect();
    broker.failNext.push(new Error('OUT_OF_ORDER_SEQUENCE_NUMBER'));
    await expect(sut.send('cx.contacts.v1', contacts(1))).rejects.toThrow('OUT_OF_ORDER');
    await sut.send('cx.contacts.v1', contacts(1));
    expect(broker.producers()).toBe(2);
    expect(broker.sent).toHaveLength(1);
  });
});
