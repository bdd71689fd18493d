import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** Which contacts a subscription's spikes and verdicts look at; absent fields do not narrow. */
export interface AlertFilters {
  valueStream?: string[];
  step?: string[];
  category?: string[];
}

/** Someone to tell about spikes, emerging themes, verdict changes or the weekly digest (docs/alerts.md). */
@Entity({ name: 'alert_subscriptions' })
@Check('alert_subscriptions_kind_check', `"kind" IN ('webhook', 'slack', 'teams', 'email')`)
@Check('alert_subscriptions_sensitivity_check', `"sensitivity" IN ('low', 'medium', 'high')`)
export class AlertSubscriptionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  kind!: 'webhook' | 'slack' | 'teams' | 'email';

  /** The webhook URL, or the e-mail address. */
  @Column({ type: 'text' })
  target!: string;

  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Column({ type: 'text', array: true })
  events!: string[];

  @Column({ type: 'text', default: 'medium' })
  sensitivity!: 'low' | 'medium' | 'high';

  @Column({ type: 'jsonb', default: () => "'{}'" })
  filters!: AlertFilters;

  /** The signing secret, sealed (AES-256-GCM with ALERTS_SECRET_KEY when set; see docs/alerts.md). */
  @Column({ type: 'text' })
  secret!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
