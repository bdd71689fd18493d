import { Injectable } from '@nestjs/common';
import type { SpikesQuery } from '@frictionlens/contracts';
import { addDays, denseSeries, findSpikes, periodStart, periodStarts } from '@frictionlens/domain';
import { CustomerCountRepository, MetricsRepository } from '@frictionlens/persistence';
import { MetricsAnswers } from './metrics-cache.js';
import { customerLookup, filterOf } from './metrics.service.js';
import type { SpikesResponse } from './metrics.responses.js';

/** Where the counts a spike test reads begin: the baseline of the first period shown needs the periods before it. */
export function spikeHistoryFrom(from: string, interval: SpikesQuery['interval'], baselinePeriods: number): string {
  return periodStart(addDays(from, -baselinePeriods * (interval === 'week' ? 7 : 1)), interval);
}

/**
 * Days or weeks when a category's or a step's failure demand was improbably high against its own
 * recent baseline (the mean of the periods before it): a one-sided Poisson test, strictest first.
 */
@Injectable()
export class SpikesService {
  constructor(
    private readonly metrics: MetricsRepository,
    private readonly customers: CustomerCountRepository,
    private readonly answers: MetricsAnswers,
  ) {}

  async spikes(query: SpikesQuery): Promise<SpikesResponse> {
    await this.answers.keys.check(query);
    const filter = filterOf(query);
    const historyFrom = spikeHistoryFrom(filter.from, query.interval, query.baselinePeriods);
    const counts = await this.metrics.demandByPeriod({ ...filter, from: historyFrom }, query.interval, query.by);
    const failure = counts.filter((c) => c.demandType === 'failure').map((c) => ({ key: c.group, start: c.period, count: c.contacts }));
    const series = denseSeries(failure, periodStarts(historyFrom, filter.to, query.interval));
    const shownFrom = periodStart(filter.from, query.interval);
    const spikes = findSpikes(series, { baselinePeriods: query.baselinePeriods, alpha: query.alpha }).filter((spike) => spike.start >= shownFrom);
    // Only the spikes' own periods need their customers counted.
    const customersOf =
      query.customers && spikes.length
        ? customerLookup(await this.customers.distinctCustomers({ ...filter, from: spikes.reduce((a, s) => (s.start < a ? s.start : a), spikes[0]!.start), demandType: 'failure' }, { interval: query.interval, by: query.by }))
        : undefined;
    const rows = spikes.map(({ key, start, ...figures }) => ({
      [query.by]: query.by !== 'category' && key === '' ? null : key,
      period: start,
      ...figures,
      ...(query.customers && { customers: customersOf?.(start, key, 'failure') ?? 0 }),
    }));
    return { from: filter.from, to: filter.to, by: query.by, interval: query.interval, baselinePeriods: query.baselinePeriods, alpha: query.alpha, rows };
  }
}
