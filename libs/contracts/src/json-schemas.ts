import { z } from 'zod';
import { ComplaintV1 } from './complaint.v1.js';
import { ContactClassifiedV1 } from './contact-classified.v1.js';
import { ContactV1 } from './contact.v1.js';
import { TicketV1 } from './ticket.v1.js';
import { Topics } from './topics.js';
import { WarrantyClaimV1 } from './warranty-claim.v1.js';

/**
 * JSON Schema (draft 2020-12) for every message FrictionLens exchanges, keyed by file name
 * (`cx.tickets.v1.schema.json`, …). Inbound schemas describe what a sender may send (zod input
 * side: numeric ids allowed); the outbound ones describe what consumers receive.
 */
export function jsonSchemas(): Record<string, object> {
  return {
    [`${Topics.tickets}.schema.json`]: z.toJSONSchema(TicketV1, { io: 'input' }),
    [`${Topics.warrantyClaims}.schema.json`]: z.toJSONSchema(WarrantyClaimV1, { io: 'input' }),
    [`${Topics.complaints}.schema.json`]: z.toJSONSchema(ComplaintV1, { io: 'input' }),
    [`${Topics.contacts}.schema.json`]: z.toJSONSchema(ContactV1, { io: 'output' }),
    [`${Topics.contactsClassified}.schema.json`]: z.toJSONSchema(ContactClassifiedV1, { io: 'output' }),
  };
}

/** The committed file text for a schema: stable, two-space JSON with a final newline. */
export function jsonSchemaFileText(schema: object): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
