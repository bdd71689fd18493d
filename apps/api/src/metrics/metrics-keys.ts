import type { DataSource } from 'typeorm';
import type { MetricsFilters } from '@frictionlens/contracts';
import { unknownKeyProblems, type KnownKeys } from '@frictionlens/domain';
import { invalidRequest } from '@frictionlens/platform';

/** The filters whose keys the taxonomy and the value-stream map define (channel and kind are checked by the schema; products and sources are open). */
export type KeyedFilter = 'valueStream' | 'step' | 'category' | 'failureType';

// Failure types a contact carries itself, whatever the typology says (docs/metrics.md, "Failure types").
const CONTACT_FAILURE_TYPES = ['repeat', 'not-for-here'];

// Categories of every taxonomy version, since the rollups keep the keys a contact was counted
// under (a merged category's history is still there); failure types of the current version only,
// since a figure's failure type is looked up in it. One round trip.
const SELECT_KEYS = `
  SELECT 'valueStream' AS field, key FROM value_streams
  UNION SELECT 'step', key FROM value_stream_steps
  UNION SELECT 'category', key FROM taxonomy_categories
  UNION SELECT 'failureType', e->>'key' FROM taxonomy_versions v CROSS JOIN jsonb_array_elements(v.failure_types) e WHERE v.id = (SELECT max(id) FROM taxonomy_versions)
  UNION SELECT 'failureType', failure_type FROM taxonomy_categories WHERE taxonomy_version_id = (SELECT max(id) FROM taxonomy_versions) AND failure_type IS NOT NULL`;

export async function loadKnownKeys(db: DataSource): Promise<Record<KeyedFilter, KnownKeys>> {
  const rows: Array<{ field: KeyedFilter; key: string }> = await db.query(SELECT_KEYS);
  const keysOf = (field: KeyedFilter, extra: string[] = []) => [...new Set([...rows.filter((r) => r.field === field).map((r) => r.key), ...extra])].sort();
  return {
    valueStream: { noun: 'value stream', keys: keysOf('valueStream'), listedAt: 'GET /v1/value-streams' },
    step: { noun: 'step', keys: keysOf('step'), listedAt: 'GET /v1/value-streams' },
    category: { noun: 'category', keys: keysOf('category', ['unclassified']), listedAt: 'GET /v1/taxonomy' },
    failureType: { noun: 'failure type', keys: keysOf('failureType', CONTACT_FAILURE_TYPES), listedAt: 'GET /v1/taxonomy' },
  };
}

/**
 * The value-stream, step, category and failure-type keys a metrics filter may name, so that a
 * typo answers a 400 naming it and the closest key rather than a page of zeros. Loaded with one
 * query and kept, like the answers, until PostgreSQL says a table behind them changed (the same
 * change feed: `changed()` is called on each notification). While changes cannot be heard, it is
 * loaded for every request.
 */
export class MetricsKeys {
  private loaded: { generation: number; keys: Promise<Record<KeyedFilter, KnownKeys>> } | undefined;
  private generation = 0;

  constructor(
    private readonly load: () => Promise<Record<KeyedFilter, KnownKeys>>,
    private readonly following: () => boolean,
  ) {}

  /** The data changed: the keys loaded before now may be out of date. */
  changed(): void {
    this.generation++;
  }

  /** The known keys: the ones kept while nothing changed, else (or when `fresh`) loaded now. */
  async known(fresh = false): Promise<{ keys: Record<KeyedFilter, KnownKeys>; kept: boolean }> {
    if (!fresh && this.loaded && this.loaded.generation === this.generation && this.following()) return { keys: await this.loaded.keys, kept: true };
    const loaded = { generation: this.generation, keys: this.load() };
    this.loaded = loaded;
    loaded.keys.catch(() => {
      if (this.loaded === loaded) this.loaded = undefined;
    });
    return { keys: await loaded.keys, kept: false };
  }

  /**
   * Throws the API's 400 (`invalidRequest`) naming every unknown key of the filters, each with the
   * closest known one. A key missing from the kept keys is looked up afresh before it is called
   * unknown, so one made a moment ago, whose notification is still on its way, passes.
   */
  async check(filters: Pick<MetricsFilters, KeyedFilter>): Promise<void> {
    const asked = { valueStream: filters.valueStream, step: filters.step, category: filters.category, failureType: filters.failureType };
    if (!Object.values(asked).some((keys) => keys?.length)) return;
    let known = await this.known();
    const unknown = () => Object.entries(asked).some(([field, keys]) => keys?.some((key) => !known.keys[field as KeyedFilter].keys.includes(key)));
    if (!unknown()) return;
    if (known.kept) known = await this.known(true);
    const problems = unknownKeyProblems(asked, known.keys);
    if (problems.length) throw invalidRequest(problems);
  }
}
