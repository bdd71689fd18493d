import type { DataSource, EntityManager } from 'typeorm';
import { UNCLASSIFIED_CATEGORY } from '@frictionlens/contracts';
import { changeCountedContacts } from './demand-rollup.repository.js';

/** A reviewer's word on a contact's category, and whether it was sent to the wrong place. */
export interface ContactLabel {
  contactId: string;
  categoryKey: string;
  taxonomyVersionId: number;
  /** Counts the contact as failure demand of type "not for here", whatever its category's demand type. */
  notForHere: boolean;
  reviewer: string | null;
  labelledAt: Date;
}

export interface StoredLabel extends ContactLabel {
  /** The category of the contact's current model classification, or null when it has none. */
  modelCategory: string | null;
}

interface LabelRow {
  contact_id: string;
  category_key: string;
  taxonomy_version_id: number;
  not_for_here: boolean;
  reviewer: string | null;
  labelled_at: Date;
}

// One statement: the label is stored only if the contact exists (no row back means it does not),
// and a second correction replaces the first.
const UPSERT_LABEL = `
  WITH target AS (SELECT id FROM contacts WHERE id = $1::bigint),
  stored AS (
    INSERT INTO contact_labels (contact_id, category_key, taxonomy_version_id, not_for_here, reviewer, labelled_at)
    SELECT id, $2, $3, $5, $4, now() FROM target
    ON CONFLICT (contact_id) DO UPDATE
      SET category_key = EXCLUDED.category_key, taxonomy_version_id = EXCLUDED.taxonomy_version_id,
          not_for_here = EXCLUDED.not_for_here, reviewer = EXCLUDED.reviewer, labelled_at = EXCLUDED.labelled_at
    RETURNING contact_id, category_key, taxonomy_version_id, not_for_here, reviewer, labelled_at
  )
  SELECT s.*, (SELECT k.category_key FROM classifications k WHERE k.contact_id = s.contact_id AND k.current) AS model_category
  FROM stored s`;

const SELECT_LABEL = 'SELECT contact_id, category_key, taxonomy_version_id, not_for_here, reviewer, labelled_at FROM contact_labels WHERE contact_id = $1::bigint';

// The contact's category as it stands: its reviewer's label's, else its current classification's
// (a classification of 'unclassified' names none). No row back means there is no such contact.
const SELECT_CATEGORY_TO_KEEP = `
  SELECT COALESCE(l.category_key, NULLIF(k.category_key, $2)) AS category_key
  FROM contacts c
  LEFT JOIN contact_labels l ON l.contact_id = c.id
  LEFT JOIN classifications k ON k.contact_id = c.id AND k.current
  WHERE c.id = $1::bigint`;

const FOREIGN_KEY_VIOLATION = '23503';

/** Reviewers' labels: one per contact, the newest correction standing. */
export class ContactLabelRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Stores or replaces the contact's label, and moves its count in the rollups to the label's
   * category in the same transaction; undefined when there is no such contact.
   */
  async upsert(label: Omit<ContactLabel, 'labelledAt' | 'notForHere'> & { notForHere?: boolean }): Promise<StoredLabel | undefined> {
    try {
      const [row] = await this.db.transaction((tx: EntityManager) =>
        changeCountedContacts(tx, [label.contactId], async (): Promise<Array<LabelRow & { model_category: string | null }>> =>
          tx.query(UPSERT_LABEL, [label.contactId, label.categoryKey, label.taxonomyVersionId, label.reviewer, label.notForHere ?? false]),
        ),
      );
      return row ? { ...toLabel(row), modelCategory: row.model_category } : undefined;
    } catch (error) {
      // The contact was erased between the look-up and the insert: it is gone all the same.
      if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) return undefined;
      throw error;
    }
  }

  /**
   * The category a label that names none keeps (a reviewer saying only "not for here"): the
   * contact's label's, else its current classification's; null when it has neither (unclassified
   * or not classified yet), undefined when there is no such contact.
   */
  async categoryToKeep(contactId: string): Promise<string | null | undefined> {
    const [row]: Array<{ category_key: string | null }> = await this.db.query(SELECT_CATEGORY_TO_KEEP, [contactId, UNCLASSIFIED_CATEGORY]);
    return row ? row.category_key : undefined;
  }

  async find(contactId: string): Promise<ContactLabel | undefined> {
    const [row]: LabelRow[] = await this.db.query(SELECT_LABEL, [contactId]);
    return row ? toLabel(row) : undefined;
  }
}

function toLabel(row: LabelRow): ContactLabel {
  return {
    contactId: String(row.contact_id),
    categoryKey: row.category_key,
    taxonomyVersionId: row.taxonomy_version_id,
    notForHere: row.not_for_here,
    reviewer: row.reviewer,
    labelledAt: row.labelled_at,
  };
}
