import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Contacts counted by day × category × step × channel × kind × product × source × demand type, kept in the same
 * transaction as every change to what a contact counts as (its classification, a reviewer's label,
 * its erasure), so metrics are served from here and always equal the contact rows. A contact of a
 * category split across steps counts by the link weights; '' stands for "none" (no step linked,
 * no channel or product given). Exact decimals, so adding and taking away a weight leaves nothing.
 */
@Entity({ name: 'demand_rollups' })
@Index('demand_rollups_step_day', ['stepKey', 'day'])
@Index('demand_rollups_category_day', ['categoryKey', 'day'])
@Check('demand_rollups_contact_failure_type_check', `"contact_failure_type" IN ('', 'repeat', 'not-for-here')`)
@Check('demand_rollups_demand_type_check', `"demand_type" IN ('failure', 'value', 'unclassified')`)
export class DemandRollupEntity {
  @PrimaryColumn({ type: 'date' })
  day!: string;

  @PrimaryColumn({ name: 'category_key', type: 'text' })
  categoryKey!: string;

  @PrimaryColumn({ name: 'step_key', type: 'text' })
  stepKey!: string;

  @PrimaryColumn({ type: 'text' })
  channel!: string;

  @PrimaryColumn({ type: 'text' })
  kind!: string;

  @PrimaryColumn({ name: 'product_sku', type: 'text' })
  productSku!: string;

  @PrimaryColumn({ type: 'text' })
  source!: string;

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
