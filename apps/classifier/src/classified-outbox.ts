import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Message } from 'kafkajs';
import { topicName, type ContactClassifiedV1 } from '@frictionlens/contracts';
import { KafkaPublisher } from '@frictionlens/kafka';
import { logSinkOf, RUNTIME, type Runtime } from '@frictionlens/platform';

/**
 * Publishes classifications to cx.contacts.classified.v1 (keyed by contact id) and rejected
 * messages to the dead-letter topic, in sends split to fit the topics' record-batch limit
 * (KafkaPublisher). Without Kafka it publishes nothing.
 */
@Injectable()
export class ClassifiedOutbox {
  private readonly publisher?: KafkaPublisher;
  private connected = false;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {
    const { config } = runtime;
    if (runtime.kafka) {
      this.publisher = new KafkaPublisher(runtime.kafka, {
        maxMessageBytes: config.KAFKA_MAX_REQUEST_BYTES,
        deadLetterTopic: topicName('deadLetter', config.KAFKA_TOPIC_PREFIX),
        log: logSinkOf(new Logger(ClassifiedOutbox.name)),
      });
    }
  }

  async publish(classifications: ContactClassifiedV1[]): Promise<void> {
    if (!this.publisher) return;
    await this.send(
      topicName('contactsClassified', this.runtime.config.KAFKA_TOPIC_PREFIX),
      classifications.map((c) => ({ key: c.contactId, value: JSON.stringify(c) })),
    );
  }

  async deadLetter(messages: Message[]): Promise<void> {
    if (!this.publisher) throw new Error('no Kafka publisher: KAFKA_BROKERS is not set');
    await this.send(topicName('deadLetter', this.runtime.config.KAFKA_TOPIC_PREFIX), messages);
  }

  async disconnect(): Promise<void> {
    if (this.connected) await this.publisher?.disconnect();
    this.connected = false;
  }

  private async send(topic: string, messages: Message[]): Promise<void> {
    if (!this.connected) {
      await this.publisher!.connect();
      this.connected = true;
    }
    await this.publisher!.send(topic, messages);
  }
}
