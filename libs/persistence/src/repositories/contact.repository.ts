import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, type EntityManager } from 'typeorm';
import { idempotencyKey as keyOf } from '@frictionlens/domain';
import { CONTACT_COPY_COLUMNS, type PreparedContact } from '../rows/prepared-contact.js';
import { RETURNING_CUSTOMER } from '../counting/index.js';
import { changeCountedContacts } from './demand-rollup.repository.js';

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

// New contacts are streamed with COPY, PostgreSQL's fastest way in (measured here: ~40% more rows
// per second than one INSERT … SELECT per batch). COPY cannot skip duplicates, so the keys already
// stored are looked up first; a contact committed by someone else in between makes the COPY fail
// on the unique idempotency key, and the batch is simply redone.
const COPY_CONTACTS = `COPY contacts (id, ${CONTACT_COPY_COLUMNS.join(', ')}) FROM STDIN`;
// The ids come back as one comma-separated string, and received_at once (now() is the
// transaction's start, the same for every row): parsing 2,000 result rows cost more than the COPY.
// The sequence is named by a parameter, looked up once: nextval(pg_get_serial_sequence(…)) per
// row cost PostgreSQL ~4 µs of CPU per contact (a catalog look-up each time), nextval($2) ~0.4 µs.
const RESERVE_IDS = `SELECT string_agg(nextval($2::regclass)::text, ',') AS ids, now() AS received_at FROM generate_series(1, $1)`;
const ID_SEQUENCE = `SELECT pg_get_serial_sequence('contacts', 'id') AS sequence`;
const UNIQUE_VIOLATION = '23505';
const ATTEMPTS_ON_RACE = 3;

const SELECT_BY_KEYS = `
  SELECT c.id, c.kind, c.source, c.source_id, c.occurred_at, c.received_at, c.channel, c.product_sku, c.language, c.customer_hash
  FROM contacts c
  JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(kind, source, source_id)
    ON c.kind = k.kind AND c.source = k.source AND c.source_id = k.source_id`;

const SELECT_FOR_CLASSIFICATION = `
  SELECT c.id, c.text, c.occurred_at, ${RETURNING_CUSTOMER} AS returning_customer
  FROM contacts c WHERE c.id = ANY($1::bigint[])`;

const SELECT_UNCLASSIFIED_IDS = `
  SELECT c.id FROM contacts c
  WHERE NOT EXISTS (SELECT 1 FROM classifications x WHERE x.contact_id = c.id AND x.current)
  ORDER BY c.id LIMIT $1`;

const SELECT_IDS_AWAITING_FIRST_MODEL = `
  SELECT c.id FROM contacts c
  WHERE c.received_at < $1 AND c.id > $2
    AND NOT EXISTS (SELECT 1 FROM classifications x WHERE x.contact_id = c.id AND x.current)
  ORDER BY c.id LIMIT $3`;

const OUTDATED = `
  FROM contacts c LEFT JOIN classifications x ON x.contact_id = c.id AND x.current
  WHERE (x.id IS NULL OR x.model_version_id < $1)`;
const SELECT_IDS_TO_RECLASSIFY = `SELECT c.id ${OUTDATED} AND c.id > $2 ORDER BY c.id LIMIT $3`;
const COUNT_TO_RECLASSIFY = `SELECT count(*) AS n ${OUTDATED}`;

