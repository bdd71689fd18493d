import { Injectable } from '@nestjs/common';
import type { CostQuery } from '@frictionlens/contracts';
import { daysBetween, poissonInterval } from '@frictionlens/domain';
import { CustomerCountRepository, MetricsRepository } from '@frictionlens/persistence';
import { MetricsAnswers } from './metrics-cache.js';
import type { CostPoint, CostResponse, CostRow } from './metrics.responses.js';
import { customerLookup, filterOf, periodsOf, previousPeriod, rounded } from './metrics.service.js';

const DAYS_PER_YEAR = 365;

/** What a period's cost comes to over a year, with the 95% interval of that rate. */
export interface AnnualCost {
  costPerYear: number;
  costPerYearLow: number;
  costPerYearHigh: number;
}

/**
 * A period's cost over a year with its 95% interval. Each channel's contacts are taken as a
 * Poisson count, so the cost Σ nᵢ·cᵢ has variance Σ nᵢ·cᵢ². The interval is the exact (Garwood)
 * Poisson interval of the count with the same relative variance (n = cost² / variance), scaled
 * back to money: for a single channel it is exactly that channel's Poisson interval times its cost.
 */
export function annualCost(parts: Array<{ contacts: number; cost: number | null }>, days: number): AnnualCost {
  let cost = 0;
  let variance = 0;
  for (const part of parts) {
    if (part.cost === null) continue;
    cost += part.contacts * part.cost;
    variance += part.contacts * part.cost * part.cost;
  }
  const perYear = DAYS_PER_YEAR / Math.max(1, days);
  if (cost <= 0 || variance <= 0) return { costPerYear: 0, costPerYearLow: 0, costPerYearHigh: 0 };
  const n = (cost * cost) / variance;
  const { low, high } = poissonInterval(n);
  return { costPerYear: cost * perYear, costPerYearLow: (cost * low * perYear) / n, costPerYearHigh: (cost * high * perYear) / n };
}

const cents = (x: number) => Math.round(x * 100) / 100;

/** What handling failure demand cost: each channel's contacts times its handling cost, most costly first. */
@Injectable()
export class CostService {
  constructor(
    private readonly metrics: MetricsRepository,
    private readonly customers: CustomerCountRepository,
    private readonly answers: MetricsAnswers,
  ) {}

