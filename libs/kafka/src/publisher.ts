import type { Kafka, Message, Producer } from 'kafkajs';

/**
 * An idempotent producer that waits for every in-sync replica: callers commit their input
 * offsets only after `send` resolves, so an output is never lost behind a committed input.
 */
export class KafkaPublisher {
  private producer?: Producer;

  constructor(private readonly kafka: Kafka) {}

  async connect(): Promise<void> {
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 5, allowAutoTopicCreation: false });
    await this.producer.connect();
  }

  async send(topic: string, messages: Message[]): Promise<void> {
    if (messages.length === 0) return;
    if (!this.producer) throw new Error('KafkaPublisher.send called before connect');
    await this.producer.send({ topic, acks: -1, messages });
  }

  async disconnect(): Promise<void> {
    await this.producer?.disconnect();
    this.producer = undefined;
  }
}
