import { z } from 'zod';
import { Channel } from './channel.js';
import { ContactTimestamp, ExternalId, OptionalExternalId, SourceSystem } from './contact-kind.js';

/**
 * A warranty claim on `cx.warranty-claims.v1`. The message key is the claim id. Unknown fields
 * are kept (the object is loose) and land, redacted, in the contact's attributes.
 */
export const WarrantyClaimV1 = z
  .looseObject({
    id: ExternalId,
    createdAt: ContactTimestamp,
    productSku: z.string().trim().min(1).describe('The product that failed.'),
    failureDescription: z.string().describe("The customer's or dealer's account of the failure."),
    serialNumber: OptionalExternalId,
    purchaseDate: ContactTimestamp.nullish(),
    customerId: OptionalExternalId,
    channel: Channel.nullish(),
    dealerId: OptionalExternalId,
    source: SourceSystem,
  })
  .meta({ title: 'cx.warranty-claims.v1', description: 'A warranty claim for a failed product.' });

export type WarrantyClaimV1 = z.infer<typeof WarrantyClaimV1>;
