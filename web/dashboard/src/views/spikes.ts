import { api, query } from '../api.js';
import type { FailureDemandResponse, SpikeRow, SpikesResponse } from '@frictionlens/contracts';
import { chart } from '../charts.js';
import { el, escapeHtml, panel } from '../dom.js';
import { count, day } from '../format.js';
import { categoryNames, stepNames } from '../names.js';
import { addDays, type Period } from '../period.js';

const CHARTED = 5;

/** "about 5× the usual 80": the count against the baseline in words a manager reads. */
export function spikeWords(row: Pick<SpikeRow, 'count' | 'baseline' | 'period'>): string {
  const times = row.baseline > 0 ? row.count / row.baseline : Infinity;
  const usual = row.baseline < 1 ? 'almost none usually' : `the usual ${count(Math.round(row.baseline))}`;
  const factor = !Number.isFinite(times) ? '' : times >= 1.95 ? `about ${Math.round(times)}× ` : `${Math.round((times - 1) * 100)}% above `;
  return `${count(row.count)} contacts in the week of ${day(row.period)}, ${row.baseline < 1 ? 'where there are almost none usually' : `${factor}${usual}`}`;
}

/** How unusual, without a p-value: how often a week this high would come by chance. */
export function chanceWords(p: number): string {
  if (p < 1e-6) return 'by chance less than once in a million weeks';
  const weeks = Number((1 / p).toPrecision(2));
  return `by chance about once in ${count(weeks)} weeks`;
}

/** Weeks whose failure demand was improbably high against the series' own usual level, in words and on a chart. */
export async function spikesView(main: HTMLElement, period: Period): Promise<void> {
  const [stepName, categoryName] = await Promise.all([stepNames(), categoryNames()]);
  for (const by of ['category', 'step'] as const) {
    await panel(main, by === 'category' ? 'Spikes by category' : 'Spikes by step', async (body) => {
      const spikes = await api<SpikesResponse>(`/v1/metrics/spikes${query({ from: period.from, to: period.to, by, interval: 'week' })}`);
      const explanation = `The usual level is the average of the ${spikes.baselinePeriods} weeks before; a week is a spike when that many contacts would come by chance less than once in ${count(Math.round(1 / spikes.alpha))} weeks at the usual level.`;
      if (!spikes.rows.length) {
        body.replaceChildren(el('p', { class: 'muted' }, `No week stood out. ${explanation}`));
        return;
      }
      const nameOf = (r: SpikeRow) => {
        const key = (by === 'category' ? r.category : r.step) ?? '';
        return by === 'category' ? categoryName(key) : key ? stepName(key) : '(no step)';
      };
      body.replaceChildren(
        el('p', { class: 'muted' }, `Strongest first. ${explanation}`),
        el('ul', { class: `spikes changes`, 'data-by': by }, spikes.rows.map((r) => {
          const key = (by === 'category' ? r.category : r.step) ?? '';
          const contacts = `#/contacts${query({ [by]: key || undefined, demandType: 'failure', from: r.period, to: addDays(r.period, 7) })}`;
          return el('li', { 'data-period': r.period },
            el('span', { class: 'verdict increased' }, 'spike'), ' ',
            by === 'step' && key ? el('a', { href: `#/step/${encodeURIComponent(key)}` }, nameOf(r)) : el('strong', {}, nameOf(r)),
            `: ${spikeWords(r)} `,
            el('span', { class: 'muted small', title: `one-sided Poisson test: p = ${r.pValue.toExponential(1)}, z = ${r.zScore.toFixed(1)}` }, `(${chanceWords(r.pValue)})`), ' ',
            el('a', { href: contacts }, 'read them'));
        })),
      );
      // The weekly series of the strongest spikes, the spike weeks marked.
      const keys = [...new Set(spikes.rows.map((r) => (by === 'category' ? r.category : r.step) ?? '').filter(Boolean))].slice(0, CHARTED);
      if (!keys.length) return;
      const weekly = await api<FailureDemandResponse>(`/v1/metrics/failure-demand${query({ interval: 'week', groupBy: by, [by]: keys.join(','), from: addDays(period.from, -7 * spikes.baselinePeriods), to: period.to })}`);
      const periods = [...new Set(weekly.rows.map((r) => r.period))];
      const label = (key: string) => (by === 'category' ? categoryName(key) : stepName(key));
      chart(body, `Failure contacts per week of the ${keys.length} ${by === 'category' ? 'categories' : 'steps'} with the strongest spikes, spike weeks marked`, {
        tooltip: { trigger: 'axis', formatter: (items: Array<{ seriesName: string; value: number | null; axisValue: string }>) => `week of ${escapeHtml(day(items[0]?.axisValue ?? ''))}<br/>${items.filter((i) => i.value !== null && i.seriesName !== '').map((i) => `${escapeHtml(i.seriesName)}: ${count(i.value)}`).join('<br/>')}` },
        legend: { top: 0, type: 'scroll' },
        grid: { left: 48, right: 16, top: 40, bottom: 28 },
        xAxis: { type: 'category', data: periods, axisLabel: { formatter: (v: string) => day(v).replace(/ \d{4}$/, '') } },
        yAxis: { type: 'value', name: 'failure contacts per week' },
        series: keys.map((key) => {
          const byPeriod = new Map(weekly.rows.filter((r) => r.group === key).map((r) => [r.period, r.failureContacts]));
          const spiked = new Set(spikes.rows.filter((r) => ((by === 'category' ? r.category : r.step) ?? '') === key).map((r) => r.period));
          return {
            name: label(key),
            type: 'line',
            symbolSize: 4,
            data: periods.map((p) => (spiked.has(p) ? { value: byPeriod.get(p) ?? 0, symbol: 'circle', symbolSize: 12 } : (byPeriod.get(p) ?? 0))),
          };
        }),
      }, 300);
    });
  }
}
