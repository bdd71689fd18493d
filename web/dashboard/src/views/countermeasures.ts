import { api, query } from '../api.js';
import type { CountermeasureResponse, FailureDemandResponse, ImpactBasis, ImpactResponse } from '@frictionlens/contracts';
import { chart, colours } from '../charts.js';
import { el, panel } from '../dom.js';
import { count, day, decimal } from '../format.js';
import { categoryNames, stepNames } from '../names.js';

/** Each countermeasure with its before/after chart, rate ratio with its interval, and verdict. */
export async function countermeasuresView(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const [stepName, categoryName] = await Promise.all([stepNames(), categoryNames()]);
  let list: CountermeasureResponse[] = [];
  await panel(main, 'Countermeasures', async (body) => {
    list = await api<CountermeasureResponse[]>('/v1/countermeasures');
    const only = params.get('id');
    if (only) list = list.filter((c) => String(c.id) === only);
    body.replaceChildren(
      list.length
        ? el('p', { class: 'muted' }, 'Failure demand at the step (of the categories it targets) in equal windows before and after each start. The verdict needs the whole 95% interval of the rate ratio on one side of 1.', only ? [' ', el('a', { href: '#/countermeasures' }, 'Show all')] : null)
        : el('p', {}, 'No countermeasures yet: record one with POST /v1/countermeasures (docs/value-streams.md).'),
    );
  });
  for (const c of list) {
    await panel(main, c.title, async (body) => {
      const impact = await api<ImpactResponse>(`/v1/metrics/countermeasures/${c.id}/impact`);
      const weekly = await api<FailureDemandResponse>(
        `/v1/metrics/failure-demand${query({ interval: 'week', step: c.step, category: c.categories.length ? c.categories.join(',') : undefined, from: impact.beforeFrom, to: impact.afterTo })}`,
      );
      const ratio = impact.rateRatio === null ? '–' : decimal(impact.rateRatio);
      body.replaceChildren(
        el('p', {},
          el('a', { href: `#/step/${encodeURIComponent(c.step)}` }, stepName(c.step)),
          ` · ${c.categories.length ? c.categories.map(categoryName).join(', ') : 'every category of the step'} · ${c.status}, started ${day(c.startedOn)}${c.owner ? ` · ${c.owner}` : ''}`),
        el('div', { class: 'impact' },
          el('span', { class: `verdict ${impact.verdict.replace(/ /g, '-')}`, 'data-verdict': impact.verdict }, impact.verdict),
          el('span', {}, ` rate ratio ${ratio}`, impact.rateRatioLow !== null && impact.rateRatioHigh !== null ? ` (95% CI ${decimal(impact.rateRatioLow)}–${decimal(impact.rateRatioHigh)})` : '', ` ${basisWords(impact.basis)}`),
          el('span', { class: 'muted' }, ` · before ${count(impact.before.count)} in ${impact.before.weeks} weeks, after ${count(impact.after.count)} in ${decimal(impact.after.weeks, 1)} weeks`),
        ),
        el('p', { class: 'summary' }, impact.summary),
        el('p', { class: 'muted small' }, 'Failure contacts per week: red before the start, green after; dashed lines: each window\'s mean per week.'),
      );
      const periods = weekly.rows.map((r) => r.period);
      const start = periods.find((p) => p >= c.startedOn) ?? c.startedOn;
      const mean = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
      chart(body, `Failure contacts per week before and after ${c.title}`, {
        tooltip: { trigger: 'axis' },
        grid: { left: 48, right: 96, top: 24, bottom: 28 },
        xAxis: { type: 'category', data: periods },
        yAxis: { type: 'value', name: 'per week' },
        series: [
          {
            name: 'failure contacts',
            type: 'bar',
            data: weekly.rows.map((r) => ({ value: r.failureContacts, itemStyle: { color: r.period < c.startedOn ? colours.failure : colours.value } })),
            markLine: {
              symbol: 'none',
              label: { formatter: (p: { name?: string }) => p.name ?? '', position: 'insideEndTop' },
              data: [
                { name: 'start', xAxis: start, lineStyle: { color: '#333' } },
                [{ name: `before: ${mean(impact.before.perWeek)}/week`, coord: [periods[0], impact.before.perWeek ?? 0] }, { coord: [periods[Math.max(0, periods.indexOf(start) - 1)], impact.before.perWeek ?? 0] }],
                [{ name: `after: ${mean(impact.after.perWeek)}/week`, coord: [start, impact.after.perWeek ?? 0] }, { coord: [periods.at(-1), impact.after.perWeek ?? 0] }],
              ],
              lineStyle: { type: 'dashed', color: '#333' },
            },
          },
        ],
      });
    });
  }
}

/** What the rate ratio compares: the API's `basis` is 'units' (per 1,000 units handled) or 'weeks' (per week); typed by the contract, so a value the API never sends does not compile. */
export function basisWords(basis: ImpactBasis): string {
  return basis === 'units' ? 'of failure contacts per 1,000 units handled' : 'of failure contacts per week (no volumes in both windows)';
}
