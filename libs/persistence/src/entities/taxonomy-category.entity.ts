import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TaxonomyVersionEntity } from './taxonomy-version.entity.js';

/** A friction category as it stands in one taxonomy version. */
@Entity({ name: 'taxonomy_categories' })
@Check('taxonomy_categories_demand_type_check', `"demand_type" IN ('failure', 'value')`)
export class TaxonomyCategoryEntity {
  @PrimaryColumn({ name: 'taxonomy_version_id', type: 'integer' })
  taxonomyVersionId!: number;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'demand_type', type: 'text' })
  demandType!: 'failure' | 'value';

  @Column({ name: 'parent_key', type: 'text', nullable: true })
  parentKey!: string | null;

  @Column({ name: 'failure_type', type: 'text', nullable: true })
  failureType!: string | null;

  /** Keyword and phrase rules: a cold start with no examples, and a hint beside the model. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  rules!: string[];

  /** What the taxonomy's source said beside the category (e.g. the value-stream step it maps to). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  attributes!: Record<string, unknown>;

  @ManyToOne(() => TaxonomyVersionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'taxonomy_version_id', foreignKeyConstraintName: 'FK_taxonomy_categories_version' })
  version?: TaxonomyVersionEntity;
}
