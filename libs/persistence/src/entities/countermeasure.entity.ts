import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ValueStreamStepEntity } from './value-stream-step.entity.js';

/** Prevention work on a step, aimed at some of its categories, whose effect the metrics judge. */
@Entity({ name: 'countermeasures' })
@Index('countermeasures_step', ['stepKey'])
@Check('countermeasures_status_check', `"status" IN ('planned', 'in-progress', 'done', 'abandoned')`)
export class CountermeasureEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'step_key', type: 'text' })
  stepKey!: string;

  /** Categories it targets (empty: every category of the step). */
  @Column({ name: 'category_keys', type: 'text', array: true, default: () => "'{}'" })
  categoryKeys!: string[];

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text', nullable: true })
  owner!: string | null;

  @Column({ name: 'started_on', type: 'date' })
  startedOn!: string;

  @Column({ type: 'text' })
  status!: 'planned' | 'in-progress' | 'done' | 'abandoned';

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @ManyToOne(() => ValueStreamStepEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'step_key', foreignKeyConstraintName: 'FK_countermeasures_step' })
  step?: ValueStreamStepEntity;
}
