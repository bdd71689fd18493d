import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AlertSubscriptionEntity } from './alert-subscription.entity.js';

/**
 * One alert to one subscription: the transactional outbox row while pending, the delivery log's
 * line after. Its id is the idempotency key every attempt carries (x-frictionlens-delivery-id).
 */
@Entity({ name: 'alert_deliveries' })
@Index('alert_deliveries_due', ['nextAttemptAt'], { where: `"status" = 'pending'` })
@Index('alert_deliveries_log', ['subscriptionId', 'createdAt'])
@Check('alert_deliveries_status_check', `"status" IN ('pending', 'delivered', 'failed')`)
export class AlertDeliveryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId!: string;

  @Column({ type: 'text' })
  event!: string;

  @Column({ name: 'alert_status', type: 'text' })
  alertStatus!: string;

  @Column({ name: 'dedupe_key', type: 'text' })
  dedupeKey!: string;

  /** The alert as FrictionLens states it; shaped for the receiver at each attempt. */
  @Column({ type: 'jsonb' })
  alert!: Record<string, unknown>;

  @Column({ type: 'text', default: 'pending' })
  status!: 'pending' | 'delivered' | 'failed';

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'last_response_status', type: 'integer', nullable: true })
  lastResponseStatus!: number | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @ManyToOne(() => AlertSubscriptionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscription_id', foreignKeyConstraintName: 'FK_alert_deliveries_subscription' })
  subscription?: AlertSubscriptionEntity;
}
