import { api, query } from '../api.js';
import type { CostPoint, CostResponse, CostRow, FailureDemandResponse, StepsResponse } from '@frictionlens/contracts';
import { chart } from '../charts.js';
import { el, escapeHtml, panel } from '../dom.js';
import { count, day, money, moneyRange } from '../format.js';
import { categoryNames, stepNames } from '../names.js';
import type { Period } from '../period.js';
import { howToAddCosts, trend } from './fix-first.js';

/** Keys drawn in the cost over time; the rest are one series, "other". */
const TOP_SERIES = 6;

type OverTime = 'step' | 'category' | 'channel';

/**
 * What failure demand costs: the period's total a year, its cost per week by step, category or
 * channel, and every step, category and channel ranked by cost a year with its interval and its trend.
 */
export async function costView(main: HTMLElement, period: Period): Promise<void> {
  const range = { from: period.from, to: period.to };
  // With interval=week the answers carry each key's weekly cost beside the period's rows.
  const byStep = api<CostResponse>(`/v1/metrics/cost${query({ by: 'step', interval: 'week', ...range })}`);
  const byCategory = api<CostResponse>(`/v1/metrics/cost${query({ by: 'category', interval: 'week', ...range })}`);
  const words = (filters: Record<string, string>) => `#/contacts${query({ ...filters, demandType: 'failure', ...range })}`;
  const top = el('div');
  const grid = el('div', { class: 'grid two' });
  main.append(top, grid);
  await Promise.all([
    panel(top, 'Cost of failure demand', async (body) => {
      const cost = await byStep;
      body.replaceChildren(
        cost.currency
          ? el('p', { id: 'cost-total' }, 'Handling failure demand costs about ', el('strong', {}, `${money(cost.totalCostPerYear, cost.currency)} a year`),
              ` (95% interval ${moneyRange(cost.totalCostPerYearLow, cost.totalCostPerYearHigh, cost.currency)}): ${money(cost.totalCost, cost.currency)} in the ${cost.days} days from ${day(cost.from)} to ${day(cost.to)}, times 365 / ${cost.days}. `,
              'Each failure contact is priced at the handling cost of its channel; the interval is the uncertainty of the rate, not of the handling costs.')
          : el('p', { class: 'muted' }, 'No figure in money: no channel with failure demand has a handling cost.'),
        cost.uncostedChannels.length || !cost.currency ? howToAddCosts(cost.uncostedChannels) : '',
      );
      if (!cost.currency || cost.totalCost <= 0) return;
      const [byCategoryCost, weekly, stepName, categoryName] = await Promise.all([
        byCategory,
        api<FailureDemandResponse>(`/v1/metrics/failure-demand${query({ interval: 'week', groupBy: 'channel', ...range })}`),
        stepNames(),
        categoryNames(),
      ]);
      const lines: Record<OverTime, WeeklyCost> = {
        step: fromCostSeries(cost.series ?? [], (p) => (p.step ? stepName(p.step) : 'At no step yet')),
        category: fromCostSeries(byCategoryCost.series ?? [], (p) => categoryName(p.category ?? '')),
        channel: weeklyByChannel(cost, weekly),
      };
      const chooser = el('select', { id: 'cost-over-time-by', 'aria-label': 'Cost per week by' },
        el('option', { value: 'step' }, 'step'), el('option', { value: 'category' }, 'category'), el('option', { value: 'channel' }, 'channel'));
      body.appendChild(el('p', { class: 'toolbar' }, 'Cost of failure demand per week by ', chooser,
        el('span', { class: 'muted small' }, ` (the ${TOP_SERIES} most costly in the period, the rest as “other”; weeks cut by the period paler)`)));
      const instance = chart(body, 'Cost of failure demand per week', stackedCost(lines.step, cost.currency));
      const show = (by: OverTime) => {
        instance.setOption(stackedCost(lines[by], cost.currency), { replaceMerge: ['xAxis', 'series'] });
        instance.getDom().setAttribute('data-over-time', by);
        instance.getDom().setAttribute('data-series', JSON.stringify(lines[by].series.map((l) => ({ name: l.name, total: Math.round(l.values.reduce((a, b) => a + b, 0) * 100) / 100 }))));
      };
      show('step');
      chooser.addEventListener('change', () => show(chooser.value as OverTime));
    }),
  ]);
  await Promise.all([
    panel(grid, 'By step', async (body) => {
      const [cost, steps] = await Promise.all([byStep, api<StepsResponse>(`/v1/metrics/steps${query(range)}`)]);
      const stepOf = new Map(steps.rows.map((s) => [s.step, s]));
      body.replaceChildren(costTable('cost-by-step', cost, period, (r) => (r.step ? el('a', { href: `#/step/${encodeURIComponent(r.step)}` }, stepOf.get(r.step)?.stepName ?? r.step) : 'At no step yet'), (r) => words(r.step ? { step: r.step } : {}), (r) => (r.step ? stepOf.get(r.step) : undefined)));
    }),
    panel(grid, 'By category', async (body) => {
      const [cost, categoryName] = await Promise.all([byCategory, categoryNames()]);
      body.replaceChildren(costTable('cost-by-category', cost, period, (r) => categoryName(r.category ?? ''), (r) => words({ category: r.category ?? '' })));
    }),
    panel(grid, 'By channel', async (body) => {
      const cost = await byStep;
      body.replaceChildren(el('table', { id: 'cost-by-channel' },
        el('thead', {}, el('tr', {}, el('th', {}, 'channel'), el('th', { class: 'num' }, 'a year'), el('th', {}, '95% interval'), el('th', { class: 'num' }, 'in the period'), el('th', { class: 'num' }, 'failure contacts'))),
        el('tbody', {}, cost.channels.map((c) => el('tr', { 'data-channel': c.channel },
          el('td', {}, el('a', { href: words({ channel: c.channel }) }, c.channel)),
          el('td', { class: 'num' }, c.cost === null ? 'no handling cost' : money(c.costPerYear, cost.currency)),
          el('td', { class: 'muted' }, c.cost === null ? '' : moneyRange(c.costPerYearLow, c.costPerYearHigh, cost.currency)),
          el('td', { class: 'num' }, c.cost === null ? '–' : money(c.cost, cost.currency)),
          el('td', { class: 'num' }, count(c.failureContacts)),
        )))));
    }),
  ]);
}

