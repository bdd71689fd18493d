import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ValueStreamEntity } from './value-stream.entity.js';

/**
 * One step of a value stream, as value-stream mapping measures it: process time, lead time and
 * the %C&A its owner aims for (the share of its output the next step gets complete and accurate).
 * Step keys are unique across streams, so a category can name its step alone.
 */
@Entity({ name: 'value_stream_steps' })
@Index('value_stream_steps_stream', ['valueStreamKey', 'position'])
@Check('value_stream_steps_target_check', `"target_complete_accurate" IS NULL OR ("target_complete_accurate" >= 0 AND "target_complete_accurate" <= 1)`)
export class ValueStreamStepEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ name: 'value_stream_key', type: 'text' })
  valueStreamKey!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Order within the stream, 1 first. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text', nullable: true })
  owner!: string | null;

  @Column({ name: 'process_time_minutes', type: 'real', nullable: true })
  processTimeMinutes!: number | null;

  @Column({ name: 'lead_time_hours', type: 'real', nullable: true })
  leadTimeHours!: number | null;

  /** Target %C&A as a fraction (0.98 = 98%). */
  @Column({ name: 'target_complete_accurate', type: 'real', nullable: true })
  targetCompleteAccurate!: number | null;

  /** What one unit of the step's volume is ("cards issued", "payments processed"). */
  @Column({ name: 'unit_name', type: 'text', nullable: true })
  unitName!: string | null;

  @ManyToOne(() => ValueStreamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'value_stream_key', foreignKeyConstraintName: 'FK_value_stream_steps_stream' })
  valueStream?: ValueStreamEntity;
}
