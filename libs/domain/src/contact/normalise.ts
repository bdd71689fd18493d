import { isUtf8 } from 'node:buffer';
import type { z } from 'zod';
import {
  Channels,
  ComplaintSeverity,
  ComplaintV1,
  InboundTopicKeyByKind,
  TicketV1,
  Topics,
  UnspecifiedSource,
  WarrantyClaimV1,
  type Channel,
  type ContactKind,
} from '@frictionlens/contracts';
import { redact, redactDeep, type RedactionCounts } from '../redaction/redact.js';
import { fastRead } from './fast-read.js';

/** A contact ready to store: normalised, redacted, the customer only as a keyed hash. */
export interface NewContact {
  kind: ContactKind;
  source: string;
  sourceId: string;
  occurredAt: Date;
  channel: Channel | null;
  productSku: string | null;
  text: string;
  language: string | null;
  customerHash: string | null;
  attributes: Record<string, unknown>;
}

/** Why a message can never become a contact. Such a message is a poison message: retrying cannot help. */
export type RejectionCode =
  | 'invalid_utf8'
  | 'invalid_json'
  | 'not_an_object'
  | 'missing_field'
  | 'invalid_field'
  | 'unknown_channel'
  | 'invalid_date'
  | 'future_date'
  | 'empty_text'
  | 'text_too_large';

/**
 * A rejection in words the sender can act on. It never quotes the message's values, since they
 * may hold personal data and rejections travel in dead-letter headers and logs.
 */
export interface Rejection {
  code: RejectionCode;
  /** The offending field as a dotted path (`createdAt`, `tags.2`); absent when the whole message is at fault. */
  field?: string;
  problem: string;
  expected?: string;
}

/** The outcome of `normaliseContact`: a contact with what redaction took out of it, or a rejection. */
export type Normalised =
  | { ok: true; contact: NewContact; redactions: RedactionCounts }
  | { ok: false; rejection: Rejection };

/** What `normaliseContact` needs from its caller; the clock and the hashing key stay outside the domain. */
export interface NormaliseOptions {
  /** The time the message is being processed, for the future-date check. */
  now: Date;
  /** The largest text accepted, in UTF-8 bytes before redaction. */
  maxTextBytes: number;
  /** How far ahead of `now` a `createdAt` may be, allowing for senders' clock skew. */
  maxFutureSkewMs: number;
  /** Turns a customer id into its pseudonym, usually `customerHasher(secret)`. */
  hashCustomer: (customerId: string) => string;
}

/** Limits a caller uses unless it has a reason to choose others: 64 KiB of text, 24 hours of clock skew. */
export const DefaultNormaliseLimits = { maxTextBytes: 65_536, maxFutureSkewMs: 24 * 60 * 60 * 1000 } as const;


/**
 * Turns a Kafka message value into JSON: strict UTF-8 (a bad byte is refused rather than turned
 * into U+FFFD), then `JSON.parse`. An absent or empty value (a tombstone) is `invalid_json`.
 */
export function decodeEvent(bytes: Uint8Array | null): { ok: true; value: unknown } | { ok: false; rejection: Rejection } {
  if (bytes === null || bytes.length === 0) {
    return { ok: false, rejection: { code: 'invalid_json', problem: 'the message value is empty', expected: 'a UTF-8 JSON object' } };
  }
  // Checked first, natively, because decoding alone would turn a bad byte into U+FFFD silently.
  if (!isUtf8(bytes)) {
    return { ok: false, rejection: { code: 'invalid_utf8', problem: 'the message value is not valid UTF-8', expected: 'a UTF-8 JSON object' } };
  }
  const json = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  try {
    return { ok: true, value: JSON.parse(json) as unknown };
  } catch (error) {
    // Only the position is passed on: V8's message quotes the text around it.
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    const where = position === undefined ? '' : ` (at character ${position})`;
    return { ok: false, rejection: { code: 'invalid_json', problem: `the message value is not valid JSON${where}`, expected: 'a UTF-8 JSON object' } };
  }
}

/**
 * Validates one decoded inbound event of the given kind and maps it to a `NewContact`: text
 * trimmed and redacted, dates checked, customer id replaced by its hash, and every other field
 * (kind-specific ones and unknown extras) kept, redacted, in `attributes`. Pure: never throws for
 * bad input, which comes back as a `Rejection`.
 */
