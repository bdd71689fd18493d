import { NotFoundException } from '@nestjs/common';
import { CostQuery } from '@frictionlens/contracts';
import type { CustomerCountRepository, MetricsRepository, RollupFilter } from '@frictionlens/persistence';
import type { MetricsAnswers } from './metrics-cache.js';
import { CostService } from './cost.service.js';

type CostPart = { key: string; channel: string; contacts: number; cost: number | null; currency: string | null };

// A hand-written fake of the one MetricsRepository method the cost needs: the failure contacts
// of a period by key and channel with each channel's handling cost, as the rollups would answer.
class FakeMetrics {
  readonly asked: RollupFilter[] = [];
  constructor(private readonly partsFrom: Record<string, CostPart[]>) {}
  async failureCostBy(filter: RollupFilter): Promise<CostPart[]> {
    this.asked.push(filter);
    return this.partsFrom[filter.from] ?? [];
  }
}

// The answer cache's key check: refuses an unknown step, as the real one does with a 404.
const answers = {
  keys: {
    check: async (filters: { step?: string[] }) => {
      if (filters.step?.includes('nowhere')) throw new NotFoundException('unknown step');
    },
  },
} as unknown as MetricsAnswers;

const customers = {} as CustomerCountRepository; // not asked for (customers=false)

// Four weeks from Monday 5 January 2026; the period before is the four weeks before it.
const query = CostQuery.parse({ by: 'step', from: '2026-01-05', to: '2026-02-02' });
const parts: Record<string, CostPart[]> = {
  '2026-01-05': [
    { key: 'dispatch', channel: 'phone', contacts: 100, cost: 5, currency: 'EUR' },
    { key: 'dispatch', channel: 'email', contacts: 50, cost: 2, currency: 'EUR' },
    { key: 'returns', channel: 'chat', contacts: 30, cost: null, currency: null },
  ],
  '2025-12-08': [{ key: 'dispatch', channel: 'phone', contacts: 80, cost: 5, currency: 'EUR' }],
};

describe('CostService (with a fake metrics repository)', () => {
  it('costs each step as contacts times its channels’ handling costs, most costly first, beside the period before', async () => {
    const metrics = new FakeMetrics(parts);
    const cost = await new CostService(metrics as unknown as MetricsRepository, customers, answers).cost(query);
    expect(metrics.asked.map((f) => [f.from, f.to])).toEqual([
      ['2026-01-05', '2026-02-02'],
      ['2025-12-08', '2026-01-05'],
    ]);
    expect(cost).toMatchObject({ from: '2026-01-05', to: '2026-02-02', previousFrom: '2025-12-08', days: 28, totalCost: 600, currency: 'EUR', uncostedChannels: ['chat'] });
    expect(cost.rows.map((r) => [r.step, r.failureContacts, r.cost, r.previousCost, r.uncostedContacts, r.currency])).toEqual([
      ['dispatch', 150, 600, 400, 0, 'EUR'],
      ['returns', 30, 0, 0, 30, null],
    ]);
    expect(cost.rows[0]!.channels.map((c) => [c.channel, c.cost])).toEqual([
      ['phone', 500],
      ['email', 100],
    ]);
    expect(cost.channels.map((c) => [c.channel, c.cost])).toEqual([
      ['phone', 500],
      ['email', 100],
      ['chat', null],
    ]);
  });

  it('scales the period’s cost to a year, inside its 95% interval', async () => {
    const cost = await new CostService(new FakeMetrics(parts) as unknown as MetricsRepository, customers, answers).cost(query);
    const dispatch = cost.rows[0]!;
    // 600 over 28 days is 7,821.43 a year (six significant figures).
    expect(dispatch.costPerYear).toBe(7821.43);
    expect(dispatch.costPerYearLow).toBeLessThan(dispatch.costPerYear);
    expect(dispatch.costPerYearHigh).toBeGreaterThan(dispatch.costPerYear);
    expect(cost.totalCostPerYear).toBe(7821.43);
  });

  it('answers zero cost, and no currency, for a period without failure demand', async () => {
    const cost = await new CostService(new FakeMetrics({}) as unknown as MetricsRepository, customers, answers).cost(query);
    expect(cost).toMatchObject({ totalCost: 0, totalCostPerYear: 0, currency: null, rows: [], channels: [] });
  });

  it('checks the filters’ keys before reading anything', async () => {
    const metrics = new FakeMetrics(parts);
    await expect(new CostService(metrics as unknown as MetricsRepository, customers, answers).cost({ ...query, step: ['nowhere'] })).rejects.toBeInstanceOf(NotFoundException);
    expect(metrics.asked).toEqual([]);
  });
});
