import type { DataSource, EntityManager } from 'typeorm';
import type { Channel } from '@frictionlens/contracts';
import type { HandlingCost } from '@frictionlens/domain';

const SELECT_COSTS = 'SELECT channel, cost_per_contact::float8 AS cost, currency FROM handling_costs ORDER BY channel COLLATE "C"';
const DELETE_COSTS = 'DELETE FROM handling_costs';
const INSERT_COSTS = 'INSERT INTO handling_costs (channel, cost_per_contact, currency) SELECT * FROM unnest($1::text[], $2::numeric[], $3::text[])';

/** What handling one contact costs on each channel: failure demand's price. */
export class HandlingCostRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Every channel's cost, by channel; channels without one are absent. */
  async all(): Promise<HandlingCost[]> {
    const rows: Array<{ channel: Channel; cost: number; currency: string }> = await this.db.query(SELECT_COSTS);
    return rows.map((r) => ({ channel: r.channel, costPerContact: r.cost, currency: r.currency }));
  }

  /** The costs by channel, for pricing contacts. */
  async byChannel(): Promise<Map<Channel, HandlingCost>> {
    return new Map((await this.all()).map((c) => [c.channel, c]));
  }

  /** Replaces every cost with these (one per channel); channels left out have none. */
  async replaceAll(costs: readonly HandlingCost[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(DELETE_COSTS);
      if (costs.length) await tx.query(INSERT_COSTS, [costs.map((c) => c.channel), costs.map((c) => c.costPerContact), costs.map((c) => c.currency)]);
    });
  }
}
