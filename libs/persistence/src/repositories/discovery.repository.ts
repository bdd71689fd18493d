import type { DataSource, EntityManager } from 'typeorm';
import type { DiscoveryRunStatus, DiscoveryScope } from '../entities/discovery-run.entity.js';
import type { DiscoveryThemeStatus } from '../entities/discovery-theme.entity.js';
import { bytesOf, vectorOf } from './embedding.repository.js';
import { changeCountedContacts } from './demand-rollup.repository.js';

/** A discovery run as its readers see it. */
export interface DiscoveryRun {
  id: number;
  scope: DiscoveryScope;
  parameters: Record<string, unknown>;
  status: DiscoveryRunStatus;
  encoder: string | null;
  encoderChecksum: string | null;
  modelVersionId: number | null;
  contactCount: number | null;
  progress: { stage: string | null; done: number; total: number };
  estimate: Record<string, unknown> | null;
  error: string | null;
  requestedBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** A theme as the runner (or a split) writes it. */
export interface NewDiscoveryTheme {
  name: string;
  terms: Array<{ term: string; weight: number }>;
  weeklyTrend: Array<{ week: string; count: number }>;
  examples: Array<{ contactId: string; similarity: number }>;
  suggestions: Record<string, unknown>;
  status: 'proposed' | 'dismissed';
  fingerprintTerms: string[];
  centroid: Float32Array;
  centroidEncoder: string;
  matchesDismissedThemeId: number | null;
  splitFromThemeId?: number;
  /** Every member, nearest the centre first. */
  members: Array<{ contactId: string; similarity: number }>;
}

export interface DiscoveryTheme extends Omit<NewDiscoveryTheme, 'members' | 'status' | 'splitFromThemeId'> {
  id: number;
  runId: number;
  position: number;
  size: number;
  status: DiscoveryThemeStatus;
  splitFromThemeId: number | null;
  categoryKey: string | null;
  taxonomyVersionId: number | null;
  decidedAt: Date | null;
  decidedBy: string | null;
}

/** A contact of a run's scope, as discovery reads it. */
export interface ScopedContact {
  id: string;
  text: string;
  occurredAt: Date;
  /** Its reviewer's label, else its current classification, else `unclassified`. */
  category: string;
}

/** A dismissed theme's fingerprint, for the next runs to recognise it. */
export interface DismissedFingerprint {
  themeId: number;
  terms: string[];
  centroid: Float32Array;
  centroidEncoder: string;
}

const RUN_COLUMNS = `id, scope, parameters, status, encoder, encoder_checksum, model_version_id, contact_count, progress_stage,
  progress_done, progress_total, estimate, error, requested_by, created_at, started_at, finished_at`;
const THEME_COLUMNS = `id, run_id, position, name, terms, size, weekly_trend, examples, suggestions, status, fingerprint_terms, centroid,
  centroid_encoder, matches_dismissed_theme_id, split_from_theme_id, category_key, taxonomy_version_id, decided_at, decided_by`;
const ACTIVE = `('queued', 'running', 'cancelling')`;

// The oldest queued run, or a running one whose runner stopped beating (its instance died); the
// row lock taken with SKIP LOCKED lets two instances claim two different runs at once.
const CLAIM_NEXT = `
  UPDATE discovery_runs r SET status = 'running', started_at = now(), heartbeat_at = now(), progress_stage = 'loading',
    progress_done = 0, progress_total = 0, error = NULL
  WHERE r.id = (
    SELECT id FROM discovery_runs
    WHERE status = 'queued' OR status = 'running' AND heartbeat_at < now() - make_interval(secs => $1)
    ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
  RETURNING ${RUN_COLUMNS.split(',').map((c) => `r.${c.trim()}`).join(', ')}`;

// The contacts of a scope, newest first up to the limit; a label outranks the model's category.
const SELECT_SCOPED_CONTACTS = `
  SELECT c.id, c.text, c.occurred_at, COALESCE(l.category_key, k.category_key, 'unclassified') AS category
  FROM contacts c
  LEFT JOIN contact_labels l ON l.contact_id = c.id
  LEFT JOIN classifications k ON k.contact_id = c.id AND k.current
  WHERE ($1::timestamptz IS NULL OR c.occurred_at >= $1) AND ($2::timestamptz IS NULL OR c.occurred_at < $2)
    AND ($3::text IS NULL OR c.kind = $3) AND ($4::text IS NULL OR c.channel = $4)
    AND ($5::text IS NULL OR COALESCE(l.category_key, k.category_key, 'unclassified') = $5)
  ORDER BY c.occurred_at DESC, c.id DESC
  LIMIT $6`;

// An emerging run's contacts: those the model placed with low confidence or not at all (current
// classification unclassified, or below the threshold its model version was trained with) and no
// reviewer has labelled; contacts not classified yet are waiting, not unplaced.
const SELECT_UNPLACED_CONTACTS = `
  SELECT c.id, c.text, c.occurred_at, k.category_key AS category
  FROM contacts c
  JOIN classifications k ON k.contact_id = c.id AND k.current
  LEFT JOIN model_versions m ON m.id = k.model_version_id
  WHERE ($1::timestamptz IS NULL OR c.occurred_at >= $1) AND ($2::timestamptz IS NULL OR c.occurred_at < $2)
    AND ($3::text IS NULL OR c.kind = $3) AND ($4::text IS NULL OR c.channel = $4)
    AND NOT EXISTS (SELECT 1 FROM contact_labels l WHERE l.contact_id = c.id)
    AND (k.category_key = 'unclassified'
      OR jsonb_typeof(m.evaluation -> 'threshold') = 'number' AND k.confidence < (m.evaluation ->> 'threshold')::real)
  ORDER BY c.occurred_at DESC, c.id DESC
  LIMIT $5`;

// Up to $3 contacts of each category (a label outranks the model), those with a stored embedding
// by the run's encoder first: what a category's centroid is made of beside its examples.
const SELECT_CATEGORY_SAMPLES = `
  SELECT category, id, text, vector FROM (
    SELECT COALESCE(l.category_key, k.category_key) AS category, c.id, c.text, e.vector,
           row_number() OVER (PARTITION BY COALESCE(l.category_key, k.category_key) ORDER BY e.vector IS NULL, l.contact_id IS NULL, c.id DESC) AS n
    FROM contacts c
    LEFT JOIN contact_labels l ON l.contact_id = c.id
    LEFT JOIN classifications k ON k.contact_id = c.id AND k.current
    LEFT JOIN contact_embeddings e ON e.contact_id = c.id AND e.encoder_checksum = $1
    WHERE COALESCE(l.category_key, k.category_key) = ANY($2::text[])
  ) s WHERE n <= $3`;

// Confirmed members become reviewers' labels: training examples that carry the contact's own
// redacted text, outrank the model, and go with the contact when it is erased.
const LABEL_CONTACTS = `
  INSERT INTO contact_labels (contact_id, category_key, taxonomy_version_id, not_for_here, reviewer, labelled_at)
  SELECT id, $2, $3, false, $4, now() FROM contacts WHERE id = ANY($1::bigint[])
  ON CONFLICT (contact_id) DO UPDATE
    SET category_key = EXCLUDED.category_key, taxonomy_version_id = EXCLUDED.taxonomy_version_id,
        not_for_here = false, reviewer = EXCLUDED.reviewer, labelled_at = EXCLUDED.labelled_at
  RETURNING 1`;

/** Discovery runs, their themes and members (docs/discovery.md). */
export class DiscoveryRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Queues a run; undefined when a run of the same scope is queued or running already. */
  async enqueue(run: { scope: DiscoveryScope; scopeKey: string; parameters: Record<string, unknown>; requestedBy: string | null }): Promise<DiscoveryRun | undefined> {
    // The partial unique index decides: two requests at once cannot both queue a run of one scope.
    const [row]: Array<RunRow | undefined> = await this.db.query(
      `INSERT INTO discovery_runs (scope, scope_key, parameters, requested_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (scope_key) WHERE status IN ${ACTIVE} DO NOTHING RETURNING ${RUN_COLUMNS}`,
      [JSON.stringify(run.scope), run.scopeKey, JSON.stringify(run.parameters), run.requestedBy],
    );
    return row && toRun(row);
  }

