import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ValueStreamStepEntity } from './value-stream-step.entity.js';

/**
 * Where the friction of a category originates: one step, or several with weights that add up
 * to 1 (a category split 0.7 / 0.3 counts 0.7 of each contact at the first step).
 */
@Entity({ name: 'category_step_links' })
@Check('category_step_links_weight_check', `"weight" > 0 AND "weight" <= 1`)
export class CategoryStepLinkEntity {
  @PrimaryColumn({ name: 'category_key', type: 'text' })
  categoryKey!: string;

  @PrimaryColumn({ name: 'step_key', type: 'text' })
  stepKey!: string;

  @Column({ type: 'numeric', precision: 5, scale: 4 })
  weight!: string;

  @ManyToOne(() => ValueStreamStepEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'step_key', foreignKeyConstraintName: 'FK_category_step_links_step' })
  step?: ValueStreamStepEntity;
}
