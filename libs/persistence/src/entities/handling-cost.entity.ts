import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** What handling one contact costs on a channel: failure demand's price. */
@Entity({ name: 'handling_costs' })
@Check('handling_costs_cost_check', `"cost_per_contact" >= 0`)
export class HandlingCostEntity {
  @PrimaryColumn({ type: 'text' })
  channel!: string;

  @Column({ name: 'cost_per_contact', type: 'numeric', precision: 12, scale: 2 })
  costPerContact!: string;

  /** ISO 4217 code. */
  @Column({ type: 'text', default: 'EUR' })
  currency!: string;
}