export interface ContactToClassify {
  id: string;
  text: string;
  occurredAt: string;
  /**
   * A returning customer: the same customer got in touch at all within the repeat window before
   * this contact. The classifier's cue, NOT the metrics' repeat (which asks for the same category
   * or step).
   */
  returningCustomer: boolean;
}

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
  private idSequence?: Promise<string>;

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
    for (let attempt = 1; ; attempt++) {
      try {
        const stored = await this.storeNew(pending);
        return { unique: stored, perInput: keys.map((key) => stored[slotOfKey.get(key)!]!) };
      } catch (error) {
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= ATTEMPTS_ON_RACE) throw error;
      }
    }
  }

  // Every contact of `pending` (unique keys) as stored: found, or copied in now.
  private async storeNew(pending: PreparedContact[]): Promise<StoredContact[]> {
    const existing = await this.findByKeys(pending);
    const stored: Array<StoredContact | undefined> = pending.map((contact) => existing.get(keyOf(contact)));
    const fresh = pending.flatMap((contact, slot) => (stored[slot] ? [] : [{ contact, slot }]));
    if (fresh.length === 0) return stored as StoredContact[];
    const sequence = await this.sequenceOfIds();
    await this.withConnection(async (client) => {
      await client.query('BEGIN');
      try {
        const { rows } = await client.query<{ ids: string; received_at: Date }>(RESERVE_IDS, [fresh.length, sequence]);
        const ids = rows[0]!.ids.split(',');
        const receivedAt = rows[0]!.received_at;
        await pipeline(Readable.from([copyLines(fresh.map((f) => f.contact.row), ids)]), client.query(copyFrom(COPY_CONTACTS)));
        await client.query('COMMIT');
        fresh.forEach(({ contact, slot }, i) => {
          stored[slot] = newlyStored(contact, ids[i]!, receivedAt);
        });
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
    return stored as StoredContact[];
  }

  private sequenceOfIds(): Promise<string> {
    if (!this.idSequence) {
      const lookup = (this.db.query(ID_SEQUENCE) as Promise<Array<{ sequence: string }>>).then((rows) => rows[0]!.sequence);
      this.idSequence = lookup;
      // A failed look-up (database down) is asked again next time rather than remembered.
      lookup.catch(() => {
        if (this.idSequence === lookup) this.idSequence = undefined;
      });
    }
    return this.idSequence;
  }

  // COPY needs the driver's own connection; TypeORM's query() cannot stream.
  private async withConnection<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const dataSource = this.db instanceof DataSource ? this.db : this.db.connection;
    const driver = dataSource.driver as unknown as { obtainMasterConnection(): Promise<[PoolClient, (error?: Error) => void]> };
    // A connection cut while held here cannot crash the process: see ListenedClient in data-source.ts.
    const [client, release] = await driver.obtainMasterConnection();
    try {
      const result = await work(client);
      release();
      return result;
    } catch (error) {
      // A connection that failed mid-COPY is not handed to the next caller.
      release(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }

  private async findByKeys(keys: PreparedContact[]): Promise<Map<string, StoredContact>> {
    if (keys.length === 0) return new Map();
    const rows: ContactRow[] = await this.db.query(SELECT_BY_KEYS, [keys.map((c) => c.kind), keys.map((c) => c.source), keys.map((c) => c.sourceId)]);
    return new Map(rows.map((row) => [keyOf({ kind: row.kind, source: row.source, sourceId: row.source_id }), toStoredContact(row, false)]));
  }

  /**
   * What the classifier needs of each contact: its redacted text, and whether the same (hashed)
   * customer got in touch within the window before it (a returning customer, counting's
   * RETURNING_CUSTOMER). Erased or unknown ids are simply absent.
   */
  async findForClassification(ids: string[]): Promise<ContactToClassify[]> {
    if (ids.length === 0) return [];
    const rows: Array<{ id: string; text: string; occurred_at: Date; returning_customer: boolean }> = await this.db.query(SELECT_FOR_CLASSIFICATION, [ids]);
    return rows.map((row) => ({
      id: String(row.id),
      text: row.text,
      occurredAt: row.occurred_at.toISOString(),
      returningCustomer: row.returning_customer,
    }));
  }

  /** Contacts no model has classified yet, oldest first: the work of a classifier without Kafka. */
  async findUnclassifiedIds(limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(SELECT_UNCLASSIFIED_IDS, [limit]);
    return rows.map((row) => String(row.id));
  }

  /**
   * Contacts received before `receivedBefore` that no model has classified, after `afterId` in id
   * order: those that waited for the first model.
   */
  async findIdsAwaitingFirstModel(receivedBefore: Date, afterId: string, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(SELECT_IDS_AWAITING_FIRST_MODEL, [receivedBefore, afterId, limit]);
    return rows.map((row) => String(row.id));
  }

  /**
   * Contacts whose standing classification is older than `modelVersionId` (or missing), after
   * `afterId` in id order: a backfill walks them page by page.
   */
  async findIdsToReclassify(modelVersionId: number, afterId: string, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(SELECT_IDS_TO_RECLASSIFY, [modelVersionId, afterId, limit]);
    return rows.map((row) => String(row.id));
  }

  async countToReclassify(modelVersionId: number): Promise<number> {
    const rows: Array<{ n: string }> = await this.db.query(COUNT_TO_RECLASSIFY, [modelVersionId]);
    return Number(rows[0]!.n);
  }

  /**
   * Removes every contact of one customer (erasure) and their counts in the rollups; returns how
   * many there were. Call it in a transaction (an EntityManager), so both go or neither.
   */
  async deleteByCustomerHash(customerHash: string): Promise<number> {
    if (this.db instanceof DataSource) throw new Error('deleteByCustomerHash must run in a transaction: pass the EntityManager of one');
    const rows: Array<{ id: string }> = await this.db.query('SELECT id FROM contacts WHERE customer_hash = $1', [customerHash]);
    const tx = this.db;
    return changeCountedContacts(
      tx,
      rows.map((r) => String(r.id)),
      async (locked) => {
        if (locked.length === 0) return 0;
        const result: [unknown[], number] = await tx.query('DELETE FROM contacts WHERE id = ANY($1::bigint[])', [locked]);
        return result[1];
      },
    );
  }
}

// COPY's input: each row prefixed with its id and a tab, in one buffer.
function copyLines(rows: Buffer[], ids: string[]): Buffer {
  let size = 0;
  for (let i = 0; i < rows.length; i++) size += ids[i]!.length + 1 + rows[i]!.length;
  const lines = Buffer.allocUnsafe(size);
  let at = 0;
  for (let i = 0; i < rows.length; i++) {
    at += lines.write(ids[i]!, at, 'latin1'); // digits only
    lines[at++] = 0x09;
    at += rows[i]!.copy(lines, at);
  }
  return lines;
}

// Written out rather than `{ ...rest }`: object rest and spread cost ~4 µs per contact here.
function newlyStored(contact: PreparedContact, id: string, receivedAt: Date): StoredContact {
  return {
    kind: contact.kind,
    source: contact.source,
    sourceId: contact.sourceId,
    occurredAt: contact.occurredAt,
    channel: contact.channel,
    productSku: contact.productSku,
    language: contact.language,
    customerHash: contact.customerHash,
    id,
    receivedAt,
    inserted: true,
  };
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
