import type { NewContact } from '@frictionlens/domain';

/**
 * A contact ready to store: its identity and metadata, plus its whole row as JSON, so a batch is
 * sent to PostgreSQL as one JSON array built by joining strings.
 */
export interface PreparedContact {
  kind: NewContact['kind'];
  source: string;
  sourceId: string;
  /** ISO-8601. */
  occurredAt: string;
  channel: NewContact['channel'];
  productSku: string | null;
  language: string | null;
  customerHash: string | null;
  /** The `contacts` row (snake_case columns) as JSON, for `json_to_recordset`. */
  row: string;
}

export function prepareContact(contact: NewContact): PreparedContact {
  const occurredAt = contact.occurredAt.toISOString();
  return {
    kind: contact.kind,
    source: contact.source,
    sourceId: contact.sourceId,
    occurredAt,
    channel: contact.channel,
    productSku: contact.productSku,
    language: contact.language,
    customerHash: contact.customerHash,
    row: JSON.stringify({
      kind: contact.kind,
      source: contact.source,
      source_id: contact.sourceId,
      occurred_at: occurredAt,
      channel: contact.channel,
      product_sku: contact.productSku,
      text: contact.text,
      language: contact.language,
      customer_hash: contact.customerHash,
      attributes: contact.attributes,
    }),
  };
}
