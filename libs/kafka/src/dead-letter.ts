import type { IHeaders, Message } from 'kafkajs';
import type { ConsumedMessage } from './batch-consumer.js';

export interface DeadLetterReason {
  /** A stable, machine-readable code, e.g. `invalid_json`, `missing_field`. */
  code: string;
  /** What is wrong, in words a sender can act on. */
  problem: string;
  field?: string;
}

/** Header names on dead-lettered messages; documented in docs/contracts.md. */
export const DeadLetterHeaders = {
  code: 'x-frictionlens-error-code',
  problem: 'x-frictionlens-error-message',
  field: 'x-frictionlens-error-field',
  topic: 'x-frictionlens-source-topic',
  partition: 'x-frictionlens-source-partition',
  offset: 'x-frictionlens-source-offset',
  rejectedAt: 'x-frictionlens-rejected-at',
} as const;

/**
 * The dead-letter record for a rejected message: key, value and headers unchanged, plus headers
 * saying why it was rejected and where it came from, so it can be fixed and replayed.
 */
export function deadLetterMessage(message: ConsumedMessage, reason: DeadLetterReason, rejectedAt: Date): Message {
  const headers: IHeaders = {
    ...message.headers,
    [DeadLetterHeaders.code]: reason.code,
    [DeadLetterHeaders.problem]: reason.problem,
    [DeadLetterHeaders.topic]: message.topic,
    [DeadLetterHeaders.partition]: String(message.partition),
    [DeadLetterHeaders.offset]: message.offset,
    [DeadLetterHeaders.rejectedAt]: rejectedAt.toISOString(),
  };
  if (reason.field) headers[DeadLetterHeaders.field] = reason.field;
  return { key: message.key, value: message.value, headers };
}
