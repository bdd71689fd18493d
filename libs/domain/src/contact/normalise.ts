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
  | 'text_too_large'
  | 'invalid_unicode'
  | 'attributes_too_large';

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
  /**
   * The largest size of an event's fields other than its text (ids, dates, tags, extras), as
   * UTF-8 JSON; `DefaultNormaliseLimits.maxAttributeBytes` when absent.
   */
  maxAttributeBytes?: number;
}

/**
 * Limits a caller uses unless it has a reason to choose others: 64 KiB of text, 64 KiB of the
 * other fields, 24 hours of clock skew.
 */
export const DefaultNormaliseLimits = { maxTextBytes: 65_536, maxAttributeBytes: 65_536, maxFutureSkewMs: 24 * 60 * 60 * 1000 } as const;

/**
 * The prefix of an identifier (`id`, `productSku`, `source`) that held personal data and was
 * replaced by its keyed hash: `redacted:` and 64 hex digits.
 */
export const RedactedIdentifierPrefix = 'redacted:';


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
  // PostgreSQL refuses a lone UTF-16 surrogate (JSON's "\ud800" parses into one) in jsonb, and
  // UTF-8 turns it into U+FFFD in text, so "a\ud800" and "a\udbff" would be one id: the event is
  // refused before anything else. The same walk measures the other fields and looks for NUL.
  const scan = scanEvent(raw, TextKeys[kind], options.maxAttributeBytes ?? DefaultNormaliseLimits.maxAttributeBytes);
  if (scan.illFormed !== undefined) return rejected(scan.illFormed);
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
  if (scan.tooDeep !== undefined) return rejected(tooDeep(scan.tooDeep));
  if (scan.tooLarge !== undefined) return rejected(scan.tooLarge);
  const unsafe = attributesOf(raw, fields);

  const redactedText = redact(storable(text));
  const attributes = redactDeep(scan.nul ? (copyWithoutNul(unsafe) as Record<string, unknown>) : unsafe);
  const customerId = present(fields.customerId);
  const redactions = sumCounts(redactedText.counts, attributes.counts);
  // Identifiers are not redacted in place (a placeholder would merge unrelated contacts) but
  // replaced by a keyed hash when they hold personal data: see docs/privacy.md.
  const source = storable(present(fields.source));
  return {
    ok: true,
    contact: {
      kind,
      // The source is part of the idempotency key, so "Zendesk" and "zendesk" must be one system.
      source: source === null ? UnspecifiedSource : identifier('source', source.toLowerCase(), options, redactions),
      sourceId: identifier('id', storable(fields.id), options, redactions),
      occurredAt,
      channel: fields.channel ?? null,
      productSku: nullableIdentifier('productSku', storable(present(fields.productSku)), options, redactions),
      text: redactedText.text,
      language: canonicalLanguage(present(fields.language)),
      customerHash: customerId === null ? null : options.hashCustomer(customerId),
      attributes: attributes.value,
    },
    redactions,
  };
}

// The identifier as sent, or, when it holds personal data, `redacted:` and its keyed hash (the
// field's name is hashed with it, so equal values in different fields differ). The hash keeps
// what an id is for: the same id gives the same hash, so a re-sent event is still a duplicate and
// one SKU's contacts still group together, and unequal ids never meet. Its findings are counted.
function identifier(field: string, value: string, options: NormaliseOptions, counts: RedactionCounts): string {
  if (!mayHoldPersonalData(value)) return value;
  const found = redact(value).counts;
  let any = false;
  for (const kind in found) {
    const key = kind as keyof RedactionCounts;
    counts[key] = (counts[key] ?? 0) + found[key]!;
    any = true;
  }
  return any ? RedactedIdentifierPrefix + options.hashCustomer(`${field}\u0000${value}`) : value;
}

function nullableIdentifier(field: string, value: string | null, options: NormaliseOptions, counts: RedactionCounts): string | null {
  return value === null ? null : identifier(field, value, options, counts);
}

// Whether an identifier is worth the redaction passes (~1 µs even for a short string). Every kind
// `redact` finds holds an "@" (email), a ":" (IPv6), a "." (IPv4), a space (an address; a
// passport, SSN or date after its words) or at least six digits (a National Insurance number has
// six, every other kind more), so "T-1001", "SKU-16" or "zendesk" are kept without them.
function mayHoldPersonalData(value: string): boolean {
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
    else if (code === 64 || code === 58 || code === 46 || code === 32) return true; // @ : . space
  }
  return digits >= 6;
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
function attributesOf(raw: Record<string, unknown>, fields: InboundFields): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const key of Object.keys(fields.attributes)) defineKey(attributes, key, fields.attributes[key]);
  for (const key of Object.keys(raw)) if (!fields.knownKeys.has(key)) defineKey(attributes, key, raw[key]);
  return attributes;
}

function tooDeep(field: string): Rejection {
  const expected = `at most ${MaxAttributeDepth} levels of nested arrays and objects`;
  return { code: 'invalid_field', field, problem: `nests deeper than ${MaxAttributeDepth} levels`, expected };
}

