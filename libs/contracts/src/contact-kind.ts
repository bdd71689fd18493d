import { z } from 'zod';
import type { TopicKey } from './topics.js';

/** The three kinds of failure demand FrictionLens takes in; each arrives on its own topic. */
export const ContactKinds = ['ticket', 'warranty_claim', 'complaint'] as const;

/** What sort of contact a record is: `ticket`, `warranty_claim` or `complaint`. */
export const ContactKind = z.enum(ContactKinds);
export type ContactKind = z.infer<typeof ContactKind>;

/** The inbound topic (a key of `Topics`) each kind of contact arrives on. */
export const InboundTopicKeyByKind = {
  ticket: 'tickets',
  warranty_claim: 'warrantyClaims',
  complaint: 'complaints',
} as const satisfies Record<ContactKind, TopicKey>;

/** The `source` a contact gets when the sender does not name its system. */
export const UnspecifiedSource = 'unspecified';

// Fields every inbound contact shares. They live here, beside the kinds, so the three inbound
// contracts spell them the same way.

/**
 * An identifier from the sending system. Numbers are accepted because many systems use integer
 * ids; they become strings so `42` and `"42"` name the same record.
 */
export const ExternalId = z
  .union([z.string().trim().min(1), z.int()])
  .transform(String)
  .describe('An identifier in the sending system: a non-empty string, or an integer that is turned into a string.');

/** Like {@link ExternalId}, for optional fields: absent, null or blank all mean "not given". */
export const OptionalExternalId = z
  .union([z.string().trim(), z.int()])
  .transform(String)
  .nullish()
  .describe('An identifier in the sending system: a string or an integer; absent, null or blank means not given.');

/**
 * An instant with an explicit time zone (RFC 3339: `2024-05-01T09:30:00Z`, `…+02:00`), or a
 * calendar date (`2024-05-01`). Loose forms such as `03/04/2024` are ambiguous across locales,
 * so they are refused rather than guessed.
 */
export const ContactTimestamp = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .describe('ISO-8601: a timestamp with seconds and a time zone (2024-05-01T09:30:00Z) or a date (2024-05-01).');

/** The system a contact came from (`zendesk`, `salesforce`, …); absent or blank means unspecified. */
export const SourceSystem = z
  .string()
  .trim()
  .nullish()
  .describe(`The sending system, like zendesk or salesforce; "${UnspecifiedSource}" when absent or blank.`);

/** What a (trimmed) language tag must match; blank is allowed and means unknown. */
export const LanguageTagPattern = /^(?:[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)?$/;

/** A BCP-47 style language tag such as `en` or `en-GB`; blank means unknown. */
export const LanguageTag = z
  .string()
  .trim()
  .regex(LanguageTagPattern, 'must be a language code like en or en-GB')
  .nullish()
  .describe('The language the customer wrote in, as a BCP-47 code like en or en-GB.');

/** Optional free text or SKU: absent, null or blank means not given. */
export const OptionalText = z.string().trim().nullish();
