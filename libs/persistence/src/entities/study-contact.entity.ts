import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ContactEntity } from './contact.entity.js';
import { StudyEntity } from './study.entity.js';

/**
 * One contact of a study's sample: its stratum, its place in the coding order, what the model said
 * of it when the sample was drawn and, once coded, what a person said. Erasing the contact
 * removes it from the study.
 */
@Entity({ name: 'study_contacts' })
@Index('study_contacts_position', ['studyId', 'position'], { unique: true })
@Index('study_contacts_contact', ['contactId'])
@Check(
  'study_contacts_code_check',
  `"code_demand_type" IN ('failure', 'value') AND "coded_at" IS NOT NULL OR "code_demand_type" IS NULL AND "coded_at" IS NULL`,
)
export class StudyContactEntity {
  @PrimaryColumn({ name: 'study_id', type: 'integer' })
  studyId!: number;

  @PrimaryColumn({ name: 'contact_id', type: 'bigint' })
  contactId!: string;

  @Column({ type: 'text' })
  stratum!: string;

  /** 1-based coding order, random across strata. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ name: 'model_category', type: 'text', nullable: true })
  modelCategory!: string | null;

  /** null when the model left the contact unclassified, or never classified it. */
  @Column({ name: 'model_demand_type', type: 'text', nullable: true })
  modelDemandType!: 'failure' | 'value' | null;

  @Column({ name: 'model_confidence', type: 'real', nullable: true })
  modelConfidence!: number | null;

  @Column({ name: 'model_version_id', type: 'integer', nullable: true })
  modelVersionId!: number | null;

  @Column({ name: 'code_demand_type', type: 'text', nullable: true })
  codeDemandType!: 'failure' | 'value' | null;

  @Column({ name: 'code_failure_type', type: 'text', nullable: true })
  codeFailureType!: string | null;

  @Column({ name: 'code_step_key', type: 'text', nullable: true })
  codeStepKey!: string | null;

  @Column({ name: 'code_category_key', type: 'text', nullable: true })
  codeCategoryKey!: string | null;

  @Column({ name: 'not_for_here', type: 'boolean', default: false })
  notForHere!: boolean;

  @Column({ type: 'text', nullable: true })
  coder!: string | null;

  @Column({ name: 'coded_at', type: 'timestamptz', nullable: true })
  codedAt!: Date | null;

  @ManyToOne(() => StudyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'study_id', foreignKeyConstraintName: 'FK_study_contacts_study' })
  study?: StudyEntity;

  @ManyToOne(() => ContactEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'FK_study_contacts_contact' })
  contact?: ContactEntity;
}