  /** The run of this scope that is queued, running or being cancelled. */
  async activeFor(scopeKey: string): Promise<DiscoveryRun | undefined> {
    const [row]: Array<RunRow | undefined> = await this.db.query(`SELECT ${RUN_COLUMNS} FROM discovery_runs WHERE scope_key = $1 AND status IN ${ACTIVE}`, [scopeKey]);
    return row && toRun(row);
  }

  async find(id: number): Promise<DiscoveryRun | undefined> {
    const [row]: Array<RunRow | undefined> = await this.db.query(`SELECT ${RUN_COLUMNS} FROM discovery_runs WHERE id = $1`, [id]);
    return row && toRun(row);
  }

  /** Newest first. */
  async list(limit = 50): Promise<DiscoveryRun[]> {
    const rows: RunRow[] = await this.db.query(`SELECT ${RUN_COLUMNS} FROM discovery_runs ORDER BY id DESC LIMIT $1`, [limit]);
    return rows.map(toRun);
  }

  /** Claims the next run to work on (marked running); undefined when there is none. */
  async claimNext(staleAfterSeconds = 120): Promise<DiscoveryRun | undefined> {
    const [row] = returnedRows<RunRow>(await this.db.query(CLAIM_NEXT, [staleAfterSeconds]));
    return row && toRun(row);
  }

