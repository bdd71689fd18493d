import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ValueStreamStepEntity } from './value-stream-step.entity.js';

/** Units a step handled on one day (orders shipped, cards issued): the denominator of its friction rate. */
@Entity({ name: 'step_volumes' })
@Check('step_volumes_units_check', `"units" >= 0`)
export class StepVolumeEntity {
  @PrimaryColumn({ name: 'step_key', type: 'text' })
  stepKey!: string;

  @PrimaryColumn({ type: 'date' })
  day!: string;

  @Column({ type: 'bigint' })
  units!: string;

  @ManyToOne(() => ValueStreamStepEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'step_key', foreignKeyConstraintName: 'FK_step_volumes_step' })
  step?: ValueStreamStepEntity;
}
