import type { IHeaders, Message } from 'kafkajs';
import type { ConsumedMessage } from './batch-consumer.js';
import { redactedText, redactedValue } from './dead-letter-redaction.js';

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
  /** The source message's key, redacted (the dead letter's own key is its source coordinates). */
  sourceKey: 'x-frictionlens-source-key',
  /** Bytes of the source message's value, before redaction. */
  valueBytes: 'x-frictionlens-source-value-bytes',
  /** Set when the value was left out (`message_too_large`): read it from the source coordinates. */
  valueOmitted: 'x-frictionlens-value-omitted',
  /** The topic a message that could not be published was meant for. */
  targetTopic: 'x-frictionlens-target-topic',
} as const;

/** Reason code of a message no record batch of its topic can hold. */
export const MESSAGE_TOO_LARGE = 'message_too_large';

/**
 * Values larger than this are dead-lettered as a reference (coordinates, size, reason) without
 * their body: redacting them costs much, and the dead letter must stay well within the dead-letter
 * topic's 1 MiB `max.message.bytes`. The source topic keeps the body for a replay.
 */
export const DEAD_LETTER_MAX_VALUE_BYTES = 768 * 1024;

export interface DeadLetterOptions {
  maxValueBytes?: number;
}

/** `<topic>:<partition>:<offset>`: the dead letter's key, by which consumers of the topic deduplicate. */
export function deadLetterKey(topic: string, partition: number, offset: string): string {
  return `${topic}:${partition}:${offset}`;
}

/**
 * The dead-letter record for a rejected message: keyed by its source coordinates (the same on
 * every re-delivery), its value and key redacted, its headers saying why it was rejected and where
 * it came from, so it can be found, fixed and replayed from the source topic.
 */
export function deadLetterMessage(message: ConsumedMessage, reason: DeadLetterReason, rejectedAt: Date, options: DeadLetterOptions = {}): Message {
  const valueBytes = message.value?.length ?? 0;
  const omitted = valueBytes > (options.maxValueBytes ?? DEAD_LETTER_MAX_VALUE_BYTES);
  const headers: IHeaders = {
    ...redactedHeaders(message.headers),
    [DeadLetterHeaders.code]: reason.code,
    [DeadLetterHeaders.problem]: reason.problem,
    [DeadLetterHeaders.topic]: message.topic,
    [DeadLetterHeaders.partition]: String(message.partition),
    [DeadLetterHeaders.offset]: message.offset,
    [DeadLetterHeaders.rejectedAt]: rejectedAt.toISOString(),
    [DeadLetterHeaders.valueBytes]: String(valueBytes),
  };
  if (reason.field) headers[DeadLetterHeaders.field] = reason.field;
  if (message.key) headers[DeadLetterHeaders.sourceKey] = redactedText(message.key);
  if (omitted) headers[DeadLetterHeaders.valueOmitted] = MESSAGE_TOO_LARGE;
  const value = message.value === null || omitted ? null : redactedValue(message.value);
  return { key: deadLetterKey(message.topic, message.partition, message.offset), value, headers };
}

/**
 * What goes to the dead-letter topic instead of a message too large for any record batch of
 * `topic`: where it came from, its size and why, without its value (or any header but ours). A dead
 * letter keeps its key (its source coordinates), reason and coordinates; another message gets
 * `message_too_large` and its key redacted.
 */
export function tooLargeReference(message: Message, topic: string, bytes: number, maxBatchBytes: number, rejectedAt: Date): Message {
  const ours = new Set<string>(Object.values(DeadLetterHeaders));
  const headers: IHeaders = {};
  for (const name in message.headers) if (ours.has(name)) headers[name] = message.headers[name];
  const isDeadLetter = headers[DeadLetterHeaders.topic] !== undefined;
  if (!isDeadLetter) {
    headers[DeadLetterHeaders.code] = MESSAGE_TOO_LARGE;
    headers[DeadLetterHeaders.problem] = `the message takes ${bytes} bytes, more than the ${maxBatchBytes} a record batch of ${topic} may hold`;
    headers[DeadLetterHeaders.valueBytes] = String(message.value?.length ?? 0);
    headers[DeadLetterHeaders.rejectedAt] = rejectedAt.toISOString();
  }
  headers[DeadLetterHeaders.valueOmitted] = MESSAGE_TOO_LARGE;
  headers[DeadLetterHeaders.targetTopic] = topic;
  const key = message.key === null || message.key === undefined || isDeadLetter ? (message.key ?? null) : redactedText(message.key);
  return { key, value: null, headers };
}

function redactedHeaders(headers: IHeaders): IHeaders {
  const result: IHeaders = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    result[name] = Array.isArray(value) ? value.map(redactedHeader) : redactedHeader(value);
  }
  return result;
}

// A header that redaction leaves alone keeps its bytes (it may not be text).
function redactedHeader(value: Buffer | string): Buffer | string {
  const text = typeof value === 'string' ? value : value.toString('utf8');
  const redacted = redactedText(text);
  return redacted === text ? value : redacted;
}
