import type { DataSource, EntityManager } from 'typeorm';
import { UNCLASSIFIED_CATEGORY } from '@frictionlens/contracts';

/** Where a page of the queue ends: the last item's confidence (as PostgreSQL wrote it) and contact id. */
export interface ReviewQueuePosition {
  confidence: string;
  contactId: string;
}

export interface ReviewQueueQuery {
  limit: number;
  /** Start after this position (the previous page's end). */
  after?: ReviewQueuePosition;
  /** Contacts whose confidence is below this, instead of those the classifier left unclassified. */
  below?: number;
  /** Only contacts that occurred in this period: `from` inclusive, `to` exclusive, UTC dates. */
  period?: { from: string; to: string };
}

export interface ReviewItem {
  contactId: string;
  kind: string;
  channel: string | null;
  occurredAt: Date;
  text: string;
  classification: {
    category: string;
    confidence: number;
    top: Array<{ category: string; probability: number }>;
    explanation: Record<string, unknown>;
    modelVersion: number;
    taxonomyVersion: number;
    classifiedAt: Date;
  };
}

export interface ReviewQueuePage {
  items: ReviewItem[];
  /** Where the next page starts; undefined on the last page. */
  next?: ReviewQueuePosition;
}

interface ReviewRow {
  contact_id: string;
  kind: string;
  channel: string | null;
  occurred_at: Date;
  text: string;
  category_key: string;
  confidence: number;
  confidence_text: string;
  top: ReviewItem['classification']['top'];
  explanation: Record<string, unknown>;
  model_version_id: number;
  taxonomy_version_id: number;
  classified_at: Date;
}

// Keyset pagination over (confidence, contact id): a page costs the same wherever it starts, and
// contacts labelled meanwhile simply drop out. The cursor's confidence goes back as text cast to
// real, so it compares equal to the stored value (a JS double would not always). A period is a
// plain range on contacts.occurred_at, added only when asked for, so contacts_occurred_at serves it.
const selectPage = (period: boolean) => `
  SELECT k.contact_id::text AS contact_id, c.kind, c.channel, c.occurred_at, c.text,
         k.category_key, k.confidence, k.confidence::text AS confidence_text, k.top, k.explanation,
         k.model_version_id, k.taxonomy_version_id, k.classified_at
  FROM classifications k
  JOIN contacts c ON c.id = k.contact_id
  WHERE k.current
    AND CASE WHEN $1::real IS NULL THEN k.category_key = $2 ELSE k.confidence < $1::real END
    AND NOT EXISTS (SELECT 1 FROM contact_labels l WHERE l.contact_id = k.contact_id)
    AND ($3::real IS NULL OR (k.confidence, k.contact_id) > ($3::real, $4::bigint))${period ? `
    AND c.occurred_at >= $6::timestamptz AND c.occurred_at < $7::timestamptz` : ''}
  ORDER BY k.confidence, k.contact_id
  LIMIT $5`;

/**
 * The contacts a reviewer should look at: those whose current classification the model was not
 * sure of and that no reviewer has labelled yet, least certain first.
 */
export class ReviewQueueRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async page(query: ReviewQueueQuery): Promise<ReviewQueuePage> {
    const { period } = query;
    const rows: ReviewRow[] = await this.db.query(selectPage(period !== undefined), [
      query.below ?? null,
      UNCLASSIFIED_CATEGORY,
      query.after?.confidence ?? null,
      query.after?.contactId ?? null,
      query.limit + 1,
      ...(period ? [`${period.from}T00:00:00Z`, `${period.to}T00:00:00Z`] : []),
    ]);
    const items = rows.slice(0, query.limit);
    const last = rows.length > query.limit ? items[items.length - 1] : undefined;
    return {
      items: items.map(toItem),
      ...(last && { next: { confidence: last.confidence_text, contactId: last.contact_id } }),
    };
  }
}

function toItem(row: ReviewRow): ReviewItem {
  return {
    contactId: row.contact_id,
    kind: row.kind,
    channel: row.channel,
    occurredAt: row.occurred_at,
    text: row.text,
    classification: {
      category: row.category_key,
      confidence: row.confidence,
      top: row.top,
      explanation: row.explanation,
      modelVersion: row.model_version_id,
      taxonomyVersion: row.taxonomy_version_id,
      classifiedAt: row.classified_at,
    },
  };
}
