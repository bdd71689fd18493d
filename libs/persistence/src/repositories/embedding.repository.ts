import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

/** The encoder that made a set of vectors (the NLP library's `EncoderIdentity`). */
export interface EmbeddingEncoder {
  readonly name: string;
  /** SHA-256 (hex) of its ONNX file: vectors are found again only by the same checksum. */
  readonly checksum: string;
  readonly dimensions: number;
}

/** A reviewer-labelled contact as training reads it: its text and, when stored, its embedding. */
export interface LabelledContactEmbedding {
  contactId: string;
  text: string;
  vector?: Float32Array;
}

// One statement per batch, whatever its size. A contact erased meanwhile is skipped by the join;
// one already embedded by this encoder keeps its first vector (a re-delivery, a racing instance).
const INSERT_CONTACT_EMBEDDINGS = `
  INSERT INTO contact_embeddings (contact_id, encoder_checksum, encoder, dimensions, vector)
  SELECT i.contact_id, $1, $2, $3, i.vector
  FROM unnest($4::bigint[], $5::bytea[]) AS i(contact_id, vector)
  JOIN contacts c ON c.id = i.contact_id
  ON CONFLICT (contact_id, encoder_checksum) DO NOTHING
  RETURNING 1`;

const SELECT_CONTACT_EMBEDDINGS = `
  SELECT contact_id, vector FROM contact_embeddings
  WHERE encoder_checksum = $1 AND contact_id = ANY($2::bigint[])`;

const SELECT_LABELLED_CONTACTS = `
  SELECT l.contact_id, c.text, e.vector
  FROM contact_labels l
  JOIN contacts c ON c.id = l.contact_id
  LEFT JOIN contact_embeddings e ON e.contact_id = l.contact_id AND e.encoder_checksum = $1`;

const INSERT_EXAMPLE_EMBEDDINGS = `
  INSERT INTO example_embeddings (text_sha256, encoder_checksum, encoder, dimensions, vector)
  SELECT i.text_sha256, $1, $2, $3, i.vector
  FROM unnest($4::text[], $5::bytea[]) AS i(text_sha256, vector)
  ON CONFLICT (text_sha256, encoder_checksum) DO NOTHING
  RETURNING 1`;

const SELECT_EXAMPLE_EMBEDDINGS = `
  SELECT text_sha256, vector FROM example_embeddings
  WHERE encoder_checksum = $1 AND text_sha256 = ANY($2::text[])`;

/**
 * Sentence embeddings computed once and read back instead of running the encoder again: a
 * contact's (erased with it) and a labelled example's (by the hash of its text). Each is found
 * only under the checksum of the encoder that made it.
 */
export class EmbeddingRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Stores contacts' embeddings (the first one per contact and encoder stands); returns how many were new. */
  async storeForContacts(encoder: EmbeddingEncoder, rows: ReadonlyArray<{ contactId: string; vector: Float32Array }>): Promise<number> {
    if (rows.length === 0) return 0;
    const result: unknown = await this.db.query(INSERT_CONTACT_EMBEDDINGS, [
      encoder.checksum,
      encoder.name,
      encoder.dimensions,
      rows.map((r) => r.contactId),
      rows.map((r) => bytesOf(assertDimensions(encoder, r.vector))),
    ]);
    return affectedRows(result);
  }

  /** The stored embeddings of these contacts by this encoder, by contact id (absent: not embedded yet). */
  async findForContacts(encoderChecksum: string, contactIds: readonly string[]): Promise<Map<string, Float32Array>> {
    if (contactIds.length === 0) return new Map();
    const rows: Array<{ contact_id: string; vector: Buffer }> = await this.db.query(SELECT_CONTACT_EMBEDDINGS, [encoderChecksum, contactIds]);
    return new Map(rows.map((row) => [String(row.contact_id), vectorOf(row.vector)]));
  }

  /** Every contact a reviewer labelled, with its text and (when stored) its embedding by this encoder. */
  async labelledContacts(encoderChecksum: string): Promise<LabelledContactEmbedding[]> {
    const rows: Array<{ contact_id: string; text: string; vector: Buffer | null }> = await this.db.query(SELECT_LABELLED_CONTACTS, [encoderChecksum]);
    return rows.map((row) => ({ contactId: String(row.contact_id), text: row.text, ...(row.vector ? { vector: vectorOf(row.vector) } : {}) }));
  }

  /** Stores labelled examples' embeddings, keyed by the SHA-256 of each text; returns how many were new. */
  async storeForExamples(encoder: EmbeddingEncoder, rows: ReadonlyArray<{ text: string; vector: Float32Array }>): Promise<number> {
    if (rows.length === 0) return 0;
    const result: unknown = await this.db.query(INSERT_EXAMPLE_EMBEDDINGS, [
      encoder.checksum,
      encoder.name,
      encoder.dimensions,
      rows.map((r) => textSha256(r.text)),
      rows.map((r) => bytesOf(assertDimensions(encoder, r.vector))),
    ]);
    return affectedRows(result);
  }

  /** The stored embeddings of these example texts by this encoder, by text. */
  async findForExamples(encoderChecksum: string, texts: readonly string[]): Promise<Map<string, Float32Array>> {
    if (texts.length === 0) return new Map();
    const textOf = new Map(texts.map((text) => [textSha256(text), text]));
    const rows: Array<{ text_sha256: string; vector: Buffer }> = await this.db.query(SELECT_EXAMPLE_EMBEDDINGS, [encoderChecksum, [...textOf.keys()]]);
    return new Map(rows.map((row) => [textOf.get(row.text_sha256)!, vectorOf(row.vector)]));
  }
}

export function textSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

// Vectors are stored as float32 little-endian; on a little-endian machine (x86, ARM as run) that is
// the Float32Array's own memory, so a vector is one copy of bytes rather than a call per float
// (reading 20,000 stored embeddings for a discovery run spent most of its time there).
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** float32 little-endian, whatever the machine's byte order. */
export function bytesOf(vector: Float32Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength));
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i]!, i * 4);
  return bytes;
}

export function vectorOf(bytes: Buffer): Float32Array {
  if (bytes.length % 4 !== 0) throw new RangeError(`a stored vector of ${bytes.length} bytes is not float32`);
  const vector = new Float32Array(bytes.length / 4);
  if (LITTLE_ENDIAN) new Uint8Array(vector.buffer).set(bytes);
  else for (let i = 0; i < vector.length; i++) vector[i] = bytes.readFloatLE(i * 4);
  return vector;
}

function assertDimensions(encoder: EmbeddingEncoder, vector: Float32Array): Float32Array {
  if (vector.length !== encoder.dimensions) throw new RangeError(`an embedding of ${vector.length} dimensions does not come from ${encoder.name} (${encoder.dimensions})`);
  return vector;
}

// The INSERTs return one row per vector stored.
function affectedRows(result: unknown): number {
  return Array.isArray(result) ? result.length : 0;
}
