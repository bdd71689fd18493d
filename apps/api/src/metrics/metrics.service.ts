import { Injectable } from '@nestjs/common';
import type { FailureDemandQuery, MetricsFilters, ParetoQuery, StepsQuery } from '@frictionlens/contracts';
import { addDays, adjustedFailureDemandShare, daysBetween, defaultPeriod, demandTypeConfusionIn, failureDemandRatio, failureDetectionRates, failureTypeHint, failureTypeMix, pareto, periodStart, periodStarts, repeatRate, stepFriction, type StepFriction } from '@frictionlens/domain';
import { CustomerCountRepository, MetricsRepository, ModelVersionRepository, StepVolumeRepository, type CustomerCount, type DemandCount, type RollupFilter, type StepCount } from '@frictionlens/persistence';
import { MetricsAnswers } from './metrics-cache.js';
import type { FailureDemandModel, FailureDemandResponse, ParetoResponse, StepRow, StepsResponse } from './metrics.responses.js';

const TOP_CATEGORIES = 5;

/**
 * The failure-demand figures, all from the demand rollups: the ratio over time, friction per
 * value-stream step with its observed %C&A, and Pareto. Each share and rate comes with its 95%
 * interval, since a figure without its uncertainty invites over-reading small numbers.
 */
@Injectable()
export class MetricsService {
  constructor(
    private readonly metrics: MetricsRepository,
    private readonly volumes: StepVolumeRepository,
    private readonly models: ModelVersionRepository,
    private readonly customers: CustomerCountRepository,
    private readonly answers: MetricsAnswers,
  ) {}

  async failureDemand(query: FailureDemandQuery): Promise<FailureDemandResponse> {
    await this.answers.keys.check(query);
    const filter = filterOf(query);
    const [counts, newest, customers] = await Promise.all([
      this.metrics.demandByPeriod(filter, query.interval, query.groupBy),
      this.models.newest(),
      query.customers ? this.customers.distinctCustomers(filter, { interval: query.interval, by: query.groupBy }) : undefined,
    ]);
    const customersOf = customers && customerLookup(customers);
    // The newest version is the one the classifiers serve; its held-out confusion corrects the share.
    const confusion = newest && demandTypeConfusionIn(newest.evaluation);
    const rates = confusion && failureDetectionRates(confusion);
    const model: FailureDemandModel | null = newest
      ? {
          version: newest.id,
          kind: newest.kind,
          trainedAt: newest.createdAt.toISOString(),
          ...rounded({ tpr: rates?.tpr ?? null, fpr: rates?.fpr ?? null }),
          heldOutFailure: rates?.failureExamples ?? null,
          heldOutValue: rates?.valueExamples ?? null,
        }
      : null;
    const groups = query.groupBy ? [...new Set(counts.map((c) => c.group))].sort() : [''];
    const { starts, cut } = periodsOf(filter, query.interval);
    const byKey = tally(counts, (c) => `${c.period}|${c.group}`);
    // Dense: every period of every group, zeros included, so a chart has no silent gaps.
    const rows = starts.flatMap((period) =>
      groups.map((group) => {
        const t = byKey.get(`${period}|${group}`) ?? emptyTally();
        const { ratio, ratioLow, ratioHigh, ...counts } = failureDemandRatio(t);
        const adjusted = adjustedFailureDemandShare(t, rates);
        return rounded({
          period,
          partial: cut.has(period),
          ...(query.groupBy ? { group } : {}),
          ...counts,
          failureDemandRatio: ratio,
          failureDemandRatioLow: ratioLow,
          failureDemandRatioHigh: ratioHigh,
          adjustedFailureDemandRatio: adjusted?.share ?? null,
          adjustedFailureDemandRatioLow: adjusted?.low ?? null,
          adjustedFailureDemandRatioHigh: adjusted?.high ?? null,
          ...repeatRate(t.repeats, counts.contacts),
          ...(customersOf && { customers: customersOf(period, group, null), failureCustomers: customersOf(period, group, 'failure') }),
        });
      }),
    );
    return { from: filter.from, to: filter.to, interval: query.interval, groupBy: query.groupBy ?? null, model, rows };
  }

