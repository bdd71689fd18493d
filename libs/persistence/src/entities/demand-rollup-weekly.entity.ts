import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The demand rollups summed by ISO week × category × step × demand type: what the common views
 * (a year by week and step, with no channel, kind, product or source filter) read, a few
 * thousand rows instead of millions. Kept in the same statements as `demand_rollups`, so the
 * two always agree.
 */
@Entity({ name: 'demand_rollups_weekly' })
@Index('demand_rollups_weekly_step_week', ['stepKey', 'week'])
@Check('demand_rollups_weekly_contact_failure_type_check', `"contact_failure_type" IN ('', 'repeat', 'not-for-here')`)
@Check('demand_rollups_weekly_demand_type_check', `"demand_type" IN ('failure', 'value', 'unclassified')`)
export class DemandRollupWeeklyEntity {
  /** The week's Monday. */
  @PrimaryColumn({ type: 'date' })
  week!: string;

  @PrimaryColumn({ name: 'category_key', type: 'text' })
  categoryKey!: string;

  @PrimaryColumn({ name: 'step_key', type: 'text' })
  stepKey!: string;

  @PrimaryColumn({ name: 'demand_type', type: 'text' })
  demandType!: 'failure' | 'value' | 'unclassified';

  /**
   * The failure type the contact itself carries, whatever its category's: 'repeat' (the same
   * customer contacted about the same category or step within the repeat window; any demand
   * type) or 'not-for-here' (a reviewer's); '' for neither.
   */
  @PrimaryColumn({ name: 'contact_failure_type', type: 'text', default: '' })
  contactFailureType!: '' | 'repeat' | 'not-for-here';

  @Column({ type: 'numeric', precision: 14, scale: 4 })
  contacts!: string;
}