export function normaliseContact(kind: ContactKind, event: unknown, options: NormaliseOptions): Normalised {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    const topic = Topics[InboundTopicKeyByKind[kind]];
    return rejected({ code: 'not_an_object', problem: 'the message is not a JSON object', expected: `a JSON object as described for ${topic}` });
  }
  const raw = event as Record<string, unknown>;
  const read = readers[kind](raw);
  if (!read.ok) return rejected(fromIssue(read.issue, raw));
  const fields = read.fields;

  const occurredAt = checkDate('createdAt', fields.createdAt, options.now, options.maxFutureSkewMs);
  if (!(occurredAt instanceof Date)) return rejected(occurredAt);
  for (const [field, value] of Object.entries(fields.otherDates)) {
    const date = checkDate(field, value, options.now, Infinity);
    if (!(date instanceof Date)) return rejected(date);
  }

  const text = textOf(fields, options);
  if (typeof text !== 'string') return rejected(text);
  const unsafe = attributesOf(raw, fields);
  if (!unsafe.ok) return unsafe;

  const redactedText = redact(storable(text));
  const attributes = redactDeep(withoutNul(unsafe.attributes) as Record<string, unknown>);
  const customerId = present(fields.customerId);
  return {
    ok: true,
    contact: {
      kind,
      // The source is part of the idempotency key, so "Zendesk" and "zendesk" must be one system.
      source: storable(present(fields.source))?.toLowerCase() ?? UnspecifiedSource,
      sourceId: storable(fields.id),
      occurredAt,
      channel: fields.channel ?? null,
      productSku: storable(present(fields.productSku)),
      text: redactedText.text,
      language: canonicalLanguage(present(fields.language)),
      customerHash: customerId === null ? null : options.hashCustomer(customerId),
      attributes: attributes.value,
    },
    redactions: sumCounts(redactedText.counts, attributes.counts),
  };
}

function textOf(fields: InboundFields, options: NormaliseOptions): string | Rejection {
  const text = fields.text.trim();
  if (text === '') return { code: 'empty_text', field: fields.textField, problem: 'holds no text', expected: "the customer's words" };
  // Measured before redaction, so the limit bounds the redaction work too. A UTF-16 code unit is
  // at most 3 bytes of UTF-8, so most texts need no byte count.
  if (text.length * 3 > options.maxTextBytes && Buffer.byteLength(text, 'utf8') > options.maxTextBytes) {
    const limit = `${options.maxTextBytes} bytes of UTF-8`;
    return { code: 'text_too_large', field: fields.textField, problem: `is longer than ${limit}`, expected: `at most ${limit}` };
  }
  return text;
}

// Kind-specific fields first, then every field the contract does not name, still unredacted.
function attributesOf(
  raw: Record<string, unknown>,
  fields: InboundFields,
): { ok: true; attributes: Record<string, unknown> } | { ok: false; rejection: Rejection } {
  const attributes: Record<string, unknown> = {};
  for (const key of Object.keys(fields.attributes)) defineKey(attributes, key, fields.attributes[key]);
  for (const key of Object.keys(raw)) if (!fields.knownKeys.has(key)) defineKey(attributes, key, raw[key]);
  let tooDeep: string | undefined;
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (typeof value === 'object' && value !== null && depthOf(value) > MaxAttributeDepth) {
      tooDeep = key;
      break;
    }
  }
  if (tooDeep === undefined) return { ok: true, attributes };
  const expected = `at most ${MaxAttributeDepth} levels of nested arrays and objects`;
  return rejected({ code: 'invalid_field', field: tooDeep, problem: `nests deeper than ${MaxAttributeDepth} levels`, expected });
}

// What each kind contributes before the checks all kinds share. Optional values may still be
// null or blank here: the contracts accept both as "not given".
interface InboundFields {
  id: string;
  createdAt: string;
  source: string | null | undefined;
  customerId: string | null | undefined;
  channel: Channel | null | undefined;
  productSku: string | null | undefined;
  language: string | null | undefined;
  text: string;
  /** Where the text came from, for rejections. */
  textField: string;
  /** Kind-specific fields that become attributes. */
  attributes: Record<string, unknown>;
  /** Dates other than createdAt, checked like it but allowed in the future. */
  otherDates: Record<string, string>;
  /** Every field the contract names; the rest are extras. */
  knownKeys: ReadonlySet<string>;
}

type Issue = z.core.$ZodIssue;
type Reader = (event: Record<string, unknown>) => { ok: true; fields: InboundFields } | { ok: false; issue: Issue };

