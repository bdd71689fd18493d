import type { DataSource, EntityManager } from 'typeorm';
import type { DiscoveryScope } from '../entities/discovery-run.entity.js';
import type { DiscoveryThemeStatus } from '../entities/discovery-theme.entity.js';
import { DISCOVERY_THEME_COLUMNS, discoveryThemeOf, type DiscoveryTheme, type DiscoveryThemeRow } from './discovery.repository.js';
import { vectorOf } from './embedding.repository.js';

/** The one scope key of emerging runs: the partial unique index keeps one queued or running at a time. */
export const EMERGING_SCOPE_KEY = 'emerging';

/** A theme of an emerging run as its assessment reads it: fingerprint, status and its members' dates. */
export interface ThemeToAssess {
  id: number;
  status: DiscoveryThemeStatus;
  terms: string[];
  centroid: Float32Array;
  centroidEncoder: string;
  memberDates: Date[];
}

/** A raised emerging theme, whatever people made of it since: what a later run's themes are matched with. */
export interface RaisedFingerprint {
  themeId: number;
  terms: string[];
  centroid: Float32Array;
  centroidEncoder: string;
}

/** A raised emerging theme with its figures, as the API lists it. */
export interface RaisedEmergingTheme {
  theme: DiscoveryTheme;
  emerging: Record<string, unknown>;
  raisedAt: Date;
}

/** Emerging runs (kind `emerging`), their assessment, and the themes raised (docs/discovery.md, "Emerging themes"). */
export class EmergingThemeRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Queues an emerging run as of `createdAt`; undefined when one is queued or running already. */
  async enqueue(run: { scope: DiscoveryScope; parameters: Record<string, unknown>; createdAt: Date }): Promise<number | undefined> {
    const [row]: Array<{ id: number } | undefined> = await this.db.query(
      `INSERT INTO discovery_runs (kind, scope, scope_key, parameters, requested_by, created_at) VALUES ('emerging', $1, $2, $3, 'schedule', $4)
       ON CONFLICT (scope_key) WHERE status IN ('queued', 'running', 'cancelling') DO NOTHING RETURNING id`,
      [JSON.stringify(run.scope), EMERGING_SCOPE_KEY, JSON.stringify(run.parameters), run.createdAt],
    );
    return row?.id;
  }

  /** When the newest emerging run was scheduled. */
  async lastScheduledAt(): Promise<Date | undefined> {
    const [row]: Array<{ at: Date | null } | undefined> = await this.db.query(`SELECT max(created_at) AS at FROM discovery_runs WHERE kind = 'emerging'`);
    return row?.at ?? undefined;
  }

  /** Locks a done emerging run not assessed yet (call inside a transaction); another instance skips it. */
  async nextToAssess(): Promise<{ id: number; parameters: Record<string, unknown>; createdAt: Date } | undefined> {
    const [row]: Array<{ id: number; parameters: Record<string, unknown>; created_at: Date } | undefined> = await this.db.query(
      `SELECT id, parameters, created_at FROM discovery_runs WHERE kind = 'emerging' AND status = 'done' AND assessed_at IS NULL
       ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1`,
    );
    return row && { id: row.id, parameters: row.parameters, createdAt: row.created_at };
  }

  /** The run's themes with their members' dates (members of erased contacts are gone). */
  async themesToAssess(runId: number): Promise<ThemeToAssess[]> {
    const themes: Array<{ id: number; status: DiscoveryThemeStatus; fingerprint_terms: string[]; centroid: Buffer; centroid_encoder: string }> = await this.db.query(
      'SELECT id, status, fingerprint_terms, centroid, centroid_encoder FROM discovery_themes WHERE run_id = $1 ORDER BY position',
      [runId],
    );
    const dates: Array<{ theme_id: number; occurred_at: Date }> = await this.db.query(
      'SELECT m.theme_id, c.occurred_at FROM discovery_theme_members m JOIN contacts c ON c.id = m.contact_id WHERE m.run_id = $1',
      [runId],
    );
    const byTheme = new Map<number, Date[]>();
    for (const d of dates) byTheme.set(d.theme_id, [...(byTheme.get(d.theme_id) ?? []), d.occurred_at]);
    return themes.map((t) => ({
      id: t.id,
      status: t.status,
      terms: t.fingerprint_terms,
      centroid: vectorOf(t.centroid),
      centroidEncoder: t.centroid_encoder,
      memberDates: byTheme.get(t.id) ?? [],
    }));
  }

  /** Every theme ever raised, whatever its status now. */
  async raisedFingerprints(): Promise<RaisedFingerprint[]> {
    const rows: Array<{ id: number; fingerprint_terms: string[]; centroid: Buffer; centroid_encoder: string }> = await this.db.query(
      'SELECT id, fingerprint_terms, centroid, centroid_encoder FROM discovery_themes WHERE raised_at IS NOT NULL ORDER BY id',
    );
    return rows.map((r) => ({ themeId: r.id, terms: r.fingerprint_terms, centroid: vectorOf(r.centroid), centroidEncoder: r.centroid_encoder }));
  }

  /** Records a theme's growth; raises it, or names the raised theme it is again. */
  async record(themeId: number, emerging: Record<string, unknown>, outcome: { raise: boolean; emergingThemeId: number | null }): Promise<void> {
    await this.db.query(`UPDATE discovery_themes SET emerging = $2, raised_at = CASE WHEN $3::boolean THEN now() ELSE raised_at END, emerging_theme_id = $4 WHERE id = $1`, [
      themeId,
      JSON.stringify(emerging),
      outcome.raise,
      outcome.emergingThemeId,
    ]);
  }

  /** A raised theme seen again: its figures become the latest run's. */
  async updateRaised(themeId: number, emerging: Record<string, unknown>): Promise<void> {
    await this.db.query('UPDATE discovery_themes SET emerging = $2 WHERE id = $1 AND raised_at IS NOT NULL', [themeId, JSON.stringify(emerging)]);
  }

  async markAssessed(runId: number): Promise<void> {
    await this.db.query('UPDATE discovery_runs SET assessed_at = now() WHERE id = $1', [runId]);
  }

  /** Raised themes, newest first: `open` only those still waiting for a decision (proposed). */
  async raised(options: { status: 'open' | 'all'; limit: number }): Promise<RaisedEmergingTheme[]> {
    // The theme's columns as DiscoveryRepository reads them, in the same statement (one round trip, not one per theme).
    const rows: Array<DiscoveryThemeRow & { emerging: Record<string, unknown>; raised_at: Date }> = await this.db.query(
      `SELECT ${DISCOVERY_THEME_COLUMNS}, emerging, raised_at FROM discovery_themes WHERE raised_at IS NOT NULL AND ($1::boolean OR status = 'proposed')
       ORDER BY raised_at DESC, id DESC LIMIT $2`,
      [options.status === 'all', options.limit],
    );
    return rows.map((row) => ({ theme: discoveryThemeOf(row), emerging: row.emerging, raisedAt: row.raised_at }));
  }
}
