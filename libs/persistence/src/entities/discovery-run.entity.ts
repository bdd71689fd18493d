import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Which contacts a discovery run looks at; absent fields do not narrow. */
export interface DiscoveryScope {
  /** UTC date, inclusive. */
  from?: string;
  /** UTC date, exclusive. */
  to?: string;
  kind?: string;
  channel?: string;
  /** A category key of the contacts' current category, or `unclassified`. */
  category?: string;
  /**
   * Only the contacts the model placed with low confidence or not at all (an emerging run): no
   * reviewer's label, current classification `unclassified` or below its model's threshold.
   */
  unplaced?: boolean;
}

/** `discovery`: asked for through the API; `emerging`: scheduled by the classifier over the recent unplaced contacts. */
export type DiscoveryRunKind = 'discovery' | 'emerging';

export type DiscoveryRunStatus = 'queued' | 'running' | 'cancelling' | 'done' | 'failed' | 'cancelled';

/**
 * One discovery run (docs/discovery.md): the contacts of a scope clustered into themes by the
 * classifier service, which claims queued runs. At most one run per scope is queued, running or
 * being cancelled at a time (the partial unique index on `scope_key`).
 */
@Entity({ name: 'discovery_runs' })
@Index('discovery_runs_one_active_per_scope', ['scopeKey'], { unique: true, where: `"status" IN ('queued', 'running', 'cancelling')` })
@Index('discovery_runs_emerging', ['createdAt'], { where: `"kind" = 'emerging'` })
@Check('discovery_runs_kind_check', `"kind" IN ('discovery', 'emerging')`)
@Check('discovery_runs_status_check', `"status" IN ('queued', 'running', 'cancelling', 'done', 'failed', 'cancelled')`)
export class DiscoveryRunEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'jsonb' })
  scope!: DiscoveryScope;

  /** The scope as one canonical string, for the one-active-run-per-scope index. */
  @Column({ name: 'scope_key', type: 'text' })
  scopeKey!: string;

  /** The clustering options asked for (discoverThemes' options). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  parameters!: Record<string, unknown>;

  @Column({ type: 'text', default: 'queued' })
  status!: DiscoveryRunStatus;

  /** The sentence encoder's name, or `lsa` (TF-IDF/LSA without an encoder); null until claimed. */
  @Column({ type: 'text', nullable: true })
  encoder!: string | null;

  /** The encoder's checksum (its stored embeddings), or `lsa`. */
  @Column({ name: 'encoder_checksum', type: 'text', nullable: true })
  encoderChecksum!: string | null;

  /** The newest classifier model version when the run started (its categories are what the suggestions name). */
  @Column({ name: 'model_version_id', type: 'integer', nullable: true })
  modelVersionId!: number | null;

  @Column({ name: 'contact_count', type: 'integer', nullable: true })
  contactCount!: number | null;

  @Column({ name: 'progress_stage', type: 'text', nullable: true })
  progressStage!: string | null;

  @Column({ name: 'progress_done', type: 'integer', default: 0 })
  progressDone!: number;

  @Column({ name: 'progress_total', type: 'integer', default: 0 })
  progressTotal!: number;

  /** How the theme count was estimated (discoverThemes' `estimate`). */
  @Column({ type: 'jsonb', nullable: true })
  estimate!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'requested_by', type: 'text', nullable: true })
  requestedBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  /** Moved by the runner while it works: a running run whose heartbeat stops is claimed again. */
  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'text', default: 'discovery' })
  kind!: DiscoveryRunKind;

  /** When a done emerging run's themes were judged and raised (once, by one instance). */
  @Column({ name: 'assessed_at', type: 'timestamptz', nullable: true })
  assessedAt!: Date | null;
}
