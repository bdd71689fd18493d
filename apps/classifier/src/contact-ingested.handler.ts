import { ContactV1 } from '@frictionlens/contracts';
import { deadLetterMessage, type ConsumedBatch, type ConsumedMessage, type DeadLetterReason } from '@frictionlens/kafka';
import type { Message } from 'kafkajs';
import type { ClassificationService, ClassifyOutcome } from './classification.service.js';

export interface ClassifyBatchOutcome extends ClassifyOutcome {
  rejected: number;
  /** Contacts left unclassified in PostgreSQL because no model exists yet: the first one classifies them. */
  awaitingFirstModel: number;
}

/**
 * Contacts classified between two heartbeats. A backlog's batch holds ten thousand contacts or
 * more; classified in one go (the encoder embeds each text) it outlasts the group's session timeout
 * on a busy machine, the group takes the partition away and the whole batch is done again.
 */
export const CLASSIFY_SLICE = 512;

/**
 * Turns one partition's batch of stored-contact messages into classifications. A message that is
 * not a valid cx.contacts.v1 record goes to the dead-letter topic with its reason; a database or
 * broker failure throws, so the batch is retried and its offsets stay uncommitted. Before any
 * model exists the batch is done without classifying: its contacts are stored, and the first
 * model classifies them from PostgreSQL (ClassificationService.waitsForFirstModel).
 */
export class ContactIngestedHandler {
  constructor(
    private readonly classification: ClassificationService,
    private readonly sendDeadLetters: (messages: Message[]) => Promise<void>,
    private readonly onRejected: (reason: string) => void = () => undefined,
  ) {}

  async handle(batch: ConsumedBatch): Promise<ClassifyBatchOutcome> {
    const ids: string[] = [];
    const rejected: Array<{ message: ConsumedMessage; reason: DeadLetterReason }> = [];
    for (const message of batch.messages) {
      const parsed = parseContactMessage(message.value);
      if ('contactId' in parsed) ids.push(parsed.contactId);
      else rejected.push({ message, reason: parsed });
    }
    const unique = [...new Set(ids)];
    const outcome: ClassifyOutcome = { classified: 0, unclassified: 0, missing: 0, embedded: 0 };
    const awaitingFirstModel = unique.length > 0 && (await this.classification.waitsForFirstModel()) ? unique.length : 0;
    for (let start = 0; awaitingFirstModel === 0 && start < unique.length; start += CLASSIFY_SLICE) {
      const slice = await this.classification.classify(unique.slice(start, start + CLASSIFY_SLICE));
      outcome.classified += slice.classified;
      outcome.unclassified += slice.unclassified;
      outcome.missing += slice.missing;
      outcome.embedded += slice.embedded;
      await batch.heartbeat();
    }
    const now = new Date();
    await this.sendDeadLetters(rejected.map(({ message, reason }) => deadLetterMessage(message, reason, now)));
    for (const { reason } of rejected) this.onRejected(reason.code);
    return { ...outcome, rejected: rejected.length, awaitingFirstModel };
  }
}

/** The contact a cx.contacts.v1 message names, or why it cannot be read. */
export function parseContactMessage(value: Buffer | null): { contactId: string } | DeadLetterReason {
  if (!value || value.length === 0) return { code: 'empty_message', problem: 'the message has no value' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    return { code: 'invalid_json', problem: 'the message value is not valid JSON' };
  }
  const result = ContactV1.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return { code: 'invalid_contact', problem: issue.message, field: issue.path.join('.') || undefined };
  }
  if (!/^[1-9]\d{0,18}$/.test(result.data.contactId)) return { code: 'invalid_contact', problem: 'must be a positive integer id', field: 'contactId' };
  return { contactId: result.data.contactId };
}
