import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TaxonomyVersionEntity } from './taxonomy-version.entity.js';

/**
 * A trained classifier: its serialised model, what it was trained on and how well it did on
 * held-out data. Services load the newest one and pick up a newer one without a restart.
 */
@Entity({ name: 'model_versions' })
@Check('model_versions_kind_check', `"kind" IN ('linear', 'rules', 'encoder')`)
export class ModelVersionEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'text' })
  kind!: 'linear' | 'rules' | 'encoder';

  @Column({ name: 'taxonomy_version_id', type: 'integer' })
  taxonomyVersionId!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** Examples it was trained on (taxonomy examples plus reviewers' labels). */
  @Column({ name: 'example_count', type: 'integer' })
  exampleCount!: number;

  /** Reviewers' labels among them: a retrain is due when enough newer ones arrive. */
  @Column({ name: 'label_count', type: 'integer' })
  labelCount!: number;

  /** Held-out figures (accuracy, macro-F1, threshold, ...), as the trainer reported them. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  evaluation!: Record<string, unknown>;

  @Column({ type: 'bytea' })
  artefact!: Buffer;

  /** SHA-256 (hex) of the artefact. */
  @Column({ type: 'text' })
  checksum!: string;

  @ManyToOne(() => TaxonomyVersionEntity)
  @JoinColumn({ name: 'taxonomy_version_id', foreignKeyConstraintName: 'FK_model_versions_taxonomy_version' })
  taxonomyVersion?: TaxonomyVersionEntity;
}