  async describe(id: number, fields: { encoder: string; encoderChecksum: string; modelVersionId: number | null; contactCount: number }): Promise<void> {
    await this.db.query('UPDATE discovery_runs SET encoder = $2, encoder_checksum = $3, model_version_id = $4, contact_count = $5, heartbeat_at = now() WHERE id = $1', [
      id,
      fields.encoder,
      fields.encoderChecksum,
      fields.modelVersionId,
      fields.contactCount,
    ]);
  }

  /** Writes the run's progress and heartbeat; returns its status (`cancelling`: asked to stop). */
  async progress(id: number, stage: string, done: number, total: number): Promise<DiscoveryRunStatus | undefined> {
    const [row] = returnedRows<{ status: DiscoveryRunStatus }>(
      await this.db.query('UPDATE discovery_runs SET progress_stage = $2, progress_done = $3, progress_total = $4, heartbeat_at = now() WHERE id = $1 RETURNING status', [id, stage, done, total]),
    );
    return row?.status;
  }

  async status(id: number): Promise<DiscoveryRunStatus | undefined> {
    const [row]: Array<{ status: DiscoveryRunStatus } | undefined> = await this.db.query('SELECT status FROM discovery_runs WHERE id = $1', [id]);
    return row?.status;
  }

  /**
   * Asks a run to stop: a queued one is cancelled at once, a running one becomes `cancelling`
   * until its runner sees it. Returns the run as it now is (undefined: no such run).
   */
  async cancel(id: number): Promise<DiscoveryRun | undefined> {
    await this.db.query(
      `UPDATE discovery_runs SET status = CASE status WHEN 'queued' THEN 'cancelled' ELSE 'cancelling' END,
         finished_at = CASE status WHEN 'queued' THEN now() ELSE finished_at END
       WHERE id = $1 AND status IN ('queued', 'running')`,
      [id],
    );
    return this.find(id);
  }

  /** Ends a run that stored nothing: failed (with the error) or cancelled. */
  async finish(id: number, status: 'failed' | 'cancelled', error: string | null = null): Promise<void> {
    await this.db.query('UPDATE discovery_runs SET status = $2, error = $3, finished_at = now(), heartbeat_at = now() WHERE id = $1', [id, status, error]);
  }

  /** The contacts of a scope (newest first, at most `limit`). */
  async scopedContacts(scope: DiscoveryScope, limit: number): Promise<ScopedContact[]> {
    if (scope.unplaced) return this.unplacedContacts(scope, limit);
    const rows: Array<{ id: string; text: string; occurred_at: Date; category: string }> = await this.db.query(SELECT_SCOPED_CONTACTS, [
      scope.from ?? null,
      scope.to ?? null,
      scope.kind ?? null,
      scope.channel ?? null,
      scope.category ?? null,
      limit,
    ]);
    return rows.map((r) => ({ id: String(r.id), text: r.text, occurredAt: r.occurred_at, category: r.category }));
  }

