import { Kafka } from 'kafkajs';
import { loadConfig } from '@frictionlens/config';
import { ServicePublisher } from './service-publisher.js';
import type { Runtime } from './runtime.js';

const aRuntime = (env: Record<string, string>, kafka?: Kafka): Runtime => ({
  service: 'test',
  config: loadConfig(env),
  databaseUrl: 'postgres://unused',
  databaseEmbedded: false,
  consumesKafka: false,
  ...(kafka && { kafka }),
});

describe('ServicePublisher', () => {
  it('names topics with the deployment prefix', () => {
    const sut = new ServicePublisher(aRuntime({ KAFKA_TOPIC_PREFIX: 'staging.' }), 'Test');
    expect(sut.topic('contacts')).toBe('staging.cx.contacts.v1');
    expect(sut.topic('deadLetter')).toBe('staging.cx.deadletter.v1');
  });

  it('without Kafka is not enabled, connects to nothing and refuses a send with the reason', async () => {
    const sut = new ServicePublisher(aRuntime({}), 'Test');
    expect(sut.enabled).toBe(false);
    await expect(sut.connect()).resolves.toBeUndefined();
    await expect(sut.send('cx.deadletter.v1', [{ value: 'x' }])).rejects.toThrow('KAFKA_BROKERS is not set');
    await expect(sut.disconnect()).resolves.toBeUndefined();
  });

  it('with Kafka is enabled before any connection is made', () => {
    const sut = new ServicePublisher(aRuntime({}, new Kafka({ brokers: ['127.0.0.1:1'], retry: { retries: 0 } })), 'Test');
    expect(sut.enabled).toBe(true);
  });
});