function reader<S extends z.ZodObject>(
  schema: S,
  fast: (event: Record<string, unknown>) => Partial<z.output<S>> | undefined,
  toFields: (data: z.output<S>) => Omit<InboundFields, 'knownKeys'>,
): Reader {
  const knownKeys = new Set(Object.keys(schema.shape));
  return (event) => {
    // Most events are well formed: the fast path reads them as zod would, and zod (with its
    // precise issues) runs only when the fast path cannot vouch for the event.
    const quick = fast(event);
    if (quick !== undefined) {
      const fields = toFields(quick as z.output<S>) as InboundFields;
      fields.knownKeys = knownKeys;
      return { ok: true, fields };
    }
    const parsed = schema.safeParse(event);
    // Only the first issue is reported: one clear fix at a time beats a wall of zod messages.
    if (!parsed.success) return { ok: false, issue: parsed.error.issues[0] as Issue };
    return { ok: true, fields: { ...toFields(parsed.data), knownKeys } };
  };
}

const readers: Record<ContactKind, Reader> = {
  // Fields written out rather than spread from a helper: object spread into a literal with more
  // properties takes V8's slow path, a few µs per event.
  ticket: reader(TicketV1, (event) => fastRead('ticket', event), (ticket) => ({
    id: ticket.id,
    createdAt: ticket.createdAt,
    source: ticket.source,
    customerId: ticket.customerId,
    channel: ticket.channel,
    productSku: ticket.productSku,
    language: ticket.language,
    text: joinText(present(ticket.subject), ticket.description.trim()),
    textField: 'description',
    attributes: given({ orderId: ticket.orderId, tags: ticket.tags }),
    otherDates: {},
  })),
  warranty_claim: reader(WarrantyClaimV1, (event) => fastRead('warranty_claim', event), (claim) => ({
    id: claim.id,
    createdAt: claim.createdAt,
    source: claim.source,
    customerId: claim.customerId,
    channel: claim.channel,
    productSku: claim.productSku,
    language: null,
    text: claim.failureDescription,
    textField: 'failureDescription',
    attributes: given({ serialNumber: claim.serialNumber, purchaseDate: claim.purchaseDate, dealerId: claim.dealerId }),
    otherDates: given({ purchaseDate: claim.purchaseDate }) as Record<string, string>,
  })),
  complaint: reader(ComplaintV1, (event) => fastRead('complaint', event), (complaint) => ({
    id: complaint.id,
    createdAt: complaint.createdAt,
    source: complaint.source,
    customerId: complaint.customerId,
    channel: complaint.channel,
    productSku: complaint.productSku,
    language: null,
    text: complaint.text,
    textField: 'text',
    attributes: given({ severity: complaint.severity }),
    otherDates: {},
  })),
};

// Subject, blank line, description; either alone when the other is blank.
function joinText(subject: string | null, description: string): string {
  return subject && description ? `${subject}\n\n${description}` : subject || description;
}


const timestampExpected = 'an ISO-8601 timestamp with seconds and a time zone, like 2024-05-01T09:30:00Z, or a date like 2024-05-01';
const idExpected = 'a non-empty string or an integer';

// What a sender should put in each field, in words for rejections.
const expectedByField: Record<string, string> = {
  id: idExpected,
  createdAt: timestampExpected,
  purchaseDate: timestampExpected,
  channel: `one of ${Channels.join(', ')}`,
  severity: `one of ${ComplaintSeverity.options.join(', ')}`,
  subject: 'a string',
  description: "a string with the customer's words",
  failureDescription: 'a string describing the failure',
  text: "a string with the customer's words",
  productSku: 'a non-empty string',
  customerId: idExpected,
  orderId: idExpected,
  serialNumber: idExpected,
  dealerId: idExpected,
  tags: 'an array of strings',
  language: 'a language code like en or en-GB',
  source: 'a string naming the sending system, like zendesk or salesforce',
};

function fromIssue(issue: Issue, event: Record<string, unknown>): Rejection {
  const path = issue.path.map(String);
  const field = path.join('.');
  const top = path[0] ?? '';
  const nested = path.length > 1;
  const expected = nested && issue.code === 'invalid_type' ? `a ${issue.expected}` : (expectedByField[top] ?? 'the documented type');
  // Null counts as missing: optional fields accept it, so only a required field gets here with it.
  if (!nested && event[top] == null) return { code: 'missing_field', field, problem: 'is required', expected };
  if (top === 'channel') return { code: 'unknown_channel', field, problem: `must be ${expected}`, expected };
  if (top === 'createdAt' || top === 'purchaseDate') {
    return { code: 'invalid_date', field, problem: 'is not an ISO-8601 date or timestamp with a time zone', expected };
  }
  return { code: 'invalid_field', field, problem: `must be ${expected}`, expected };
}

