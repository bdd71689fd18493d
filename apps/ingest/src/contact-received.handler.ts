import { InboundTopicKeyByKind, topicName, type ContactKind } from '@frictionlens/contracts';
import { deadLetterMessage, type ConsumedBatch } from '@frictionlens/kafka';
import type { Message } from 'kafkajs';
import type { IngestService } from './ingest.service.js';

export interface IngestBatchOutcome {
  inserted: number;
  duplicates: number;
  rejected: number;
}

/**
 * Turns one partition's batch of source events into stored contacts. Poison messages go to the
 * dead-letter topic (and so count as done); a database or broker failure throws, so the batch
 * is retried and its offsets stay uncommitted.
 */
export class ContactReceivedHandler {
  private readonly kindByTopic: Map<string, ContactKind>;

  constructor(
    private readonly ingest: IngestService,
    private readonly sendDeadLetters: (messages: Message[]) => Promise<void>,
    topicPrefix: string,
  ) {
    this.kindByTopic = new Map(
      Object.entries(InboundTopicKeyByKind).map(([kind, key]) => [topicName(key, topicPrefix), kind as ContactKind]),
    );
  }

  async handle(batch: ConsumedBatch): Promise<IngestBatchOutcome> {
    const kind = this.kindByTopic.get(batch.topic);
    if (!kind) throw new Error(`ingest is subscribed to ${batch.topic}, which carries no contact kind`);
    const result = await this.ingest.ingest(batch.messages.map((m) => ({ kind, bytes: m.value })), 'kafka');
    // A large batch can take a while to store; tell the group this member is alive (kafkajs sends
    // a heartbeat only when one is due).
    await batch.heartbeat();
    const now = new Date();
    await this.sendDeadLetters(
      result.rejected.map(({ index, rejection }) =>
        deadLetterMessage(batch.messages[index]!, { code: rejection.code, problem: rejection.problem, field: rejection.field }, now),
      ),
    );
    return { inserted: result.inserted, duplicates: result.duplicates, rejected: result.rejected.length };
  }
}