  async steps(query: StepsQuery): Promise<StepsResponse> {
    await this.answers.keys.check(query);
    const filter = filterOf(query);
    const previous = { ...filter, ...previousPeriod(filter) };
    const [steps, current, before, units, customers] = await Promise.all([
      this.metrics.steps(),
      this.metrics.demandByStep(filter),
      this.metrics.demandByStep(previous),
      this.volumes.unitsByStep({ from: filter.from, to: filter.to }),
      query.customers ? this.customers.distinctCustomers(filter, { by: 'step' }) : undefined,
    ]);
    const customersOf = customers && customerLookup(customers);
    const allFailure = sumWhere(current, (c) => c.demandType === 'failure');
    const rows: StepRow[] = steps
      .filter((step) => !query.valueStream || query.valueStream.includes(step.valueStreamKey))
      .filter((step) => !query.step || query.step.includes(step.key))
      .map((step) => {
        const here = current.filter((c) => c.stepKey === step.key);
        const figures = stepFriction({
          contacts: sumWhere(here, () => true),
          failureContacts: sumWhere(here, (c) => c.demandType === 'failure'),
          units: units.get(step.key) ?? null,
          allFailureContacts: allFailure,
          previousFailureContacts: sumWhere(before, (c) => c.stepKey === step.key && c.demandType === 'failure'),
        });
        const mix = failureTypeMix(here.filter((c) => c.demandType === 'failure').map((c) => ({ failureType: c.failureType, failureContacts: c.contacts })));
        return nearOne(rounded({
          valueStream: step.valueStreamKey,
          valueStreamName: step.valueStreamName,
          step: step.key,
          stepName: step.name,
          units: units.get(step.key) ?? null,
          ...figures,
          ...perMillion(figures),
          ...repeatRate(sumRepeats(here), figures.contacts),
          ...(customersOf && { customers: customersOf('', step.key, null), failureCustomers: customersOf('', step.key, 'failure') }),
          targetCompleteAccurate: step.targetCompleteAccurate,
          topCategories: topCategories(here),
          failureTypes: mix.map((share) => rounded({ ...share })),
          hint: failureTypeHint(mix),
        }), figures);
      });
    const unlinked = sumWhere(current, (c) => c.stepKey === '' && c.demandType === 'failure');
    return { from: filter.from, to: filter.to, previousFrom: previous.from, previousTo: previous.to, failureContacts: allFailure, failureContactsAtNoStep: unlinked, rows };
  }

  async pareto(query: ParetoQuery): Promise<ParetoResponse> {
    await this.answers.keys.check(query);
    const filter = filterOf(query);
    const [all, customers] = await Promise.all([
      this.metrics.demandByStep(filter),
      query.customers ? this.customers.distinctCustomers({ ...filter, demandType: query.demandType }, { by: query.by }) : undefined,
    ]);
    const counts = all.filter((c) => c.demandType === query.demandType);
    const customersOf = customers && customerLookup(customers);
    const keyOf = (c: StepCount) => (query.by === 'step' ? c.stepKey : query.by === 'category' ? c.categoryKey : (c.failureType ?? ''));
    const totals = new Map<string, number>();
    const repeats = new Map<string, number>();
    for (const c of counts) {
      totals.set(keyOf(c), (totals.get(keyOf(c)) ?? 0) + c.contacts);
      repeats.set(keyOf(c), (repeats.get(keyOf(c)) ?? 0) + c.repeats);
    }
    const rows = pareto([...totals].map(([key, count]) => ({ key, count }))).map(({ key, ...figures }) =>
      rounded({ [query.by]: key === '' ? null : key, ...figures, ...repeatRate(repeats.get(key)!, figures.count), ...(customersOf && { customers: customersOf('', key, null) }) }),
    );
    return { from: filter.from, to: filter.to, by: query.by, demandType: query.demandType, rows };
  }
}

/**
 * Figures to six significant digits: more than any count or interval can support, and a third
 * of the bytes of a double's 17 (a year by week and step is 1,700 rows).
 */
export function rounded<T extends Record<string, unknown>>(row: T): T {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(row)) out[field] = typeof value === 'number' && Number.isFinite(value) ? Number(value.toPrecision(6)) : value;
  return out as T;
}

/**
 * %C&A sits next to 1 at millions of units (0.99999911): six significant digits of the figure
 * would read 1.00000 for value and interval alike. Its distance from 1 is kept to six
 * significant digits instead.
 */
