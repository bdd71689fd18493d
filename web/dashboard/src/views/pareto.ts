import { api, query } from '../api.js';
import type { ParetoResponse } from '@frictionlens/contracts';
import { PARETO_BARS, pareto } from '../charts.js';
import { el, panel } from '../dom.js';
import { count, pct } from '../format.js';
import { categoryNames, stepNames } from '../names.js';
import type { Period } from '../period.js';

/** Pareto of steps and of categories: the vital few that make up 80% of the failure demand. */
export async function paretoView(main: HTMLElement, period: Period): Promise<void> {
  const [stepName, categoryName] = await Promise.all([stepNames(), categoryNames()]);
  const span = { from: period.from, to: period.to };
  await Promise.all([
    panel(main, 'Pareto of steps (failure demand)', async (body) => {
      const steps = await api<ParetoResponse>(`/v1/metrics/pareto${query({ ...span, by: 'step' })}`);
      body.replaceChildren(vitalFew(steps, (r) => stepName(r.step ?? '')));
      pareto(body, 'Pareto of value-stream steps by failure demand', steps.rows, (r) => (r.step ? stepName(r.step) : '(no step)'), (r) => {
        if (r.step) location.hash = `#/step/${encodeURIComponent(r.step)}`;
      });
    }),
    panel(main, 'Pareto of categories (failure demand)', async (body) => {
      const categories = await api<ParetoResponse>(`/v1/metrics/pareto${query({ ...span, by: 'category' })}`);
      body.replaceChildren(vitalFew(categories, (r) => categoryName(r.category ?? '')));
      pareto(body, 'Pareto of categories by failure demand', categories.rows, (r) => categoryName(r.category ?? ''), (r) => {
        location.hash = `#/contacts${query({ category: r.category, demandType: 'failure' })}`;
      });
    }),
  ]);
}

function vitalFew(response: ParetoResponse, nameOf: (row: ParetoResponse['rows'][number]) => string): HTMLElement {
  const vital = response.rows.filter((r) => r.vital);
  if (!response.rows.length) return el('p', { class: 'muted' }, 'No failure demand in the period.');
  const share = vital.at(-1)?.cumulativeShare ?? 0;
  const more = response.rows.length > PARETO_BARS ? ` The chart shows the largest ${PARETO_BARS} of ${response.rows.length}; the other ${response.rows.length - PARETO_BARS} make up ${pct(1 - response.rows[PARETO_BARS - 1]!.cumulativeShare)}.` : ` The chart shows all ${response.rows.length}.`;
  return el('p', { class: 'pareto-summary' }, `${vital.length} of ${response.rows.length} make up ${pct(share)} of the failure demand: `, vital.slice(0, 6).map((r, i) => [i ? ', ' : '', el('strong', {}, nameOf(r)), ` ${count(r.count)}`]), vital.length > 6 ? ` and ${vital.length - 6} more` : '', `. Click a bar to drill in.${more}`);
}
