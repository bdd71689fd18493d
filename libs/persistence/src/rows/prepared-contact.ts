import type { NewContact } from '@frictionlens/domain';

/**
 * A contact ready to store: its identity and metadata, plus its row as a line of PostgreSQL's
 * COPY text format (without the id), already in UTF-8, so a batch is streamed to the server as
 * joined bytes. Bytes rather than a string because the row waits for a database round trip: a
 * string of ~1.6 KB would be copied by every young-generation GC it survives, a Buffer's bytes
 * live outside the JavaScript heap (measured: a quarter fewer bytes copied by scavenges).
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
  /** The row's columns in `CONTACT_COPY_COLUMNS` order, tab-separated, ending in a newline, as UTF-8. */
  row: Buffer;
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
    row: utf8Row(
      `${copyField(contact.kind)}\t${copyField(contact.source)}\t${copyField(contact.sourceId)}\t${copyField(occurredAt)}\t${copyField(contact.channel)}\t${copyField(contact.productSku)}\t${copyField(contact.text)}\t${copyField(contact.language)}\t${copyField(contact.customerHash)}\t${copyJson(JSON.stringify(contact.attributes))}\n`,
    ),
  };
}

// Rows are written into shared 1 MiB slabs rather than a Buffer.from each: Node's own pool is
// 8 KiB, so ~1.5 KB rows took a fresh pool every few rows, and Buffer.from's checks cost as much
// as the copy (measured on the bench's rows: 1.2-1.8 against 0.6-0.8 µs per row). A slab lives
// as long as any row in it, at most a batch or two; rows too large for one get their own buffer.
const SLAB_BYTES = 1 << 20;
let slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
let slabUsed = 0;

function utf8Row(row: string): Buffer {
  const most = row.length * 3; // a UTF-16 code unit is at most 3 bytes of UTF-8
  if (most > SLAB_BYTES >> 4) return Buffer.from(row, 'utf8');
  if (slabUsed + most > SLAB_BYTES) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
    slabUsed = 0;
  }
  const start = slabUsed;
  slabUsed += slab.write(row, start, 'utf8');
  return slab.subarray(start, slabUsed);
}

/** The columns of `PreparedContact.row`, in order. */
export const CONTACT_COPY_COLUMNS = ['kind', 'source', 'source_id', 'occurred_at', 'channel', 'product_sku', 'text', 'language', 'customer_hash', 'attributes'] as const;

// COPY's text format: \N is NULL; backslash, newline, carriage return and tab are escaped.
// Backslashes first, so the ones the later replacements add are not doubled. Each check is a
// native single-character search (a ticket's text always holds the newlines after its subject,
// and most fields hold none of the four); measured cheaper than one regex test and replace with
// a callback per match.
function copyField(value: string | null): string {
  if (value === null) return '\\N';
  let escaped = value;
  if (escaped.includes('\\')) escaped = escaped.replaceAll('\\', '\\\\');
  if (escaped.includes('\n')) escaped = escaped.replaceAll('\n', '\\n');
  if (escaped.includes('\r')) escaped = escaped.replaceAll('\r', '\\r');
  if (escaped.includes('\t')) escaped = escaped.replaceAll('\t', '\\t');
  return escaped;
}

// JSON.stringify writes newlines, carriage returns and tabs inside strings as escapes, so a JSON
// text can only hold the backslashes of its own escapes.
function copyJson(json: string): string {
  return json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
}
