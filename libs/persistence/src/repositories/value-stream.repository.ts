import type { DataSource, EntityManager } from 'typeorm';
import type { CategoryStepLink, ValueStream, ValueStreamModel, ValueStreamStep } from '@frictionlens/domain';

/** The fields of a step an edit replaces (its key, stream and order stay). */
export type StepFields = Pick<ValueStreamStep, 'name' | 'owner' | 'processTimeMinutes' | 'leadTimeHours' | 'targetCompleteAccurate' | 'unitName'>;

export interface ModelCounts {
  valueStreams: number;
  steps: number;
  links: number;
}

interface StreamRow {
  key: string;
  name: string;
  description: string | null;
  owner: string | null;
}

interface StepRow {
  key: string;
  value_stream_key: string;
  name: string;
  position: number;
  owner: string | null;
  process_time_minutes: number | null;
  lead_time_hours: number | null;
  target_complete_accurate: number | null;
  unit_name: string | null;
}

interface LinkRow {
  category_key: string;
  step_key: string;
  weight: number;
}

const STEP_COLUMNS = 'key, value_stream_key, name, position, owner, process_time_minutes, lead_time_hours, target_complete_accurate, unit_name';
const ORDERED_STEPS = `
  SELECT ${STEP_COLUMNS.split(', ').map((c) => `s.${c}`).join(', ')}
  FROM value_stream_steps s JOIN value_streams v ON v.key = s.value_stream_key`;
const STEP_ORDER = 'ORDER BY v.position, v.key COLLATE "C", s.position, s.key COLLATE "C"';

const SELECT_STREAMS = 'SELECT key, name, description, owner FROM value_streams ORDER BY position, key COLLATE "C"';
const SELECT_STEPS = `${ORDERED_STEPS} ${STEP_ORDER}`;
const SELECT_STEP = `SELECT ${STEP_COLUMNS} FROM value_stream_steps WHERE key = $1`;

// A category's links in the order of its steps; categories in byte order.
const SELECT_LINKS = `
  SELECT l.category_key, l.step_key, l.weight::float8 AS weight
  FROM category_step_links l
  JOIN value_stream_steps s ON s.key = l.step_key JOIN value_streams v ON v.key = s.value_stream_key
  WHERE $1::text IS NULL OR l.category_key = $1
  ORDER BY l.category_key COLLATE "C", v.position, s.position, s.key COLLATE "C"`;

// Streams and steps are upserted, not deleted and re-inserted: the volumes and countermeasures of
// a step that is still there stay with it (deleting a step cascades to them and its links).
const UPSERT_STREAMS = `
  INSERT INTO value_streams (key, name, description, owner, position)
  SELECT key, name, description, owner, position
  FROM jsonb_to_recordset($1::jsonb) AS s(key text, name text, description text, owner text, position integer)
  ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description, owner = EXCLUDED.owner, position = EXCLUDED.position`;

const UPSERT_STEPS = `
  INSERT INTO value_stream_steps (${STEP_COLUMNS})
  SELECT ${STEP_COLUMNS}
  FROM jsonb_to_recordset($1::jsonb) AS s(key text, value_stream_key text, name text, position integer, owner text,
    process_time_minutes real, lead_time_hours real, target_complete_accurate real, unit_name text)
  ON CONFLICT (key) DO UPDATE SET value_stream_key = EXCLUDED.value_stream_key, name = EXCLUDED.name, position = EXCLUDED.position,
    owner = EXCLUDED.owner, process_time_minutes = EXCLUDED.process_time_minutes, lead_time_hours = EXCLUDED.lead_time_hours,
    target_complete_accurate = EXCLUDED.target_complete_accurate, unit_name = EXCLUDED.unit_name`;

const DELETE_STEPS_EXCEPT = 'DELETE FROM value_stream_steps WHERE NOT (key = ANY($1::text[]))';
const DELETE_STREAMS_EXCEPT = 'DELETE FROM value_streams WHERE NOT (key = ANY($1::text[]))';
const DELETE_LINKS = 'DELETE FROM category_step_links WHERE $1::text IS NULL OR category_key = $1';
const INSERT_LINKS = `
  INSERT INTO category_step_links (category_key, step_key, weight)
  SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[])`;

// In a WITH: TypeORM answers a bare UPDATE with [rows, count], a SELECT with its rows.
const UPDATE_STEP = `
  WITH updated AS (
    UPDATE value_stream_steps SET name = $2, owner = $3, process_time_minutes = $4, lead_time_hours = $5, target_complete_accurate = $6, unit_name = $7
    WHERE key = $1
    RETURNING ${STEP_COLUMNS}
  )
  SELECT * FROM updated`;

// Link changes recount the rollups (DemandRollupRepository.rebuild). Holding this lock from
// before the links change until commit keeps every other rollup writer (classifier, reviewer,
// erasure) out meanwhile, so none adds a contact by the old links after the recount, and it makes
// model changes one at a time. Readers (the metrics API) are not blocked.
const LOCK_FOR_MODEL_CHANGE = 'LOCK TABLE demand_rollups IN EXCLUSIVE MODE';

