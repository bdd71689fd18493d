import { Logger } from '@nestjs/common';
import type { Message } from 'kafkajs';
import { topicName, type TopicKey } from '@frictionlens/contracts';
import { KafkaPublisher } from '@frictionlens/kafka';
import { logSinkOf } from './log-sink.js';
import type { Runtime } from './runtime.js';

/**
 * One service's way onto its topics: a KafkaPublisher on the runtime's brokers (sends split to fit
 * the topics' record-batch limit, too-large records to the dead letters), connected on the first
 * send, with the deployment's topic prefix. Without Kafka there is none: `enabled` is false and
 * a send is refused, so each outbox says what publishing nothing means for it.
 */
export class ServicePublisher {
  private readonly publisher?: KafkaPublisher;
  private connected = false;

  constructor(
    private readonly runtime: Runtime,
    owner: string,
  ) {
    const { config } = runtime;
    if (runtime.kafka) {
      this.publisher = new KafkaPublisher(runtime.kafka, {
        maxMessageBytes: config.KAFKA_MAX_REQUEST_BYTES,
        deadLetterTopic: topicName('deadLetter', config.KAFKA_TOPIC_PREFIX),
        log: logSinkOf(new Logger(owner)),
      });
    }
  }

  get enabled(): boolean {
    return this.publisher !== undefined;
  }

  /** The topic's name in this deployment (KAFKA_TOPIC_PREFIX). */
  topic(key: TopicKey): string {
    return topicName(key, this.runtime.config.KAFKA_TOPIC_PREFIX);
  }

  async connect(): Promise<void> {
    if (!this.publisher || this.connected) return;
    await this.publisher.connect();
    this.connected = true;
  }

  async send(topic: string, messages: Message[]): Promise<void> {
    if (!this.publisher) throw new Error('no Kafka publisher: KAFKA_BROKERS is not set');
    await this.connect();
    await this.publisher.send(topic, messages);
  }

  async disconnect(): Promise<void> {
    if (this.connected) await this.publisher?.disconnect();
    this.connected = false;
  }
}