// Contacts before 1990 are almost always an epoch-zero or two-digit-year mistake in the sender.
const EarliestYear = 1990;

function checkDate(field: string, value: string, now: Date, maxFutureSkewMs: number): Date | Rejection {
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    return { code: 'invalid_date', field, problem: 'is not a real date', expected: timestampExpected };
  }
  // The contract guarantees a leading four-digit year, so this is the year as the sender wrote it.
  if (Number(value.slice(0, 4)) < EarliestYear) {
    return { code: 'invalid_date', field, problem: `is before ${EarliestYear}`, expected: `a date in ${EarliestYear} or later` };
  }
  const latest = now.getTime() + maxFutureSkewMs;
  if (time > latest) {
    const skew = describeDuration(maxFutureSkewMs);
    const expected = `a time no later than ${new Date(latest).toISOString()}`;
    return { code: 'future_date', field, problem: `is more than ${skew} in the future; check the sender's clock`, expected };
  }
  return new Date(time);
}

function describeDuration(ms: number): string {
  const units: Array<[number, string]> = [[3_600_000, 'hour'], [60_000, 'minute'], [1000, 'second']];
  for (const [size, unit] of units) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${unit}${ms === size ? '' : 's'}`;
  }
  return `${ms} ms`;
}

// Attributes are stored as jsonb and redacted recursively; a bound keeps a hostile message from
// exhausting the stack.
const MaxAttributeDepth = 32;

function depthOf(value: unknown): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop() as [unknown, number];
    if (typeof item !== 'object' || item === null) continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > MaxAttributeDepth) return deepest;
    for (const inner of Object.values(item)) pending.push([inner, depth + 1]);
  }
  return deepest;
}

// PostgreSQL text and jsonb cannot hold U+0000: a message holding one would fail its insert on
// every retry, so the character is dropped here.
function storable<T extends string | null>(value: T): T {
  return (value !== null && value.includes('\u0000') ? value.replaceAll('\u0000', '') : value) as T;
}

// Most attributes hold no NUL anywhere: they are then used as they are (redactDeep copies them
// anyway), which saves a copy of every attribute object per event. Only JSON-like values (plain
// objects, arrays, primitives) are passed through; anything else is copied as before.
function withoutNul(value: unknown): unknown {
  return holdsNoNul(value) ? value : copyWithoutNul(value);
}

function holdsNoNul(value: unknown): boolean {
  if (typeof value === 'string') return !value.includes('\u0000');
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!holdsNoNul(value[i])) return false;
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) if (key.includes('\u0000') || !holdsNoNul(record[key])) return false;
  return true;
}

function copyWithoutNul(value: unknown): unknown {
  if (typeof value === 'string') return storable(value);
  if (Array.isArray(value)) return value.map(copyWithoutNul);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [storable(key), copyWithoutNul(inner)]));
  }
  return value;
}

// Blank optional strings mean "not given", as null does.
function present(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}

function given(values: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(values)) {
    const value = values[key];
    if (value !== undefined && value !== null && value !== '') kept[key] = value;
  }
  return kept;
}

// An own key even when it is "__proto__" (which plain assignment would take as the prototype).
function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function canonicalLanguage(tag: string | null): string | null {
  if (tag === null) return null;
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? tag; // "en-gb" → "en-GB", "EN" → "en"
  } catch {
    return tag; // well-formed by the contract's pattern but not by ICU's rules: kept as sent
  }
}

// The text's counts, plus the attributes' (rarely any): written without rest arguments and
// entry arrays, which cost ~0.4 µs per event. Keys come in the same order as before: the text's,
// then the attributes' new ones.
function sumCounts(text: RedactionCounts, attributes: RedactionCounts): RedactionCounts {
  const total: RedactionCounts = {};
  for (const kind in text) total[kind as keyof RedactionCounts] = text[kind as keyof RedactionCounts];
  for (const kind in attributes) {
    const key = kind as keyof RedactionCounts;
    total[key] = (total[key] ?? 0) + attributes[key]!;
  }
  return total;
}

function rejected(rejection: Rejection): { ok: false; rejection: Rejection } {
  return { ok: false, rejection };
}
