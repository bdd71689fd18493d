import { api, query, type CostResponse, type CostRow, type FailureDemandResponse, type StepsResponse } from '../api.js';
import { chart } from '../charts.js';
import { el, escapeHtml, panel } from '../dom.js';
import { count, day, money, moneyRange } from '../format.js';
import { categoryNames } from '../names.js';
import type { Period } from '../period.js';
import { howToAddCosts, trend } from './fix-first.js';

/**
 * What failure demand costs: the period's total a year, its cost per week by channel, and every
 * step, category and channel ranked by cost a year with its interval and its trend.
 */
export async function costView(main: HTMLElement, period: Period): Promise<void> {
  const range = { from: period.from, to: period.to };
  const byStep = api<CostResponse>(`/v1/metrics/cost${query({ by: 'step', ...range })}`);
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
      const weekly = await api<FailureDemandResponse>(`/v1/metrics/failure-demand${query({ interval: 'week', groupBy: 'channel', ...range })}`);
      weeklyByChannel(body, cost, weekly);
    }),
  ]);
  await Promise.all([
    panel(grid, 'By step', async (body) => {
      const [cost, steps] = await Promise.all([byStep, api<StepsResponse>(`/v1/metrics/steps${query(range)}`)]);
      const stepOf = new Map(steps.rows.map((s) => [s.step, s]));
      body.replaceChildren(costTable('cost-by-step', cost, period, (r) => (r.step ? el('a', { href: `#/step/${encodeURIComponent(r.step)}` }, stepOf.get(r.step)?.stepName ?? r.step) : 'At no step yet'), (r) => words(r.step ? { step: r.step } : {}), (r) => (r.step ? stepOf.get(r.step) : undefined)));
    }),
    panel(grid, 'By category', async (body) => {
      const [cost, categoryName] = await Promise.all([api<CostResponse>(`/v1/metrics/cost${query({ by: 'category', ...range })}`), categoryNames()]);
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

/** Cost per week, stacked by channel: each week's failure contacts on a channel times its handling cost. Weeks cut by the period are drawn paler. */
function weeklyByChannel(parent: HTMLElement, cost: CostResponse, weekly: FailureDemandResponse): void {
  const perContact = new Map(cost.channels.filter((c) => c.cost !== null && c.failureContacts > 0).map((c) => [c.channel, c.cost! / c.failureContacts]));
  if (!perContact.size || !cost.currency) return;
  const periods = [...new Set(weekly.rows.map((r) => r.period))];
  const partial = new Set(weekly.rows.filter((r) => r.partial).map((r) => r.period));
  const channels = [...perContact.keys()];
  chart(parent, 'Cost of failure demand per week by channel', {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => escapeHtml(money(v, cost.currency)) },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 72, right: 16, top: 40, bottom: 28 },
    xAxis: { type: 'category', data: periods.map((p) => (partial.has(p) ? `${p} (part)` : p)) },
    yAxis: { type: 'value', name: `cost per week (${cost.currency})` },
    series: channels.map((channel) => {
      const byPeriod = new Map(weekly.rows.filter((r) => r.group === channel).map((r) => [r.period, r.failureContacts * perContact.get(channel)!]));
      return { name: channel, type: 'bar', stack: 'cost', data: periods.map((p) => ({ value: Math.round((byPeriod.get(p) ?? 0) * 100) / 100, itemStyle: partial.has(p) ? { opacity: 0.4 } : {} })) };
    }),
  });
}
