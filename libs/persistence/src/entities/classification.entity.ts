import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ContactEntity } from './contact.entity.js';
import { ModelVersionEntity } from './model-version.entity.js';

/**
 * What one model version made of one contact: at most one row per (contact, model version), so
 * a re-delivered contact is never classified twice by the same model. `current` marks the row
 * that stands for the contact (the newest model's); a reviewer's label outranks it.
 */
@Entity({ name: 'classifications' })
@Index('classifications_contact_model', ['contactId', 'modelVersionId'], { unique: true })
@Index('classifications_current_contact', ['contactId'], { unique: true, where: '"current"' })
@Index('classifications_review', ['confidence'], { where: '"current"' })
export class ClassificationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'contact_id', type: 'bigint' })
  contactId!: string;

  @Column({ name: 'model_version_id', type: 'integer' })
  modelVersionId!: number;

  @Column({ name: 'taxonomy_version_id', type: 'integer' })
  taxonomyVersionId!: number;

  /** The category key, or 'unclassified' when the model was not confident enough. */
  @Column({ name: 'category_key', type: 'text' })
  categoryKey!: string;

  /** Failure or value demand of that category; null when unclassified. */
  @Column({ name: 'demand_type', type: 'text', nullable: true })
  demandType!: 'failure' | 'value' | null;

  @Column({ type: 'real' })
  confidence!: number;

  /** The top categories with their calibrated probabilities. */
  @Column({ type: 'jsonb' })
  top!: Array<{ category: string; probability: number }>;

  /** Why: the terms that pushed the decision most, and whether a keyword rule took part. */
  @Column({ type: 'jsonb' })
  explanation!: Record<string, unknown>;

  /** AFINN sentiment of the text (negative is unhappy). */
  @Column({ type: 'real' })
  sentiment!: number;

  /** Customer-effort cues: phrases such as "again" or "still waiting", and `repeat-contact`. */
  @Column({ name: 'effort_cues', type: 'text', array: true, default: () => "'{}'" })
  effortCues!: string[];

  @Column({ name: 'classified_at', type: 'timestamptz', default: () => 'now()' })
  classifiedAt!: Date;

  @Column({ type: 'boolean', default: true })
  current!: boolean;

  @ManyToOne(() => ContactEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'FK_classifications_contact' })
  contact?: ContactEntity;

  @ManyToOne(() => ModelVersionEntity)
  @JoinColumn({ name: 'model_version_id', foreignKeyConstraintName: 'FK_classifications_model_version' })
  modelVersion?: ModelVersionEntity;
}