function nearOne<T extends StepRow>(row: T, exact: StepFriction): T {
  const keep = (x: number | null) => (x === null || !Number.isFinite(x) ? x : 1 - Number((1 - x).toPrecision(6)));
  return {
    ...row,
    observedCompleteAccurate: keep(exact.observedCompleteAccurate),
    observedCompleteAccurateLow: keep(exact.observedCompleteAccurateLow),
    observedCompleteAccurateHigh: keep(exact.observedCompleteAccurateHigh),
  };
}

/**
 * The periods from `from` to `to` by interval, and those the period cuts: a period cut by from or
 * to holds fewer days than its neighbours, so charts mark it and sums should not compare it.
 */
export function periodsOf(period: { from: string; to: string }, interval: 'day' | 'week' | 'month'): { starts: string[]; cut: Set<string> } {
  const starts = periodStarts(period.from, period.to, interval);
  const cut = new Set([...(starts[0] !== undefined && starts[0] < period.from ? [starts[0]] : []), ...(periodStart(period.to, interval) !== period.to && starts.length ? [starts[starts.length - 1]!] : [])]);
  return { starts, cut };
}

/** The period of as many days just before `period`, which `steps` compares with. */
export function previousPeriod(period: { from: string; to: string }): { from: string; to: string } {
  return { from: addDays(period.from, -daysBetween(period.from, period.to)), to: period.from };
}

export function filterOf(query: MetricsFilters & { from?: string; to?: string }): RollupFilter {
  const { from, to } = defaultPeriod(query);
  return {
    from,
    to,
    valueStream: query.valueStream,
    step: query.step,
    category: query.category,
    channel: query.channel,
    kind: query.kind,
    product: query.product,
    source: query.source,
    failureType: query.failureType,
  };
}

interface Tally {
  failure: number;
  value: number;
  unclassified: number;
  repeats: number;
}

const emptyTally = (): Tally => ({ failure: 0, value: 0, unclassified: 0, repeats: 0 });

function tally(counts: DemandCount[], keyOf: (c: DemandCount) => string): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const c of counts) {
    const t = tallies.get(keyOf(c)) ?? emptyTally();
    t[c.demandType] += c.contacts;
    t.repeats += c.repeats;
    tallies.set(keyOf(c), t);
  }
  return tallies;
}

/**
 * Failure contacts per million units: the same figure as the rate per 1,000, at a scale where
 * steps handling millions of units differ in whole numbers where their %C&A reads 99.99% alike.
 */
function perMillion(figures: { frictionRatePer1000: number | null; frictionRatePer1000Low: number | null; frictionRatePer1000High: number | null }) {
  const scale = (x: number | null) => (x === null ? null : x * 1000);
  return {
    failuresPerMillionUnits: scale(figures.frictionRatePer1000),
    failuresPerMillionUnitsLow: scale(figures.frictionRatePer1000Low),
    failuresPerMillionUnitsHigh: scale(figures.frictionRatePer1000High),
  };
}

function sumWhere(counts: StepCount[], keep: (c: StepCount) => boolean): number {
  return counts.reduce((sum, c) => (keep(c) ? sum + c.contacts : sum), 0);
}

/** Distinct customers by period, group and demand type (null: any), 0 where none got in touch. */
export function customerLookup(counts: CustomerCount[]): (period: string, group: string, demandType: CustomerCount['demandType']) => number {
  const byKey = new Map(counts.map((c) => [`${c.period}|${c.group}|${c.demandType ?? ''}`, c.customers]));
  return (period, group, demandType) => byKey.get(`${period}|${group}|${demandType ?? ''}`) ?? 0;
}

function sumRepeats(counts: StepCount[]): number {
  return counts.reduce((sum, c) => sum + c.repeats, 0);
}

function topCategories(counts: StepCount[]): Array<{ category: string; failureContacts: number }> {
  const failure = new Map<string, number>();
  for (const c of counts) if (c.demandType === 'failure') failure.set(c.categoryKey, (failure.get(c.categoryKey) ?? 0) + c.contacts);
  return [...failure]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP_CATEGORIES)
    .map(([category, failureContacts]) => ({ category, failureContacts }));
}
