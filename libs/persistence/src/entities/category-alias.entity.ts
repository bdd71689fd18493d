import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TaxonomyVersionEntity } from './taxonomy-version.entity.js';

/**
 * A category key a rename or merge retired, and the key its contacts count under now. A model
 * trained before that taxonomy version still predicts the old key: where classifications are
 * stored, such a prediction is put under the new one (docs/taxonomy.md, rename and merge).
 */
@Entity({ name: 'category_aliases' })
export class CategoryAliasEntity {
  @PrimaryColumn({ name: 'old_key', type: 'text' })
  oldKey!: string;

  /** Where the old key leads now: chains are collapsed, so never another alias's old key. */
  @Column({ name: 'new_key', type: 'text' })
  newKey!: string;

  /** The version that retired the old key: models trained on it or later know the new key. */
  @Column({ name: 'taxonomy_version_id', type: 'integer' })
  taxonomyVersionId!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @ManyToOne(() => TaxonomyVersionEntity)
  @JoinColumn({ name: 'taxonomy_version_id', foreignKeyConstraintName: 'FK_category_aliases_taxonomy_version' })
  taxonomyVersion?: TaxonomyVersionEntity;
}
