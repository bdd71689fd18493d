import { Inject, Injectable } from '@nestjs/common';
import type { Message } from 'kafkajs';
import type { ContactClassifiedV1 } from '@frictionlens/contracts';
import { RUNTIME, ServicePublisher, type Runtime } from '@frictionlens/platform';

/**
 * Publishes classifications to cx.contacts.classified.v1 (keyed by contact id) and rejected
 * messages to the dead-letter topic. Without Kafka it publishes no classifications (they are in
 * PostgreSQL all the same) and refuses dead letters, which have nowhere else to go.
 */
@Injectable()
export class ClassifiedOutbox {
  private readonly topics: ServicePublisher;

  constructor(@Inject(RUNTIME) runtime: Runtime) {
    this.topics = new ServicePublisher(runtime, ClassifiedOutbox.name);
  }

  async publish(classifications: ContactClassifiedV1[]): Promise<void> {
    if (!this.topics.enabled) return;
    await this.topics.send(
      this.topics.topic('contactsClassified'),
      classifications.map((c) => ({ key: c.contactId, value: JSON.stringify(c) })),
    );
  }

  async deadLetter(messages: Message[]): Promise<void> {
    await this.topics.send(this.topics.topic('deadLetter'), messages);
  }

  async disconnect(): Promise<void> {
    await this.topics.disconnect();
  }
}
