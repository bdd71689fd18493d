import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DiscoveryRunEntity } from './discovery-run.entity.js';

export type DiscoveryThemeStatus = 'proposed' | 'accepted' | 'merged' | 'dismissed' | 'split';

/**
 * One theme a discovery run found: its name and terms, size, weekly trend, the contacts nearest
 * its centre, the suggestions (demand type, failure type, parent, nearest categories, step), and
 * what a person made of it. Its fingerprint (top terms and centroid, with the encoder that made
 * the centroid) lets a later run recognise a theme that was dismissed.
 */
@Entity({ name: 'discovery_themes' })
@Index('discovery_themes_run', ['runId', 'position'])
@Index('discovery_themes_dismissed', ['status'], { where: `"status" = 'dismissed'` })
@Index('discovery_themes_raised', ['raisedAt'], { where: `"raised_at" IS NOT NULL` })
@Check('discovery_themes_status_check', `"status" IN ('proposed', 'accepted', 'merged', 'dismissed', 'split')`)
export class DiscoveryThemeEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'run_id', type: 'integer' })
  runId!: number;

  /** Order within the run: largest first (split themes follow). */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  name!: string;

  /** [{ term, weight }], strongest first. */
  @Column({ type: 'jsonb' })
  terms!: Array<{ term: string; weight: number }>;

  @Column({ type: 'integer' })
  size!: number;

  /** [{ week (Monday, UTC date), count }] over the run's weeks, zeros included. */
  @Column({ name: 'weekly_trend', type: 'jsonb' })
  weeklyTrend!: Array<{ week: string; count: number }>;

  /** The contacts nearest the centre: [{ contactId, similarity }]. */
  @Column({ type: 'jsonb' })
  examples!: Array<{ contactId: string; similarity: number }>;

  @Column({ type: 'jsonb' })
  suggestions!: Record<string, unknown>;

  @Column({ type: 'text', default: 'proposed' })
  status!: DiscoveryThemeStatus;

  /** The sorted top terms: the fingerprint when centroids cannot be compared (another encoder, LSA). */
  @Column({ name: 'fingerprint_terms', type: 'text', array: true })
  fingerprintTerms!: string[];

  /** The members' mean embedding, unit length, float32 little-endian. */
  @Column({ type: 'bytea' })
  centroid!: Buffer;

  /** The checksum of the encoder the centroid is in, or `lsa` (a run's own space: never compared). */
  @Column({ name: 'centroid_encoder', type: 'text' })
  centroidEncoder!: string;

  /** The earlier dismissed theme this one matched (so it was dismissed without being proposed). */
  @Column({ name: 'matches_dismissed_theme_id', type: 'integer', nullable: true })
  matchesDismissedThemeId!: number | null;

  /** The theme a split made this one from. */
  @Column({ name: 'split_from_theme_id', type: 'integer', nullable: true })
  splitFromThemeId!: number | null;

  /** The category it became or was merged into. */
  @Column({ name: 'category_key', type: 'text', nullable: true })
  categoryKey!: string | null;

  @Column({ name: 'taxonomy_version_id', type: 'integer', nullable: true })
  taxonomyVersionId!: number | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  /** An emerging run's theme: its growth against its own baseline (libs/domain themeGrowth), and when it was last updated. */
  @Column({ type: 'jsonb', nullable: true })
  emerging!: Record<string, unknown> | null;

  /** When it was raised as an emerging theme (once: a later run's same theme updates this one). */
  @Column({ name: 'raised_at', type: 'timestamptz', nullable: true })
  raisedAt!: Date | null;

  /** The raised emerging theme this one is again (it was not raised itself). */
  @Column({ name: 'emerging_theme_id', type: 'integer', nullable: true })
  emergingThemeId!: number | null;

  @ManyToOne(() => DiscoveryThemeEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'emerging_theme_id', foreignKeyConstraintName: 'FK_discovery_themes_emerging_theme' })
  emergingTheme?: DiscoveryThemeEntity;

  @ManyToOne(() => DiscoveryRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'FK_discovery_themes_run' })
  run?: DiscoveryRunEntity;
}