function costTable(id: string, cost: CostResponse, period: Period, name: (r: CostRow) => Node | string, words: (r: CostRow) => string, contacts?: (r: CostRow) => { changeLow: number | null; changeHigh: number | null } | undefined): HTMLElement {
  if (!cost.rows.length) return el('p', { class: 'muted' }, 'No failure demand in this period.');
  const rows = [...cost.rows].sort((a, b) => b.costPerYear - a.costPerYear || b.failureContacts - a.failureContacts);
  return el('table', { id },
    el('thead', {}, el('tr', {}, el('th', {}, ''), el('th', { class: 'num' }, 'a year'), el('th', {}, '95% interval'), el('th', {}, 'trend'), el('th', { class: 'num' }, 'failure contacts'), el('th', {}, ''))),
    el('tbody', {}, rows.map((r) => el('tr', {},
      el('td', {}, name(r)),
      el('td', { class: 'num money' }, r.currency ? money(r.costPerYear, r.currency) : 'not priced'),
      el('td', { class: 'muted' }, r.currency ? moneyRange(r.costPerYearLow, r.costPerYearHigh, r.currency) : ''),
      el('td', { class: 'small' }, r.currency ? trend(r, period.weeks, cost.days, contacts?.(r)) : ''),
      el('td', { class: 'num' }, count(r.failureContacts), r.uncostedContacts > 0 ? el('span', { class: 'muted small' }, ` (${count(r.uncostedContacts)} not priced)`) : ''),
      el('td', {}, el('a', { href: words(r) }, 'words')),
    ))));
}

/** Cost per week, one series per key: the weeks (cut ones marked) and each series' cost in them. */
interface WeeklyCost {
  periods: string[];
  partial: Set<string>;
  series: Array<{ name: string; values: number[] }>;
}

/** The API's cost series, the TOP_SERIES keys most costly over the period as they are and the rest summed as "other". */
function fromCostSeries(points: CostPoint[], nameOf: (point: CostPoint) => string): WeeklyCost {
  const periods = [...new Set(points.map((p) => p.period))];
  const partial = new Set(points.filter((p) => p.partial).map((p) => p.period));
  const byName = new Map<string, number[]>();
  for (const point of points) {
    const values = byName.get(nameOf(point)) ?? periods.map(() => 0);
    values[periods.indexOf(point.period)]! += point.cost;
    byName.set(nameOf(point), values);
  }
  const total = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const ranked = [...byName].filter(([, values]) => total(values) > 0).sort((a, b) => total(b[1]) - total(a[1]));
  // "other" only when it stands for two or more: one more key is drawn under its own name.
  const shown = ranked.length > TOP_SERIES + 1 ? ranked.slice(0, TOP_SERIES) : ranked;
  const rest = ranked.slice(shown.length);
  const series = shown.map(([name, values]) => ({ name, values }));
  if (rest.length) series.push({ name: `other (${rest.length})`, values: periods.map((_, i) => rest.reduce((sum, [, values]) => sum + values[i]!, 0)) });
  return { periods, partial, series: series.map((s) => ({ ...s, values: s.values.map((v) => Math.round(v * 100) / 100) })) };
}

/** Cost per week by channel: each week's failure contacts on a channel times its handling cost. */
function weeklyByChannel(cost: CostResponse, weekly: FailureDemandResponse): WeeklyCost {
  const perContact = new Map(cost.channels.filter((c) => c.cost !== null && c.failureContacts > 0).map((c) => [c.channel, c.cost! / c.failureContacts]));
  const periods = [...new Set(weekly.rows.map((r) => r.period))];
  const partial = new Set(weekly.rows.filter((r) => r.partial).map((r) => r.period));
  return {
    periods,
    partial,
    series: [...perContact.keys()].map((channel) => {
      const byPeriod = new Map(weekly.rows.filter((r) => r.group === channel).map((r) => [r.period, r.failureContacts * perContact.get(channel)!]));
      return { name: channel, values: periods.map((p) => Math.round((byPeriod.get(p) ?? 0) * 100) / 100) };
    }),
  };
}

/** Stacked bars of cost per week. Weeks cut by the period are drawn paler. */
function stackedCost(weekly: WeeklyCost, currency: string | null): Record<string, unknown> {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => escapeHtml(money(v, currency)) },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 72, right: 16, top: 40, bottom: 28 },
    xAxis: { type: 'category', data: weekly.periods.map((p) => (weekly.partial.has(p) ? `${p} (part)` : p)) },
    yAxis: { type: 'value', name: `cost per week (${currency})` },
    series: weekly.series.map((s) => ({ name: s.name, type: 'bar', stack: 'cost', data: s.values.map((value, i) => ({ value, itemStyle: weekly.partial.has(weekly.periods[i]!) ? { opacity: 0.4 } : {} })) })),
  };
}
