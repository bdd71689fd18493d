import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One customer contact (ticket, warranty claim or complaint), normalised and redacted.
 * Text and attributes never hold raw personal data; the customer is only a keyed hash.
 */
@Entity({ name: 'contacts' })
@Index('contacts_idempotency_key', ['kind', 'source', 'sourceId'], { unique: true })
@Index('contacts_occurred_at', ['occurredAt'])
@Index('contacts_customer_occurred_at', ['customerHash', 'occurredAt'], { where: '"customer_hash" IS NOT NULL' })
@Check('contacts_kind_check', `"kind" IN ('ticket', 'warranty_claim', 'complaint')`)
export class ContactEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'source_id', type: 'text' })
  sourceId!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;

  @Column({ type: 'text', nullable: true })
  channel!: string | null;

  @Column({ name: 'product_sku', type: 'text', nullable: true })
  productSku!: string | null;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'text', nullable: true })
  language!: string | null;

  @Column({ name: 'customer_hash', type: 'text', nullable: true })
  customerHash!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  attributes!: Record<string, unknown>;
}
