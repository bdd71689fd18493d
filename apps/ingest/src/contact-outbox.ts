import type { ContactV1 } from '@frictionlens/contracts';
import type { StoredContact } from '@frictionlens/persistence';

/** Where stored contacts go next (the classifier); publishing must finish before offsets commit. */
export interface ContactOutbox {
  publish(contacts: StoredContact[]): Promise<void>;
}

export const CONTACT_OUTBOX = Symbol('CONTACT_OUTBOX');

/** `receivedAt` may be passed in already formatted: a batch's contacts share one (the transaction's start). */
export function toContactMessage(contact: StoredContact, receivedAt = contact.receivedAt.toISOString()): ContactV1 {
  return {
    contactId: contact.id,
    kind: contact.kind,
    source: contact.source,
    sourceId: contact.sourceId,
    occurredAt: contact.occurredAt,
    receivedAt,
    channel: contact.channel,
    productSku: contact.productSku,
    language: contact.language,
    customerHash: contact.customerHash,
  };
}
