import type { Message } from 'kafkajs';
import type { ConsumedMessage } from './batch-consumer.js';
import { deadLetterMessage, type DeadLetterReason } from './dead-letter.js';
import { redactedText } from './dead-letter-redaction.js';

// What kind of failure a batch handler's error is: an outage, which passes by itself and must
// never cost a message, or a message the store cannot take (see BatchConsumer.handleWithRetry).

// Errors of an outage rather than of a message: retried as they are, never bisected and never a
// reason to dead-letter. PostgreSQL SQLSTATE classes 08 connection, 40 transaction rollback
// (deadlock, serialization), 53 insufficient resources, 57 operator intervention (shutdown,
// cancel), 58 system error; the network's errno codes; kafkajs's retriable errors and those it
// raises when a broker stays away. Classes 22 (data exception) and 23 (constraint) are not here:
// those are a message's own fault.
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '40', '53', '57', '58']);
const TRANSIENT_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);
const KAFKAJS_OUTAGE = new Set([
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSTimeout',
  'KafkaJSLockTimeout',
]);
// What node-postgres and its pool say, without a code, when the server or the network goes away.
const CONNECTION_LOST = /connection terminated|timeout exceeded when trying to connect|not queryable|cannot use a pool after calling end|terminating connection|connection error/i;

/**
 * Whether an error (or one it wraps: `cause`, TypeORM's `driverError`, kafkajs's `originalError`)
 * is known to be an outage, which passes by itself, rather than a message the store cannot take.
 */
export function isTransientFailure(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  if ((error as { name?: unknown }).name === 'BatchStalledError') return true; // a hung attempt: the watchdog's business
  const e = error as { code?: unknown; name?: unknown; message?: unknown; retriable?: unknown; cause?: unknown; driverError?: unknown; originalError?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (/^[0-9A-Z]{5}$/.test(code) && TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2))) return true;
  if (TRANSIENT_ERRNO.has(code)) return true;
  if (typeof e.name === 'string' && e.name.startsWith('KafkaJS') && (e.retriable === true || KAFKAJS_OUTAGE.has(e.name))) return true;
  if (typeof e.message === 'string' && CONNECTION_LOST.test(e.message)) return true;
  return [e.cause, e.driverError, e.originalError].some((inner) => inner !== error && isTransientFailure(inner, depth + 1));
}

/** Longest error text a dead letter carries: a driver's message can run long. */
const MAX_PROBLEM_CHARS = 500;

/**
 * Why a message that failed on its own was dead-lettered: code `handler_failed`, the handler's
 * error as the problem (redacted, with the SQLSTATE when PostgreSQL gave one).
 */
export function handlerFailure(error: unknown): DeadLetterReason {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; driverError?: { code?: unknown } };
  const code = [e.code, e.driverError?.code].find((c): c is string => typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c));
  // A driver's message may quote the value it choked on: personal data is redacted as in the body.
  const text = `${redactedText(errorText(error))}${code ? ` (SQLSTATE ${code})` : ''}`;
  return { code: 'handler_failed', problem: text.length > MAX_PROBLEM_CHARS ? `${text.slice(0, MAX_PROBLEM_CHARS - 1)}…` : text };
}

export const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * `BatchConsumerOptions.deadLetter` for a service: the message that fails on its own goes to the
 * dead-letter topic (through `send`) with the handler's error as its reason, then `counted` hears of it.
 */
export function deadLetterOnFailure(
  send: (messages: Message[]) => Promise<void>,
  counted: (message: ConsumedMessage) => void = () => undefined,
): (message: ConsumedMessage, error: unknown) => Promise<void> {
  return async (message, error) => {
    await send([deadLetterMessage(message, handlerFailure(error), new Date())]);
    counted(message);
  };
}