// The fields holding the customer's words: measured by maxTextBytes, not by maxAttributeBytes.
const TextKeys: Record<ContactKind, ReadonlySet<string>> = {
  ticket: new Set(['subject', 'description']),
  warranty_claim: new Set(['failureDescription']),
  complaint: new Set(['text']),
};

interface EventScan {
  /** The first string or key holding a lone surrogate, as a rejection. */
  illFormed?: Rejection;
  /** The first top-level field nesting deeper than MaxAttributeDepth. */
  tooDeep?: string;
  /** The fields other than the text take more than maxAttributeBytes. */
  tooLarge?: Rejection;
  /** Some string or key outside the text holds a NUL. */
  nul: boolean;
}

interface WellFormedString {
  isWellFormed(): boolean;
}

// Native since Node 20 (ES2024's String.prototype.isWellFormed): false for a lone surrogate.
function wellFormed(value: string): boolean {
  return (value as unknown as WellFormedString).isWellFormed();
}

/**
 * One walk over the event: every key and string must be well-formed UTF-16 (the first that is not
 * is rejected as `invalid_unicode`, by path, never quoted), nesting is bounded, and the fields
 * other than the text are measured. The size is first bounded from above (3 bytes of UTF-8 per
 * UTF-16 unit, quotes and separators counted); only an event over the limit by that bound is
 * serialised to measure it exactly.
 */
function scanEvent(raw: Record<string, unknown>, textKeys: ReadonlySet<string>, maxBytes: number): EventScan {
  const scan: EventScan = { nul: false };
  let bound = 2;
  let largest = '';
  let largestBound = -1;
  for (const key of Object.keys(raw)) {
    if (!wellFormed(key)) {
      scan.illFormed = illFormed(undefined, 'a field name');
      return scan;
    }
    if (key.includes('\u0000')) scan.nul = true;
    const value = raw[key];
    const isText = textKeys.has(key);
    let size = 3 * key.length + 4;
    if (typeof value === 'string') {
      if (!wellFormed(value)) {
        scan.illFormed = illFormed(key, 'the value');
        return scan;
      }
      if (!isText) {
        size += 3 * value.length + 2;
        if (value.includes('\u0000')) scan.nul = true;
      }
    } else if (typeof value === 'object' && value !== null) {
      const inner = scanNested(value, key, scan);
      if (scan.illFormed !== undefined) return scan;
      size += inner;
    } else {
      size += 24;
    }
    if (isText) continue;
    bound += size;
    if (size > largestBound) {
      largestBound = size;
      largest = key;
    }
  }
  if (bound > maxBytes) {
    const exact = Buffer.byteLength(JSON.stringify(raw, function (this: unknown, key: string, value: unknown) {
      return this === raw && textKeys.has(key) ? undefined : value;
    }), 'utf8');
    if (exact > maxBytes) {
      const limit = `${maxBytes} bytes of UTF-8 JSON`;
      scan.tooLarge = {
        code: 'attributes_too_large',
        field: largest,
        problem: `the fields other than the text take more than ${limit}, this one the most`,
        expected: `at most ${limit} outside the text; send large documents elsewhere and link them`,
      };
    }
  }
  return scan;
}

// Walks one top-level object or array (iteratively, at most MaxAttributeDepth deep): checks keys
// and strings, notes NUL and depth, returns an upper bound of its UTF-8 JSON size.
function scanNested(value: object, key: string, scan: EventScan): number {
  let bound = 0;
  const pending: Array<[unknown, number, string]> = [[value, 1, key]];
  while (pending.length > 0) {
    const [item, depth, path] = pending.pop()!;
    if (typeof item === 'string') {
      if (!wellFormed(item)) {
        scan.illFormed = illFormed(path, 'the value');
        return bound;
      }
      if (item.includes('\u0000')) scan.nul = true;
      bound += 3 * item.length + 3;
      continue;
    }
    if (typeof item !== 'object' || item === null) {
      bound += 25;
      continue;
    }
    bound += 2;
    if (depth > MaxAttributeDepth) {
      scan.tooDeep ??= key;
      continue;
    }
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) pending.push([item[i], depth + 1, `${path}.${i}`]);
      continue;
    }
    const record = item as Record<string, unknown>;
    for (const inner of Object.keys(record)) {
      if (!wellFormed(inner)) {
        scan.illFormed = illFormed(path, 'a field name inside it');
        return bound;
      }
      if (inner.includes('\u0000')) scan.nul = true;
      bound += 3 * inner.length + 3;
      pending.push([record[inner], depth + 1, `${path}.${inner}`]);
    }
  }
  return bound;
}

function illFormed(field: string | undefined, what: string): Rejection {
  return {
    code: 'invalid_unicode',
    ...(field === undefined ? {} : { field }),
    problem: `${what} holds a lone UTF-16 surrogate (an unpaired \\ud800-\\udfff escape), which cannot be stored`,
    expected: 'well-formed Unicode text: surrogate escapes only in high-low pairs',
  };
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

// PostgreSQL text and jsonb cannot hold U+0000: a message holding one would fail its insert on
// every retry, so the character is dropped here.
function storable<T extends string | null>(value: T): T {
  return (value !== null && value.includes('\u0000') ? value.replaceAll('\u0000', '') : value) as T;
}

// Attributes with a NUL somewhere (rare: `scanEvent` says) are copied without it.
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
