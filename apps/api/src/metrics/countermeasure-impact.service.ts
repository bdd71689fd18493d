import { Injectable, NotFoundException } from '@nestjs/common';
import { METRICS_FIRST_DAY, type ImpactQuery } from '@frictionlens/contracts';
import { addDays, countermeasureImpact, daysBetween, isoDay } from '@frictionlens/domain';
import { MetricsRepository, StepVolumeRepository } from '@frictionlens/persistence';
import { withCsvRows } from '@frictionlens/platform';
import type { ImpactResponse } from './metrics.responses.js';

/**
 * Did the prevention work help? Failure demand at the countermeasure's step (of the categories it
 * targets) in equal windows before and after its start, per week and per 1,000 units handled,
 * and the rate ratio with its 95% interval and a plain verdict.
 */
@Injectable()
export class CountermeasureImpactService {
  constructor(
    private readonly metrics: MetricsRepository,
    private readonly volumes: StepVolumeRepository,
  ) {}

  async impact(id: number, query: ImpactQuery, today: Date = new Date()): Promise<ImpactResponse> {
    const countermeasure = await this.metrics.countermeasure(id);
    if (!countermeasure) throw new NotFoundException(`countermeasure ${id} does not exist (GET /v1/countermeasures lists them)`);
    const start = countermeasure.startedOn;
    // Equal windows: as many whole days after the start as have passed, up to the weeks asked for,
    // and none before the first day a metrics period may name (a start in year 1 is accepted).
    const days = Math.max(0, Math.min(query.weeks * 7, daysBetween(start, isoDay(today)), daysBetween(METRICS_FIRST_DAY, start)));
    const window = async (from: string, to: string) => {
      const filter = { from, to, step: [countermeasure.stepKey], category: countermeasure.categoryKeys.length ? countermeasure.categoryKeys : undefined };
      const counts = days > 0 ? await this.metrics.demandByStep(filter) : [];
      const units = days > 0 ? (await this.volumes.unitsByStep({ from, to })).get(countermeasure.stepKey) : undefined;
      return { count: counts.filter((c) => c.demandType === 'failure').reduce((sum, c) => sum + c.contacts, 0), weeks: days / 7, units: units ?? null };
    };
    const beforeFrom = addDays(start, -days);
    const afterTo = addDays(start, days);
    const [before, after] = await Promise.all([window(beforeFrom, start), window(start, afterTo)]);
    const impact = countermeasureImpact({ before, after }, { label: `Failure demand at ${countermeasure.stepName}` });
    const response: ImpactResponse = {
      countermeasure: { id, title: countermeasure.title, step: countermeasure.stepKey, categories: countermeasure.categoryKeys, startedOn: start, status: countermeasure.status },
      beforeFrom,
      afterTo,
      ...impact,
    };
    return withCsvRows(response, [impactRow(response)]);
  }
}

/**
 * The answer as one flat CSV row for spreadsheets and BI tools: each nested figure a column named
 * by its path (`before.perWeekLow` → `beforePerWeekLow`, `countermeasure.id` → `countermeasureId`),
 * so the impacts of several countermeasures stack into one table.
 */
export function impactRow(impact: ImpactResponse): Record<string, unknown> {
  // A ratio that cannot be had still fills its columns, so every row has the same ones.
  const none = { ratio: null, low: null, high: null };
  const { rateRatioPerWeek, rateRatioPer1000Units, ...rest } = impact;
  return flattened({ ...rest, rateRatioPerWeek: rateRatioPerWeek ?? none, rateRatioPer1000Units: rateRatioPer1000Units ?? none });
}

function flattened(record: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) {
    const column = prefix ? `${prefix}${name[0]!.toUpperCase()}${name.slice(1)}` : name;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) Object.assign(row, flattened(value as Record<string, unknown>, column));
    else row[column] = value;
  }
  return row;
}
