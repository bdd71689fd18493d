import { api, query, type SpikesResponse } from '../api.js';
import { el, panel } from '../dom.js';
import { count, decimal } from '../format.js';
import { categoryNames, stepNames } from '../names.js';
import { addDays, type Period } from '../period.js';

/** Weeks whose failure demand was improbably high against the series' own baseline. */
export async function spikesView(main: HTMLElement, period: Period): Promise<void> {
  const [stepName, categoryName] = await Promise.all([stepNames(), categoryNames()]);
  for (const by of ['category', 'step'] as const) {
    await panel(main, by === 'category' ? 'Spikes by category' : 'Spikes by step', async (body) => {
      const spikes = await api<SpikesResponse>(`/v1/metrics/spikes${query({ from: period.from, to: period.to, by, interval: 'week' })}`);
      if (!spikes.rows.length) {
        body.replaceChildren(el('p', { class: 'muted' }, `No week stood out against its own ${spikes.baselinePeriods}-week baseline (one-sided Poisson test, p < ${spikes.alpha}).`));
        return;
      }
      body.replaceChildren(
        el('p', { class: 'muted' }, `Strongest first. A week is a spike when its count is improbable against the mean of the ${spikes.baselinePeriods} weeks before (one-sided Poisson test, p < ${spikes.alpha}).`),
        el('table', { class: 'spikes' },
          el('thead', {}, el('tr', {}, ['week', by].map((h) => el('th', {}, h)), ['failure contacts', 'baseline', 'z', 'p'].map((h) => el('th', { class: 'num' }, h)), el('th', {}))),
          el('tbody', {}, spikes.rows.map((r) => {
            const key = (by === 'category' ? r.category : r.step) ?? '';
            const contacts = `#/contacts${query({ [by]: key || undefined, demandType: 'failure', from: r.period, to: addDays(r.period, 7) })}`;
            return el('tr', {},
              el('td', {}, r.period),
              el('td', {}, by === 'category' ? categoryName(key) : key ? el('a', { href: `#/step/${encodeURIComponent(key)}` }, stepName(key)) : '(no step)'),
              el('td', { class: 'num' }, count(r.count)),
              el('td', { class: 'num' }, decimal(r.baseline, 1)),
              el('td', { class: 'num' }, decimal(r.zScore, 1)),
              el('td', { class: 'num' }, r.pValue < 0.0001 ? r.pValue.toExponential(1) : decimal(r.pValue, 4)),
              el('td', {}, el('a', { href: contacts }, 'contacts')),
            );
          })),
        ),
      );
    });
  }
}
