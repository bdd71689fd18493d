import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The one row of settings that every writer of the demand rollups must agree on (a classifier,
 * the API, a backfill), kept with the data rather than in each process's environment. Changing
 * one changes what history counts as: `npm run backfill -- --repeat-window-days=N` sets it and
 * recounts in one transaction.
 */
@Entity({ name: 'metric_settings' })
@Check('metric_settings_single_row', '"id"')
@Check('metric_settings_repeat_window_check', '"repeat_window_days" BETWEEN 1 AND 365')
export class MetricSettingsEntity {
  @PrimaryColumn({ type: 'boolean', default: true })
  id!: boolean;

  /** A contact is a repeat when the same customer got in touch about the same category or step this many days before. */
  @Column({ name: 'repeat_window_days', type: 'integer', default: 7 })
  repeatWindowDays!: number;
}