  /** An emerging run's contacts: placed with low confidence or not at all, unlabelled (newest first, at most `limit`). */
  private async unplacedContacts(scope: DiscoveryScope, limit: number): Promise<ScopedContact[]> {
    const rows: Array<{ id: string; text: string; occurred_at: Date; category: string }> = await this.db.query(SELECT_UNPLACED_CONTACTS, [
      scope.from ?? null,
      scope.to ?? null,
      scope.kind ?? null,
      scope.channel ?? null,
      limit,
    ]);
    return rows.map((r) => ({ id: String(r.id), text: r.text, occurredAt: r.occurred_at, category: r.category }));
  }

  /** Up to `perCategory` contacts of each category, with their stored embedding by this encoder when there is one. */
  async categorySamples(encoderChecksum: string, keys: readonly string[], perCategory: number): Promise<Array<{ category: string; contactId: string; text: string; vector?: Float32Array }>> {
    if (keys.length === 0) return [];
    const rows: Array<{ category: string; id: string; text: string; vector: Buffer | null }> = await this.db.query(SELECT_CATEGORY_SAMPLES, [encoderChecksum, keys, perCategory]);
    return rows.map((r) => ({ category: r.category, contactId: String(r.id), text: r.text, ...(r.vector ? { vector: vectorOf(r.vector) } : {}) }));
  }

  /** Every theme people dismissed, for matching. */
  async dismissedFingerprints(): Promise<DismissedFingerprint[]> {
    const rows: Array<{ id: number; fingerprint_terms: string[]; centroid: Buffer; centroid_encoder: string }> = await this.db.query(
      `SELECT id, fingerprint_terms, centroid, centroid_encoder FROM discovery_themes WHERE status = 'dismissed' AND matches_dismissed_theme_id IS NULL`,
    );
    return rows.map((r) => ({ themeId: r.id, terms: r.fingerprint_terms, centroid: vectorOf(r.centroid), centroidEncoder: r.centroid_encoder }));
  }

  /**
   * Stores a finished run's themes and members and marks it done, in one transaction; when the
   * run was cancelled meanwhile nothing is stored and it ends cancelled. Returns the final status.
   */
  async complete(id: number, themes: readonly NewDiscoveryTheme[], estimate: Record<string, unknown>): Promise<'done' | 'cancelled'> {
    return this.transaction(async (tx) => {
      const [row]: Array<{ status: DiscoveryRunStatus } | undefined> = await tx.query('SELECT status FROM discovery_runs WHERE id = $1 FOR UPDATE', [id]);
      if (row?.status !== 'running') {
        await tx.query(`UPDATE discovery_runs SET status = 'cancelled', finished_at = now() WHERE id = $1 AND status IN ${ACTIVE}`, [id]);
        return 'cancelled';
      }
      await this.insertThemesWith(tx, id, themes, 0);
      // Its progress ends as the themes stored, all of them (not the last heartbeat's count).
      await tx.query(
        `UPDATE discovery_runs SET status = 'done', estimate = $2, finished_at = now(), heartbeat_at = now(), progress_stage = 'done', progress_done = $3, progress_total = $3 WHERE id = $1`,
        [id, JSON.stringify(estimate), themes.length],
      );
      return 'done';
    });
  }

  /**
   * Adds themes to a run after its others (a split); returns their ids, in order. Two statements
   * whatever the count: the themes, then every member of every theme (a 20,000-contact run has
   * 200-odd themes, which one statement each kept waiting on the database for seconds).
   */
  async insertThemes(runId: number, themes: readonly NewDiscoveryTheme[], after?: number): Promise<number[]> {
    return this.insertThemesWith(this.db, runId, themes, after);
  }

