import type { DataSource, EntityManager } from 'typeorm';
import type { StepVolume } from '@frictionlens/domain';

/** A period of days: `from` inclusive, `to` exclusive (YYYY-MM-DD, UTC), as the metrics API counts. */
export interface DayRange {
  from?: string;
  to?: string;
}

interface VolumeRow {
  step_key: string;
  day: string;
  units: string;
}

// Rows per statement: a file of a year of daily volumes for hundreds of steps is a few statements.
const CHUNK = 10_000;

const UPSERT_VOLUMES = `
  INSERT INTO step_volumes (step_key, day, units)
  SELECT * FROM unnest($1::text[], $2::date[], $3::bigint[])
  ON CONFLICT (step_key, day) DO UPDATE SET units = EXCLUDED.units`;

// day::text, not a Date: a date has no time zone, and a JS Date would give it one.
const SELECT_VOLUMES = `
  SELECT step_key, day::text AS day, units::text AS units FROM step_volumes
  WHERE ($1::text[] IS NULL OR step_key = ANY($1::text[]))
    AND ($2::date IS NULL OR day >= $2::date) AND ($3::date IS NULL OR day < $3::date)
  ORDER BY step_key COLLATE "C", day`;

const SELECT_UNITS_BY_STEP = `
  SELECT step_key, sum(units)::text AS units FROM step_volumes
  WHERE ($1::date IS NULL OR day >= $1::date) AND ($2::date IS NULL OR day < $2::date)
  GROUP BY step_key`;

/** Units each step handled per day (orders shipped, cards issued): the denominator of its friction rate. */
export class StepVolumeRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * Stores the volumes over what each step and day had (all or none); returns how many rows were
   * written. The steps must exist and each step and day be given once.
   */
  async upsert(volumes: readonly StepVolume[]): Promise<number> {
    if (volumes.length === 0) return 0;
    return this.db.transaction(async (tx) => {
      for (let at = 0; at < volumes.length; at += CHUNK) {
        const chunk = volumes.slice(at, at + CHUNK);
        await tx.query(UPSERT_VOLUMES, [chunk.map((v) => v.stepKey), chunk.map((v) => v.day), chunk.map((v) => v.units)]);
      }
      return volumes.length;
    });
  }

  /** The volumes of these steps (every step when left out) in the range, by step then day. */
  async volumes(range: DayRange & { steps?: readonly string[] } = {}): Promise<StepVolume[]> {
    const rows: VolumeRow[] = await this.db.query(SELECT_VOLUMES, [range.steps ?? null, range.from ?? null, range.to ?? null]);
    return rows.map((r) => ({ stepKey: r.step_key, day: r.day, units: Number(r.units) }));
  }

  /** Each step's units added up over the range; steps with no volume in it are absent. */
  async unitsByStep(range: DayRange = {}): Promise<Map<string, number>> {
    const rows: Array<{ step_key: string; units: string }> = await this.db.query(SELECT_UNITS_BY_STEP, [range.from ?? null, range.to ?? null]);
    return new Map(rows.map((r) => [r.step_key, Number(r.units)]));
  }
}