  async cost(query: CostQuery): Promise<CostResponse> {
    await this.answers.keys.check(query);
    const filter = filterOf(query);
    const previous = { ...filter, ...previousPeriod(filter) };
    const days = daysBetween(filter.from, filter.to);
    const [parts, before, customers, perPeriod] = await Promise.all([
      this.metrics.failureCostBy(filter, query.by),
      this.metrics.failureCostBy(previous, query.by),
      query.customers ? this.customers.distinctCustomers({ ...filter, demandType: 'failure' }, { by: query.by }) : undefined,
      query.interval ? this.metrics.failureCostByPeriod(filter, query.by, query.interval) : undefined,
    ]);
    const customersOf = customers && customerLookup(customers);
    const previousCost = new Map<string, number>();
    for (const part of before) if (part.cost !== null) previousCost.set(part.key, (previousCost.get(part.key) ?? 0) + part.contacts * part.cost);
    const byKey = new Map<string, Omit<CostRow, keyof AnnualCost>>();
    for (const part of parts) {
      const row = byKey.get(part.key) ?? {
        [query.by]: query.by !== 'category' && part.key === '' ? null : part.key,
        failureContacts: 0,
        cost: 0,
        currency: null,
        uncostedContacts: 0,
        previousCost: cents(previousCost.get(part.key) ?? 0),
        channels: [],
        ...(customersOf && { customers: customersOf('', part.key, 'failure') }),
      };
      row.failureContacts += part.contacts;
      row.channels.push({ channel: part.channel, failureContacts: part.contacts, cost: part.cost === null ? null : part.contacts * part.cost });
      if (part.cost === null) row.uncostedContacts += part.contacts;
      else {
        row.cost += part.contacts * part.cost;
        row.currency ??= part.currency;
      }
      byKey.set(part.key, row);
    }
    const rows: CostRow[] = [...byKey.values()]
      .map((row) => ({
        ...row,
        cost: cents(row.cost),
        ...rounded({ ...annualCost(row.channels.map((c) => ({ contacts: c.failureContacts, cost: c.cost === null ? null : c.cost / c.failureContacts })), days) }),
        channels: row.channels.sort(byCost).map((c) => ({ ...c, cost: c.cost === null ? null : cents(c.cost) })),
      }))
      .sort((a, b) => b.cost - a.cost || b.failureContacts - a.failureContacts);
    // The period's failure demand by channel: the handling cost per contact is the same for every key.
    const byChannel = new Map<string, { contacts: number; perContact: number | null }>();
    for (const part of parts) {
      const c = byChannel.get(part.channel) ?? { contacts: 0, perContact: part.cost };
      c.contacts += part.contacts;
      byChannel.set(part.channel, c);
    }
    const channels = [...byChannel]
      .map(([channel, c]) => ({
        channel,
        failureContacts: c.contacts,
        cost: c.perContact === null ? null : cents(c.contacts * c.perContact),
        ...rounded({ ...annualCost([{ contacts: c.contacts, cost: c.perContact }], days) }),
      }))
      .sort(byCost);
    const total = annualCost([...byChannel.values()].map((c) => ({ contacts: c.contacts, cost: c.perContact })), days);
    return {
      from: filter.from,
      to: filter.to,
      previousFrom: previous.from,
      previousTo: previous.to,
      days,
      by: query.by,
      totalCost: cents(rows.reduce((sum, r) => sum + r.cost, 0)),
      ...rounded({ totalCostPerYear: total.costPerYear, totalCostPerYearLow: total.costPerYearLow, totalCostPerYearHigh: total.costPerYearHigh }),
      currency: parts.find((p) => p.currency !== null)?.currency ?? null,
      uncostedChannels: channels.filter((c) => c.cost === null).map((c) => c.channel).sort(),
      channels,
      rows,
      ...(query.interval && perPeriod && { interval: query.interval, series: series(perPeriod, rows.map((r) => r[query.by] ?? ''), query.by, periodsOf(filter, query.interval)) }),
    };
  }
}

/** Each key's cost in each period, dense: a chart has no silent gaps. */
function series(parts: Array<{ period: string; key: string; contacts: number; cost: number | null }>, keys: string[], by: CostQuery['by'], periods: { starts: string[]; cut: Set<string> }): CostPoint[] {
  const at = new Map<string, Array<{ contacts: number; cost: number | null }>>();
  for (const part of parts) at.set(`${part.period}|${part.key}`, [...(at.get(`${part.period}|${part.key}`) ?? []), part]);
  return periods.starts.flatMap((period) =>
    keys.map((key) => {
      const channels = at.get(`${period}|${key}`) ?? [];
      // Over a year of 365 days, annualCost's rate is the period's own cost.
      const { costPerYearLow, costPerYearHigh } = annualCost(channels, DAYS_PER_YEAR);
      return rounded({
        period,
        partial: periods.cut.has(period),
        [by]: by !== 'category' && key === '' ? null : key,
        failureContacts: channels.reduce((sum, c) => sum + c.contacts, 0),
        cost: cents(channels.reduce((sum, c) => sum + (c.cost === null ? 0 : c.contacts * c.cost), 0)),
        costLow: cents(costPerYearLow),
        costHigh: cents(costPerYearHigh),
        uncostedContacts: channels.reduce((sum, c) => sum + (c.cost === null ? c.contacts : 0), 0),
      });
    }),
  );
}

function byCost(a: { cost: number | null; failureContacts: number }, b: { cost: number | null; failureContacts: number }): number {
  return (b.cost ?? -1) - (a.cost ?? -1) || b.failureContacts - a.failureContacts;
}