  // On this repository's connection, or on the transaction of `complete`.
  private async insertThemesWith(db: DataSource | EntityManager, runId: number, themes: readonly NewDiscoveryTheme[], after?: number): Promise<number[]> {
    if (themes.length === 0) return [];
    const first = after ?? ((await db.query('SELECT COALESCE(max(position), -1) + 1 AS next FROM discovery_themes WHERE run_id = $1', [runId])) as Array<{ next: number }>)[0]!.next;
    const inserted: Array<{ id: number; position: number }> = await db.query(
      `INSERT INTO discovery_themes (run_id, position, name, terms, size, weekly_trend, examples, suggestions, status, fingerprint_terms, centroid,
         centroid_encoder, matches_dismissed_theme_id, split_from_theme_id)
       SELECT $1, $2::int + t.n::int - 1, t.name, t.terms, t.size, t.weekly_trend, t.examples, t.suggestions, t.status,
         ARRAY(SELECT jsonb_array_elements_text(t.fingerprint_terms)), t.centroid, t.centroid_encoder, t.matches_dismissed_theme_id, t.split_from_theme_id
       FROM unnest($3::text[], $4::jsonb[], $5::int[], $6::jsonb[], $7::jsonb[], $8::jsonb[], $9::text[], $10::jsonb[], $11::bytea[], $12::text[], $13::int[], $14::int[])
         WITH ORDINALITY AS t(name, terms, size, weekly_trend, examples, suggestions, status, fingerprint_terms, centroid, centroid_encoder,
           matches_dismissed_theme_id, split_from_theme_id, n)
       RETURNING id, position`,
      [
        runId,
        first,
        themes.map((t) => t.name),
        themes.map((t) => JSON.stringify(t.terms)),
        themes.map((t) => t.members.length),
        themes.map((t) => JSON.stringify(t.weeklyTrend)),
        themes.map((t) => JSON.stringify(t.examples)),
        themes.map((t) => JSON.stringify(t.suggestions)),
        themes.map((t) => t.status),
        themes.map((t) => JSON.stringify(t.fingerprintTerms)),
        themes.map((t) => bytesOf(t.centroid)),
        themes.map((t) => t.centroidEncoder),
        themes.map((t) => t.matchesDismissedThemeId),
        themes.map((t) => t.splitFromThemeId ?? null),
      ],
    );
    // RETURNING follows no promised order: each id is placed by its position.
    const ids = new Array<number>(themes.length);
    for (const row of inserted) ids[row.position - first] = row.id;
    const themeIds = themes.flatMap((t, i) => t.members.map(() => ids[i]!));
    await db.query(
      `INSERT INTO discovery_theme_members (theme_id, contact_id, run_id, similarity)
       SELECT m.theme_id, m.contact_id, $1, m.similarity FROM unnest($2::int[], $3::bigint[], $4::real[]) AS m(theme_id, contact_id, similarity)
       JOIN contacts c ON c.id = m.contact_id`,
      [runId, themeIds, themes.flatMap((t) => t.members.map((m) => m.contactId)), themes.flatMap((t) => t.members.map((m) => m.similarity))],
    );
    return ids;
  }

  async themesOf(runId: number): Promise<DiscoveryTheme[]> {
    const rows: ThemeRow[] = await this.db.query(`SELECT ${THEME_COLUMNS} FROM discovery_themes WHERE run_id = $1 ORDER BY position`, [runId]);
    return rows.map(toTheme);
  }