/**
 * The value-stream model: streams, their ordered steps (keys unique across streams), and the
 * links from each category to the steps its friction originates at, with weights.
 */
export class ValueStreamRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Every stream in its listed order, each with its steps in order. */
  async valueStreams(): Promise<ValueStream[]> {
    const streams: StreamRow[] = await this.db.query(SELECT_STREAMS);
    const steps = await this.steps();
    return streams.map((s) => ({ key: s.key, name: s.name, description: s.description, owner: s.owner, steps: steps.filter((step) => step.valueStreamKey === s.key) }));
  }

  /** Every step, stream by stream in the streams' order, each stream's in its order. */
  async steps(): Promise<ValueStreamStep[]> {
    const rows: StepRow[] = await this.db.query(SELECT_STEPS);
    return rows.map(toStep);
  }

  async findStep(key: string): Promise<ValueStreamStep | undefined> {
    const [row]: StepRow[] = await this.db.query(SELECT_STEP, [key]);
    return row ? toStep(row) : undefined;
  }

  /** Every category's links (or one category's), categories in byte order, each one's steps in stream order. */
  async links(categoryKey?: string): Promise<CategoryStepLink[]> {
    const rows: LinkRow[] = await this.db.query(SELECT_LINKS, [categoryKey ?? null]);
    return rows.map((r) => ({ categoryKey: r.category_key, stepKey: r.step_key, weight: r.weight }));
  }

  /** The whole model, as an import would give it. */
  async model(): Promise<ValueStreamModel> {
    return { valueStreams: await this.valueStreams(), links: await this.links() };
  }

  /**
   * Call first in a transaction that changes links, then recount the rollups in it
   * (`new DemandRollupRepository(tx).rebuild()`); model changes then happen one at a time.
   */
  async lockForModelChange(): Promise<void> {
    await this.db.query(LOCK_FOR_MODEL_CHANGE);
  }

  /**
   * Replaces the whole model: streams and steps not in it are deleted (with their volumes,
   * countermeasures and links), the others updated in place, every link replaced. In the caller's
   * transaction, after `lockForModelChange`.
   */
  async replaceModel(model: ValueStreamModel): Promise<ModelCounts> {
    const steps = model.valueStreams.flatMap((s) => s.steps);
    await this.db.query(UPSERT_STREAMS, [JSON.stringify(model.valueStreams.map((s, position) => ({ key: s.key, name: s.name, description: s.description, owner: s.owner, position })))]);
    await this.db.query(UPSERT_STEPS, [JSON.stringify(steps.map(toStepRow))]);
    await this.db.query(DELETE_STEPS_EXCEPT, [steps.map((s) => s.key)]);
    await this.db.query(DELETE_STREAMS_EXCEPT, [model.valueStreams.map((s) => s.key)]);
    await this.db.query(DELETE_LINKS, [null]);
    await this.insertLinks(model.links);
    return { valueStreams: model.valueStreams.length, steps: steps.length, links: model.links.length };
  }

  /** Replaces one category's links (none: not linked). In the caller's transaction, after `lockForModelChange`. */
  async replaceLinksOf(categoryKey: string, links: ReadonlyArray<Pick<CategoryStepLink, 'stepKey' | 'weight'>>): Promise<void> {
    await this.db.query(DELETE_LINKS, [categoryKey]);
    await this.insertLinks(links.map((l) => ({ categoryKey, stepKey: l.stepKey, weight: l.weight })));
  }

  /** Replaces a step's editable fields; undefined when there is no such step. */
  async updateStep(key: string, fields: StepFields): Promise<ValueStreamStep | undefined> {
    const [row]: StepRow[] = await this.db.query(UPDATE_STEP, [
      key,
      fields.name,
      fields.owner,
      fields.processTimeMinutes,
      fields.leadTimeHours,
      fields.targetCompleteAccurate,
      fields.unitName,
    ]);
    return row ? toStep(row) : undefined;
  }

  private async insertLinks(links: readonly CategoryStepLink[]): Promise<void> {
    if (links.length === 0) return;
    await this.db.query(INSERT_LINKS, [links.map((l) => l.categoryKey), links.map((l) => l.stepKey), links.map((l) => l.weight)]);
  }
}

function toStep(row: StepRow): ValueStreamStep {
  return {
    key: row.key,
    valueStreamKey: row.value_stream_key,
    name: row.name,
    order: row.position,
    owner: row.owner,
    processTimeMinutes: row.process_time_minutes,
    leadTimeHours: row.lead_time_hours,
    targetCompleteAccurate: row.target_complete_accurate,
    unitName: row.unit_name,
  };
}

function toStepRow(step: ValueStreamStep): StepRow {
  return {
    key: step.key,
    value_stream_key: step.valueStreamKey,
    name: step.name,
    position: step.order,
    owner: step.owner,
    process_time_minutes: step.processTimeMinutes,
    lead_time_hours: step.leadTimeHours,
    target_complete_accurate: step.targetCompleteAccurate,
    unit_name: step.unitName,
  };
}
