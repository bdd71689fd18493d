import type { DataSource } from 'typeorm';
import type { Channel, ContactKind } from '@frictionlens/contracts';
import { REPEAT_FAILURE_TYPE } from '@frictionlens/domain';
import type { DemandType, RollupFilter } from './metrics.repository.js';
import { CONTACT_FAILURE_TYPE, COUNTED, countedContactsWhere, FAILURE_TYPE, FROM_COUNTED_CONTACTS } from '../counting/index.js';

/** Where a page ends: the last contact's occurred_at (as PostgreSQL wrote it, to the microsecond, UTC) and id. */
export interface DrillDownPosition {
  occurredAt: string;
  contactId: string;
}

export interface DrillDownQuery extends RollupFilter {
  demandType?: DemandType;
  limit: number;
  /** Start after this position (the previous page's end). */
  after?: DrillDownPosition;
}

export interface DrillDownContact {
  contactId: string;
  occurredAt: Date;
  kind: ContactKind;
  /** Ingest admits only known channels (the table does not check it). */
  channel: Channel | null;
  productSku: string | null;
  source: string;
  /** As stored: redacted at ingest. */
  text: string;
  category: string;
  demandType: DemandType;
  /** The current classification's; null for a contact only a reviewer has categorised. */
  confidence: number | null;
  top: Array<{ category: string; probability: number }>;
  explanation: Record<string, unknown> | null;
  labelled: boolean;
  /** A reviewer said it was sent to the wrong place (failure demand of type "not for here"). */
  notForHere: boolean;
  /** The same customer got in touch about the same category or step within the repeat window before it. */
  repeat: boolean;
  /** As the metrics count it: the contact's own type (not for here, repeat), else its category's; failure demand only. */
  failureType: string | null;
  modelVersion: number | null;
}

export interface DrillDownPage {
  contacts: DrillDownContact[];
  /** Where the next page starts; undefined on the last page. */
  next?: DrillDownPosition;
}

// Keyset pagination over (occurred_at, id), newest first: a page costs the same wherever it starts,
// and a contact arriving meanwhile never shifts one already listed onto the next page.
const SELECT_PAGE = (where: string, limit: string) => `
  SELECT c.id::text AS contact_id, c.occurred_at,
         to_char(c.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at_text,
         c.kind, c.channel, c.product_sku, c.source, c.text,
         ${COUNTED.category} AS category_key, ${COUNTED.demandType} AS demand_type, ${COUNTED.labelled} AS labelled,
         ${COUNTED.notForHere} AS not_for_here, ${CONTACT_FAILURE_TYPE} = '${REPEAT_FAILURE_TYPE}' AS repeat, ${FAILURE_TYPE} AS failure_type,
         x.confidence, x.top, x.explanation, x.model_version_id
  ${FROM_COUNTED_CONTACTS}
  WHERE ${where}
  ORDER BY c.occurred_at DESC, c.id DESC
  LIMIT ${limit}`;

interface DrillDownRow {
  contact_id: string;
  occurred_at: Date;
  occurred_at_text: string;
  kind: ContactKind;
  channel: Channel | null;
  product_sku: string | null;
  source: string;
  text: string;
  category_key: string;
  demand_type: DemandType;
  labelled: boolean;
  not_for_here: boolean;
  repeat: boolean;
  failure_type: string | null;
  confidence: number | null;
  top: DrillDownContact['top'] | null;
  explanation: Record<string, unknown> | null;
  model_version_id: number | null;
}

/** The contacts behind a metric: those the rollups count, filtered as the metrics are. */
export class ContactDrillDownRepository {
  constructor(private readonly db: DataSource) {}

  async page(query: DrillDownQuery): Promise<DrillDownPage> {
    const where = countedContactsWhere(query);
    if (query.after) {
      where.params.push(query.after.occurredAt, query.after.contactId);
      where.sql += ` AND (c.occurred_at, c.id) < ($${where.params.length - 1}::timestamptz, $${where.params.length}::bigint)`;
    }
    where.params.push(query.limit + 1);
    const rows: DrillDownRow[] = await this.db.query(SELECT_PAGE(where.sql, `$${where.params.length}`), where.params);
    const page = rows.slice(0, query.limit);
    const last = rows.length > query.limit ? page[page.length - 1] : undefined;
    return {
      contacts: page.map(toContact),
      ...(last && { next: { occurredAt: last.occurred_at_text, contactId: last.contact_id } }),
    };
  }
}

function toContact(row: DrillDownRow): DrillDownContact {
  return {
    contactId: row.contact_id,
    occurredAt: row.occurred_at,
    kind: row.kind,
    channel: row.channel,
    productSku: row.product_sku,
    source: row.source,
    text: row.text,
    category: row.category_key,
    demandType: row.demand_type,
    confidence: row.confidence,
    top: row.top ?? [],
    explanation: row.explanation,
    labelled: row.labelled,
    notForHere: row.not_for_here,
    repeat: row.repeat,
    failureType: row.failure_type,
    modelVersion: row.model_version_id,
  };
}
