import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CostQuery } from '@frictionlens/contracts';
import { CustomerCountRepository, MetricsRepository } from '@frictionlens/persistence';
import { MetricsAnswers } from './metrics-cache.js';
import { customerLookup, filterOf } from './metrics.service.js';

export interface CostRow {
  step?: string | null;
  category?: string;
  failureType?: string | null;
  failureContacts: number;
  /** Failure contacts × handling cost of their channel. */
  cost: number;
  currency: string | null;
  /** Failure contacts on channels with no handling cost set (not in `cost`). */
  uncostedContacts: number;
  /** With `customers=true`: distinct customers behind the failure contacts. */
  customers?: number;
}

export interface CostResponse {
  from: string;
  to: string;
  by: 'step' | 'category' | 'failureType';
  totalCost: number;
  rows: CostRow[];
}

/** What handling failure demand cost: each channel's contacts times its handling cost, most costly first. */
@Injectable()
export class CostService {
  private readonly metrics: MetricsRepository;
  private readonly customers: CustomerCountRepository;

  constructor(
    db: DataSource,
    private readonly answers: MetricsAnswers,
  ) {
    this.metrics = new MetricsRepository(db);
    this.customers = new CustomerCountRepository(db);
  }

  async cost(query: CostQuery): Promise<CostResponse> {
    await this.answers.keys.check(query);
    const filter = filterOf(query);
    const [parts, customers] = await Promise.all([
      this.metrics.failureCostBy(filter, query.by),
      query.customers ? this.customers.distinctCustomers({ ...filter, demandType: 'failure' }, { by: query.by }) : undefined,
    ]);
    const customersOf = customers && customerLookup(customers);
    const byKey = new Map<string, CostRow>();
    for (const part of parts) {
      const row = byKey.get(part.key) ?? {
        [query.by]: query.by !== 'category' && part.key === '' ? null : part.key,
        failureContacts: 0,
        cost: 0,
        currency: null,
        uncostedContacts: 0,
        ...(customersOf && { customers: customersOf('', part.key, 'failure') }),
      };
      row.failureContacts += part.contacts;
      if (part.cost === null) row.uncostedContacts += part.contacts;
      else {
        row.cost += part.contacts * part.cost;
        row.currency ??= part.currency;
      }
      byKey.set(part.key, row);
    }
    const rows = [...byKey.values()].map((row) => ({ ...row, cost: Math.round(row.cost * 100) / 100 })).sort((a, b) => b.cost - a.cost || b.failureContacts - a.failureContacts);
    return { from: filter.from, to: filter.to, by: query.by, totalCost: Math.round(rows.reduce((sum, r) => sum + r.cost, 0) * 100) / 100, rows };
  }
}
