import type { DataSource, EntityManager } from 'typeorm';
import { idempotencyKey as keyOf } from '@frictionlens/domain';
import type { PreparedContact } from '../rows/prepared-contact.js';

/** A stored contact's identity and metadata (its text stays in the table). */
export interface StoredContact extends Omit<PreparedContact, 'row'> {
  id: string;
  receivedAt: Date;
  /** False when the same (kind, source, source id) was already stored: a duplicate delivery. */
  inserted: boolean;
}

export interface StoredBatch {
  unique: StoredContact[];
  perInput: StoredContact[];
}

// One statement per batch: the idempotency key (kind, source, source_id) absorbs re-deliveries
// and re-sent events, so a contact is never counted twice. The first version of a contact wins.
// The batch travels as one JSON parameter: cheaper to build and parse than ten array literals.
const INSERT_CONTACTS = `
  INSERT INTO contacts (kind, source, source_id, occurred_at, channel, product_sku, text, language, customer_hash, attributes)
  SELECT kind, source, source_id, occurred_at, channel, product_sku, text, language, customer_hash, attributes
  FROM json_to_recordset($1::json) AS batch(
    kind text, source text, source_id text, occurred_at timestamptz, channel text, product_sku text,
    text text, language text, customer_hash text, attributes jsonb)
  ON CONFLICT (kind, source, source_id) DO NOTHING
  RETURNING id, kind, source, source_id, received_at`;

const SELECT_BY_KEYS = `
  SELECT c.id, c.kind, c.source, c.source_id, c.occurred_at, c.received_at, c.channel, c.product_sku, c.language, c.customer_hash
  FROM contacts c
  JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(kind, source, source_id)
    ON c.kind = k.kind AND c.source = k.source AND c.source_id = k.source_id`;

interface ContactRow {
  id: string;
  kind: PreparedContact['kind'];
  source: string;
  source_id: string;
  occurred_at: Date;
  received_at: Date;
  channel: PreparedContact['channel'];
  product_sku: string | null;
  language: string | null;
  customer_hash: string | null;
}

export class ContactRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * Stores a batch idempotently. `unique` holds each idempotency key's contact once, as stored;
   * `perInput` is aligned with the input (a key repeated within the batch maps to one contact).
   */
  async insertBatch(contacts: PreparedContact[]): Promise<StoredBatch> {
    const keys = contacts.map(keyOf);
    const slotOfKey = new Map<string, number>();
    const pending: PreparedContact[] = [];
    keys.forEach((key, i) => {
      if (!slotOfKey.has(key)) {
        slotOfKey.set(key, pending.length);
        pending.push(contacts[i]!);
      }
    });
    if (pending.length === 0) return { unique: [], perInput: [] };
    const rows: Array<Pick<ContactRow, 'id' | 'kind' | 'source' | 'source_id' | 'received_at'>> = await this.db.query(INSERT_CONTACTS, [
      `[${pending.map((c) => c.row).join(',')}]`,
    ]);
    const unique: Array<StoredContact | undefined> = new Array(pending.length);
    for (const row of rows) {
      const slot = slotOfKey.get(keyOf({ kind: row.kind, source: row.source, sourceId: row.source_id }))!;
      const { row: _row, ...metadata } = pending[slot]!;
      unique[slot] = { ...metadata, id: String(row.id), receivedAt: row.received_at, inserted: true };
    }
    if (rows.length < pending.length) {
      const existing = await this.findByKeys(pending.filter((_, slot) => unique[slot] === undefined));
      pending.forEach((contact, slot) => {
        if (unique[slot]) return;
        const found = existing.get(keyOf(contact));
        if (!found) throw new Error(`contact ${contact.kind}/${contact.source}/${contact.sourceId} neither inserted nor found`);
        unique[slot] = found;
      });
    }
    const stored = unique as StoredContact[];
    return { unique: stored, perInput: keys.map((key) => stored[slotOfKey.get(key)!]!) };
  }

  private async findByKeys(keys: PreparedContact[]): Promise<Map<string, StoredContact>> {
    const rows: ContactRow[] = await this.db.query(SELECT_BY_KEYS, [keys.map((c) => c.kind), keys.map((c) => c.source), keys.map((c) => c.sourceId)]);
    return new Map(rows.map((row) => [keyOf({ kind: row.kind, source: row.source, sourceId: row.source_id }), toStoredContact(row, false)]));
  }

  /** Removes every contact of one customer (erasure); returns how many there were. */
  async deleteByCustomerHash(customerHash: string): Promise<number> {
    const result: [unknown[], number] = await this.db.query('DELETE FROM contacts WHERE customer_hash = $1', [customerHash]);
    return result[1];
  }

  async count(): Promise<number> {
    const [row]: Array<{ n: string }> = await this.db.query('SELECT count(*) AS n FROM contacts');
    return Number(row?.n ?? 0);
  }
}

function toStoredContact(row: ContactRow, inserted: boolean): StoredContact {
  return {
    id: String(row.id),
    kind: row.kind,
    source: row.source,
    sourceId: row.source_id,
    occurredAt: row.occurred_at.toISOString(),
    receivedAt: row.received_at,
    channel: row.channel,
    productSku: row.product_sku,
    language: row.language,
    customerHash: row.customer_hash,
    inserted,
  };
}
