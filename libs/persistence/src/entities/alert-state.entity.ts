import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AlertSubscriptionEntity } from './alert-subscription.entity.js';

/** What one subscription knows about one issue (a spike at a step, a countermeasure's verdict). */
@Entity({ name: 'alert_states' })
@Check('alert_states_status_check', `"status" IN ('open', 'resolved')`)
export class AlertStateEntity {
  @PrimaryColumn({ name: 'subscription_id', type: 'uuid' })
  subscriptionId!: string;

  @PrimaryColumn({ name: 'dedupe_key', type: 'text' })
  dedupeKey!: string;

  @Column({ type: 'text' })
  status!: 'open' | 'resolved';

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  /** What was last seen (a countermeasure's verdict), to tell a change. */
  @Column({ type: 'jsonb', nullable: true })
  value!: Record<string, unknown> | null;

  @ManyToOne(() => AlertSubscriptionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscription_id', foreignKeyConstraintName: 'FK_alert_states_subscription' })
  subscription?: AlertSubscriptionEntity;
}
