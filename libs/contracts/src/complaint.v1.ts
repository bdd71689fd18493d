import { z } from 'zod';
import { Channel } from './channel.js';
import { ContactTimestamp, ExternalId, OptionalExternalId, OptionalText, SourceSystem } from './contact-kind.js';

/** How bad the sender judged a complaint to be. */
export const ComplaintSeverity = z.enum(['low', 'medium', 'high']);
export type ComplaintSeverity = z.infer<typeof ComplaintSeverity>;

/**
 * A complaint on `cx.complaints.v1`. The message key is the complaint id. Unknown fields are
 * kept (the object is loose) and land, redacted, in the contact's attributes.
 */
export const ComplaintV1 = z
  .looseObject({
    id: ExternalId,
    createdAt: ContactTimestamp,
    text: z.string().describe("The customer's words."),
    channel: Channel.nullish(),
    customerId: OptionalExternalId,
    severity: ComplaintSeverity.nullish(),
    productSku: OptionalText.describe('The product the complaint is about, if known.'),
    source: SourceSystem,
  })
  .meta({ title: 'cx.complaints.v1', description: 'A customer complaint.' });

export type ComplaintV1 = z.infer<typeof ComplaintV1>;
