import { z } from 'zod';
import { Channel } from './channel.js';
import { ContactKind } from './contact-kind.js';

/**
 * A stored contact on `cx.contacts.v1`, published once it is committed to PostgreSQL. It names
 * the contact and carries its metadata; the customer's (redacted) words and attributes stay in
 * PostgreSQL, read by id (`contactId`). Keeping the text out of Kafka means erasing a customer
 * really erases their words (no copy lingers in topic retention), and it halves what every
 * contact costs the broker and the ingest service.
 */
export const ContactV1 = z
  .object({
    contactId: z.string().min(1).describe('FrictionLens id of the stored contact.'),
    kind: ContactKind,
    source: z.string().min(1).describe('The sending system, or "unspecified".'),
    sourceId: z.string().min(1).describe('The id the sending system gave the record.'),
    occurredAt: z.iso.datetime({ offset: true }).describe('When the customer got in touch.'),
    receivedAt: z.iso.datetime({ offset: true }).describe('When FrictionLens stored the contact.'),
    channel: Channel.nullable(),
    productSku: z.string().nullable(),
    language: z.string().nullable().describe('BCP-47 language code, when the sender gave one.'),
    customerHash: z
      .string()
      .nullable()
      .describe('Keyed HMAC-SHA256 (hex) of the customer id: links repeat contacts without naming the customer.'),
  })
  .meta({ title: 'cx.contacts.v1', description: 'A stored customer contact: its identity and metadata, without its text.' });

export type ContactV1 = z.infer<typeof ContactV1>;
