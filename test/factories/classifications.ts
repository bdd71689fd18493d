import { randomUUID } from 'node:crypto';
import type pg from 'pg';

// Rows the classifier service would write, inserted directly with SQL so review-queue tests need
// no trained model: a taxonomy version, a model version, contacts and their classifications.

export interface TaxonomyRow {
  key: string;
  demandType?: 'failure' | 'value';
  parent?: string | null;
}

/** A taxonomy version with these categories (named after their keys); returns its number. */
export async function aTaxonomy(db: pg.Pool, categories: Array<string | TaxonomyRow> = ['card_arrival', 'lost_or_stolen_card', 'Refund_not_showing_up']): Promise<number> {
  const rows = categories.map((c) => (typeof c === 'string' ? { key: c } : c));
  const { rows: created } = await db.query<{ id: number }>('INSERT INTO taxonomy_versions (summary) VALUES ($1) RETURNING id', [`test taxonomy of ${rows.length}`]);
  const version = created[0]!.id;
  await db.query(
    `INSERT INTO taxonomy_categories (taxonomy_version_id, key, name, demand_type, parent_key)
     SELECT $1, k, k, d, p FROM unnest($2::text[], $3::text[], $4::text[]) AS c(k, d, p)`,
    [version, rows.map((r) => r.key), rows.map((r) => r.demandType ?? 'failure'), rows.map((r) => r.parent ?? null)],
  );
  return version;
}

/** A model version trained (so it says) against the taxonomy version; the artefact is any bytes. */
export async function aModelVersion(db: pg.Pool, taxonomyVersionId: number, kind: 'linear' | 'rules' = 'linear'): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO model_versions (kind, taxonomy_version_id, example_count, label_count, evaluation, artefact, checksum)
     VALUES ($1, $2, 0, 0, '{}', $3, 'test') RETURNING id`,
    [kind, taxonomyVersionId, Buffer.from('not a real model')],
  );
  return rows[0]!.id;
}

export interface StoredContactRow {
  kind?: 'ticket' | 'warranty_claim' | 'complaint';
  channel?: string | null;
  text?: string;
  occurredAt?: string;
}

/** A stored contact as ingest leaves it (text already redacted); returns its id. */
export async function aStoredContact(db: pg.Pool, overrides: StoredContactRow = {}): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text)
     VALUES ($1, 'test', $2, $3, $4, $5) RETURNING id::text`,
    [
      overrides.kind ?? 'ticket',
      randomUUID(),
      overrides.occurredAt ?? '2026-05-04T09:30:00Z',
      overrides.channel === undefined ? 'email' : overrides.channel,
      overrides.text ?? 'My card has still not arrived. Write to [EMAIL].',
    ],
  );
  return rows[0]!.id;
}

export interface ClassificationRow {
  modelVersionId: number;
  taxonomyVersionId: number;
  category?: string;
  confidence?: number;
  top?: Array<{ category: string; probability: number }>;
  explanation?: Record<string, unknown>;
  current?: boolean;
}

/** What a model made of a contact; `unclassified` at confidence 0.3 unless told otherwise. */
export async function aClassification(db: pg.Pool, contactId: string, row: ClassificationRow): Promise<void> {
  const category = row.category ?? 'unclassified';
  const confidence = row.confidence ?? 0.3;
  await db.query(
    `INSERT INTO classifications (contact_id, model_version_id, taxonomy_version_id, category_key, demand_type, confidence, top, explanation, sentiment, current)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9)`,
    [
      contactId,
      row.modelVersionId,
      row.taxonomyVersionId,
      category,
      category === 'unclassified' ? null : 'failure',
      confidence,
      JSON.stringify(row.top ?? [{ category: 'card_arrival', probability: confidence }]),
      JSON.stringify(row.explanation ?? { decidedBy: 'model', terms: [{ term: 'card', weight: 0.4 }] }),
      row.current ?? true,
    ],
  );
}
