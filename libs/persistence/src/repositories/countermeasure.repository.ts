import type { DataSource, EntityManager } from 'typeorm';
import type { CountermeasureStatus } from '@frictionlens/contracts';
import type { Countermeasure } from '@frictionlens/domain';

/** A countermeasure as written: everything but what the database gives it. */
export type CountermeasureFields = Omit<Countermeasure, 'id' | 'valueStreamKey' | 'createdAt'>;

export interface CountermeasureFilter {
  steps?: readonly string[];
  statuses?: readonly CountermeasureStatus[];
}

interface CountermeasureRow {
  id: number;
  step_key: string;
  value_stream_key: string;
  category_keys: string[];
  title: string;
  description: string | null;
  owner: string | null;
  started_on: string;
  status: CountermeasureStatus;
  created_at: Date;
}

// started_on::text, not a Date: a date has no time zone, and a JS Date would give it one.
const COLUMNS = 'c.id, c.step_key, s.value_stream_key, c.category_keys, c.title, c.description, c.owner, c.started_on::text AS started_on, c.status, c.created_at';
const WITH_STEP = 'JOIN value_stream_steps s ON s.key = c.step_key';

const INSERT = `
  WITH c AS (
    INSERT INTO countermeasures (step_key, category_keys, title, description, owner, started_on, status)
    VALUES ($1, $2::text[], $3, $4, $5, $6::date, $7) RETURNING *
  )
  SELECT ${COLUMNS} FROM c ${WITH_STEP}`;

const UPDATE = `
  WITH c AS (
    UPDATE countermeasures SET step_key = $2, category_keys = $3::text[], title = $4, description = $5, owner = $6, started_on = $7::date, status = $8
    WHERE id = $1 RETURNING *
  )
  SELECT ${COLUMNS} FROM c ${WITH_STEP}`;

const SELECT = `
  SELECT ${COLUMNS} FROM countermeasures c ${WITH_STEP}
  WHERE ($1::int IS NULL OR c.id = $1) AND ($2::text[] IS NULL OR c.step_key = ANY($2::text[])) AND ($3::text[] IS NULL OR c.status = ANY($3::text[]))
  ORDER BY c.started_on, c.id`;

// In a WITH: TypeORM answers a bare DELETE with [rows, count], a SELECT with its rows.
const DELETE = 'WITH deleted AS (DELETE FROM countermeasures WHERE id = $1 RETURNING id) SELECT id FROM deleted';

/** Prevention work on steps (countermeasures), whose effect the metrics judge. */
export class CountermeasureRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async create(fields: CountermeasureFields): Promise<Countermeasure> {
    const [row]: CountermeasureRow[] = await this.db.query(INSERT, valuesOf(fields));
    return toCountermeasure(row!);
  }

  async find(id: number): Promise<Countermeasure | undefined> {
    const [row]: CountermeasureRow[] = await this.db.query(SELECT, [id, null, null]);
    return row ? toCountermeasure(row) : undefined;
  }

  /** The countermeasures on these steps and in these statuses (all when left out), oldest start first. */
  async list(filter: CountermeasureFilter = {}): Promise<Countermeasure[]> {
    const rows: CountermeasureRow[] = await this.db.query(SELECT, [null, filter.steps ?? null, filter.statuses ?? null]);
    return rows.map(toCountermeasure);
  }

  /** Replaces every field; undefined when there is no such countermeasure. */
  async update(id: number, fields: CountermeasureFields): Promise<Countermeasure | undefined> {
    const [row]: CountermeasureRow[] = await this.db.query(UPDATE, [id, ...valuesOf(fields)]);
    return row ? toCountermeasure(row) : undefined;
  }

  /** False when there was no such countermeasure. */
  async remove(id: number): Promise<boolean> {
    const rows: unknown[] = await this.db.query(DELETE, [id]);
    return rows.length > 0;
  }
}

function valuesOf(c: CountermeasureFields): unknown[] {
  return [c.stepKey, c.categoryKeys, c.title, c.description, c.owner, c.startedOn, c.status];
}

function toCountermeasure(row: CountermeasureRow): Countermeasure {
  return {
    id: row.id,
    stepKey: row.step_key,
    valueStreamKey: row.value_stream_key,
    categoryKeys: row.category_keys,
    title: row.title,
    description: row.description,
    owner: row.owner,
    startedOn: row.started_on,
    status: row.status,
    createdAt: row.created_at,
  };
}
