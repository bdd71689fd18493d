import type { NewContact } from '@frictionlens/domain';

/**
 * A contact ready to store: its identity and metadata, plus its row as a line of PostgreSQL's
 * COPY text format (without the id), so a batch is streamed to the server as joined strings.
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
  /** The row's columns in `CONTACT_COPY_COLUMNS` order, tab-separated, ending in a newline. */
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
    row:
      [
        contact.kind,
        contact.source,
        contact.sourceId,
        occurredAt,
        contact.channel,
        contact.productSku,
        contact.text,
        contact.language,
        contact.customerHash,
        JSON.stringify(contact.attributes),
      ]
        .map(copyField)
        .join('\t') + '\n',
  };
}

/** The columns of `PreparedContact.row`, in order. */
export const CONTACT_COPY_COLUMNS = ['kind', 'source', 'source_id', 'occurred_at', 'channel', 'product_sku', 'text', 'language', 'customer_hash', 'attributes'] as const;

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_SPECIALS = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

// COPY's text format: \N is NULL; backslash, newline, carriage return and tab are escaped, in
// one pass over the text (a ticket's text always holds the newlines after its subject).
function copyField(value: string | null): string {
  if (value === null) return '\\N';
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(COPY_SPECIALS, (special) => COPY_ESCAPES[special]!);
}
