import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A value stream: the end-to-end work that delivers something a customer wants (onboarding, card issuing). */
@Entity({ name: 'value_streams' })
export class ValueStreamEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text', nullable: true })
  owner!: string | null;

  /** Where it is listed among the streams. */
  @Column({ type: 'integer', default: 0 })
  position!: number;
}
