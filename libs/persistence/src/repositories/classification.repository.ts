import type { DataSource, EntityManager } from 'typeorm';
import { changeCountedContacts } from './demand-rollup.repository.js';
import { CURRENT_TAXONOMY_VERSION } from './taxonomy.repository.js';

export interface NewClassification {
  contactId: string;
  categoryKey: string;
  demandType: 'failure' | 'value' | null;
  confidence: number;
  top: Array<{ category: string; probability: number }>;
  explanation: Record<string, unknown>;
  sentiment: number;
  effortCues: string[];
}

export interface StoredClassification extends NewClassification {
  modelVersionId: number;
  taxonomyVersionId: number;
  classifiedAt: Date;
  current: boolean;
}

// One statement per batch. A contact already classified by this model version is left as it is
// (a re-delivery); a contact erased meanwhile is skipped by the join. The new row becomes the
// contact's current one unless a newer model's classification already stands.
const DEMOTE_OLDER = `
  UPDATE classifications c SET current = false
  FROM unnest($1::bigint[]) AS i(contact_id)
  WHERE c.contact_id = i.contact_id AND c.current AND c.model_version_id < $2`;

// A model trained before a rename or merge still predicts the retired key: an alias made by a
// later taxonomy version than the model's puts it under the key it has now, with that category's
// demand type in the current version (the category, if since removed, keeps the model's). `top`
// and `explanation` stay as the model said.
const INSERT_CLASSIFICATIONS = `
  INSERT INTO classifications
    (contact_id, model_version_id, taxonomy_version_id, category_key, demand_type, confidence, top, explanation, sentiment, effort_cues, current)
  SELECT i.contact_id, $1, $2, COALESCE(a.new_key, i.category_key), COALESCE(t.demand_type, i.demand_type), i.confidence, i.top, i.explanation, i.sentiment,
         ARRAY(SELECT jsonb_array_elements_text(i.effort_cues)),
         NOT EXISTS (SELECT 1 FROM classifications x WHERE x.contact_id = i.contact_id AND x.current)
  FROM jsonb_to_recordset($3::jsonb) AS i(contact_id bigint, category_key text, demand_type text, confidence real, top jsonb, explanation jsonb, sentiment real, effort_cues jsonb)
  JOIN contacts ct ON ct.id = i.contact_id
  LEFT JOIN category_aliases a ON a.old_key = i.category_key AND a.taxonomy_version_id > $2
  LEFT JOIN taxonomy_categories t ON t.taxonomy_version_id = ${CURRENT_TAXONOMY_VERSION} AND t.key = a.new_key
  ON CONFLICT (contact_id, model_version_id) DO NOTHING`;

const SELECT_BY_MODEL = `
  SELECT contact_id, model_version_id, taxonomy_version_id, category_key, demand_type, confidence, top, explanation, sentiment, effort_cues, classified_at, current
  FROM classifications WHERE model_version_id = $1 AND contact_id = ANY($2::bigint[])`;

interface ClassificationRow {
  contact_id: string;
  model_version_id: number;
  taxonomy_version_id: number;
  category_key: string;
  demand_type: 'failure' | 'value' | null;
  confidence: number;
  top: NewClassification['top'];
  explanation: Record<string, unknown>;
  sentiment: number;
  effort_cues: string[];
  classified_at: Date;
  current: boolean;
}

export class ClassificationRepository {
  /** On an EntityManager already in a transaction, storeBatch runs in a savepoint of it. */
  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * Stores one model version's classifications idempotently (same contact + model version = one
   * row) in one transaction, and returns every row of the batch as stored, including those a
   * previous delivery stored, so they can be published again after a crash.
   */
  async storeBatch(model: { modelVersionId: number; taxonomyVersionId: number }, rows: NewClassification[]): Promise<StoredClassification[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.contactId);
    return this.db.transaction(async (tx: EntityManager) => {
      // The rollups move in the same transaction as the classifications they count.
      await changeCountedContacts(tx, ids, async () => {
        await tx.query(DEMOTE_OLDER, [ids, model.modelVersionId]);
        await tx.query(INSERT_CLASSIFICATIONS, [model.modelVersionId, model.taxonomyVersionId, JSON.stringify(rows.map(toRecord))]);
      });
      const stored: ClassificationRow[] = await tx.query(SELECT_BY_MODEL, [model.modelVersionId, ids]);
      return stored.map(toStored);
    });
  }

  /** The classification that stands for each contact (absent for a contact not classified yet). */
  async findCurrent(contactIds: string[]): Promise<Map<string, StoredClassification>> {
    const rows: ClassificationRow[] = await this.db.query(
      `SELECT contact_id, model_version_id, taxonomy_version_id, category_key, demand_type, confidence, top, explanation, sentiment, effort_cues, classified_at, current
       FROM classifications WHERE current AND contact_id = ANY($1::bigint[])`,
      [contactIds],
    );
    return new Map(rows.map((row) => [String(row.contact_id), toStored(row)]));
  }
}

function toRecord(row: NewClassification) {
  return {
    contact_id: row.contactId,
    category_key: row.categoryKey,
    demand_type: row.demandType,
    confidence: row.confidence,
    top: row.top,
    explanation: row.explanation,
    sentiment: row.sentiment,
    effort_cues: row.effortCues,
  };
}

function toStored(row: ClassificationRow): StoredClassification {
  return {
    contactId: String(row.contact_id),
    modelVersionId: row.model_version_id,
    taxonomyVersionId: row.taxonomy_version_id,
    categoryKey: row.category_key,
    demandType: row.demand_type,
    confidence: row.confidence,
    top: row.top,
    explanation: row.explanation,
    sentiment: row.sentiment,
    effortCues: row.effort_cues,
    classifiedAt: row.classified_at,
    current: row.current,
  };
}
