import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One version of the value-stream map: a trigger adds one for each transaction that changes a
 * stream, a step or a category's links, so every metric can say which map it reflects.
 */
@Entity({ name: 'value_stream_versions' })
@Index('value_stream_versions_transaction', ['transactionId'], { unique: true })
export class ValueStreamVersionEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'now()' })
  changedAt!: Date;

  /** The transaction that made the change: several statements of one change make one version. */
  @Column({ name: 'transaction_id', type: 'bigint', default: () => 'txid_current()' })
  transactionId!: string;
}
