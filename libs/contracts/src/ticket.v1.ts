import { z } from 'zod';
import { Channel } from './channel.js';
import { ContactTimestamp, ExternalId, LanguageTag, OptionalExternalId, OptionalText, SourceSystem } from './contact-kind.js';

/**
 * A support ticket on `cx.tickets.v1`. The message key is the ticket id. Fields this contract
 * does not name are kept (the object is loose) and land, redacted, in the contact's attributes.
 */
export const TicketV1 = z
  .looseObject({
    id: ExternalId,
    createdAt: ContactTimestamp,
    channel: Channel,
    subject: OptionalText.describe('The ticket subject line, if any.'),
    description: z.string().describe("The customer's words: the body of the ticket."),
    customerId: OptionalExternalId,
    productSku: OptionalText.describe('The product the ticket is about, if known.'),
    orderId: OptionalExternalId,
    tags: z.array(z.string()).nullish().describe('Labels from the sending system.'),
    language: LanguageTag,
    source: SourceSystem,
  })
  .meta({ title: 'cx.tickets.v1', description: 'A customer support ticket.' });

export type TicketV1 = z.infer<typeof TicketV1>;