  async theme(runId: number, themeId: number, lock = false): Promise<DiscoveryTheme | undefined> {
    const [row]: Array<ThemeRow | undefined> = await this.db.query(`SELECT ${THEME_COLUMNS} FROM discovery_themes WHERE run_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [runId, themeId]);
    return row && toTheme(row);
  }

  /** A theme's members still stored (erasure removes some), nearest the centre first; a page of them with `limit`. */
  async membersOf(themeId: number, page: { limit?: number; offset?: number } = {}): Promise<Array<{ contactId: string; similarity: number; text: string; occurredAt: Date }>> {
    const rows: Array<{ contact_id: string; similarity: number; text: string; occurred_at: Date }> = await this.db.query(
      `SELECT m.contact_id, m.similarity, c.text, c.occurred_at FROM discovery_theme_members m JOIN contacts c ON c.id = m.contact_id
       WHERE m.theme_id = $1 ORDER BY m.similarity DESC, m.contact_id LIMIT $2 OFFSET $3`,
      [themeId, page.limit ?? null, page.offset ?? 0],
    );
    return rows.map((r) => ({ contactId: String(r.contact_id), similarity: r.similarity, text: r.text, occurredAt: r.occurred_at }));
  }

  /** How many of a theme's members are still stored. */
  async memberCount(themeId: number): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await this.db.query('SELECT count(*)::int AS n FROM discovery_theme_members WHERE theme_id = $1', [themeId]);
    return n;
  }

  /** The redacted texts of these contacts, by id (erased ones absent). */
  async textsOf(contactIds: readonly string[]): Promise<Map<string, string>> {
    if (contactIds.length === 0) return new Map();
    const rows: Array<{ id: string; text: string }> = await this.db.query('SELECT id, text FROM contacts WHERE id = ANY($1::bigint[])', [contactIds]);
    return new Map(rows.map((r) => [String(r.id), r.text]));
  }

  /** Records what a person made of a theme. */
  async decide(themeId: number, decision: { status: DiscoveryThemeStatus; categoryKey?: string; taxonomyVersionId?: number; decidedBy: string | null }): Promise<void> {
    await this.db.query('UPDATE discovery_themes SET status = $2, category_key = $3, taxonomy_version_id = $4, decided_by = $5, decided_at = now() WHERE id = $1', [
      themeId,
      decision.status,
      decision.categoryKey ?? null,
      decision.taxonomyVersionId ?? null,
      decision.decidedBy,
    ]);
  }

  /**
   * Labels confirmed members with a category (as a reviewer would), moving their counts in the
   * rollups in the same transaction; returns how many were labelled.
   */
  async labelContacts(contactIds: string[], categoryKey: string, taxonomyVersionId: number, reviewer: string): Promise<number> {
    return this.transaction(async (tx) =>
      changeCountedContacts(tx, contactIds, async () => ((await tx.query(LABEL_CONTACTS, [contactIds, categoryKey, taxonomyVersionId, reviewer])) as unknown[]).length),
    );
  }

  private transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const db = this.db;
    // Already inside one (an EntityManager with an active query runner): join it.
    if ('queryRunner' in db && db.queryRunner?.isTransactionActive) return work(db);
    return (db as DataSource).transaction(work);
  }
}

/** The rows an UPDATE … RETURNING answers through TypeORM's query(): [rows, count] (a SELECT answers the rows alone). */
function returnedRows<Row>(result: unknown[]): Row[] {
  return (Array.isArray(result[0]) ? result[0] : result) as Row[];
}

interface RunRow {
  id: number;
  scope: DiscoveryScope;
  parameters: Record<string, unknown>;
  status: DiscoveryRunStatus;
  encoder: string | null;
  encoder_checksum: string | null;
  model_version_id: number | null;
  contact_count: number | null;
  progress_stage: string | null;
  progress_done: number;
  progress_total: number;
  estimate: Record<string, unknown> | null;
  error: string | null;
  requested_by: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

function toRun(row: RunRow): DiscoveryRun {
  return {
    id: row.id,
    scope: row.scope,
    parameters: row.parameters,
    status: row.status,
    encoder: row.encoder,
    encoderChecksum: row.encoder_checksum,
    modelVersionId: row.model_version_id,
    contactCount: row.contact_count,
    progress: { stage: row.progress_stage, done: row.progress_done, total: row.progress_total },
    estimate: row.estimate,
    error: row.error,
    requestedBy: row.requested_by,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

interface ThemeRow {
  id: number;
  run_id: number;
  position: number;
  name: string;
  terms: Array<{ term: string; weight: number }>;
  size: number;
  weekly_trend: Array<{ week: string; count: number }>;
  examples: Array<{ contactId: string; similarity: number }>;
  suggestions: Record<string, unknown>;
  status: DiscoveryThemeStatus;
  fingerprint_terms: string[];
  centroid: Buffer;
  centroid_encoder: string;
  matches_dismissed_theme_id: number | null;
  split_from_theme_id: number | null;
  category_key: string | null;
  taxonomy_version_id: number | null;
  decided_at: Date | null;
  decided_by: string | null;
}

function toTheme(row: ThemeRow): DiscoveryTheme {
  return {
    id: row.id,
    runId: row.run_id,
    position: row.position,
    name: row.name,
    terms: row.terms,
    size: row.size,
    weeklyTrend: row.weekly_trend,
    examples: row.examples,
    suggestions: row.suggestions,
    status: row.status,
    fingerprintTerms: row.fingerprint_terms,
    centroid: vectorOf(row.centroid),
    centroidEncoder: row.centroid_encoder,
    matchesDismissedThemeId: row.matches_dismissed_theme_id,
    splitFromThemeId: row.split_from_theme_id,
    categoryKey: row.category_key,
    taxonomyVersionId: row.taxonomy_version_id,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
  };
}

// For the emerging-theme repository, which reads raised themes with their other columns in one statement.
export { THEME_COLUMNS as DISCOVERY_THEME_COLUMNS, toTheme as discoveryThemeOf, type ThemeRow as DiscoveryThemeRow };
