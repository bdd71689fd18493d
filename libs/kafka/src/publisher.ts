import type { Kafka, Message, Producer } from 'kafkajs';
import { keyPartitioner } from './key-partitioner.js';

/**
 * An idempotent producer that waits for every in-sync replica: callers commit their input
 * offsets only after `send` resolves, so an output is never lost behind a committed input.
 *
 * A failed send throws away the producer: kafkajs 2.2.4 cannot resynchronise an idempotent
 * producer's sequence numbers after a broker restart (every later send to the partition fails
 * with OUT_OF_ORDER_SEQUENCE_NUMBER, tulios/kafkajs#598). The next send connects a fresh producer
 * with a new producer id; re-sending is safe because the caller retries its whole uncommitted
 * batch and consumers of our topics deduplicate.
 */
export class KafkaPublisher {
  private producer?: Promise<Producer>;
  private opened = false;

  constructor(private readonly kafka: Kafka) {}

  async connect(): Promise<void> {
    this.opened = true;
    await this.current();
  }

  async send(topic: string, messages: Message[]): Promise<void> {
    if (messages.length === 0) return;
    if (!this.opened) throw new Error('KafkaPublisher.send called before connect');
    const producer = this.current();
    try {
      await (await producer).send({ topic, acks: -1, messages });
    } catch (error) {
      if (this.producer === producer) {
        this.producer = undefined;
        void producer.then((p) => p.disconnect()).catch(() => undefined);
      }
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    this.opened = false;
    const producer = this.producer;
    this.producer = undefined;
    await producer?.then((p) => p.disconnect()).catch(() => undefined);
  }

  // One shared connection attempt, so concurrent sends never open two producers.
  private current(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 5, allowAutoTopicCreation: false, createPartitioner: keyPartitioner });
      const connecting = producer.connect().then(() => producer);
      this.producer = connecting;
      connecting.catch(() => {
        if (this.producer === connecting) this.producer = undefined;
      });
    }
    return this.producer;
  }
}
