import { api, query } from '../api.js';
import type { StepRow, StepsResponse } from '@frictionlens/contracts';
import { el, panel } from '../dom.js';
import { tooUncertainToActOn } from '../../../../libs/domain/src/failure-demand/too-uncertain.js';
import { change, count, pct, pctPrecise, pctRange, perMillion, reflectsLine, UNCERTAIN_TITLE } from '../format.js';
import { categoryNames, valueStreams } from '../names.js';
import type { Period } from '../period.js';

/**
 * A colour from pale to deep red by where `rate` sits between 0 and the highest rate on the map.
 * Steps without volumes have no rate: grey.
 */
export function frictionColour(rate: number | null, highest: number): { background: string; text: string } {
  if (rate === null || highest <= 0) return { background: '#eceff1', text: '#263238' };
  // A square root spreads the many low rates apart instead of letting the highest wash them out.
  const t = Math.sqrt(Math.min(1, Math.max(0, rate / highest)));
  const lightness = 96 - t * 56;
  return { background: `hsl(6, ${55 + t * 20}%, ${lightness}%)`, text: lightness < 60 ? '#fff' : '#263238' };
}

export async function valueStreamMap(main: HTMLElement, period: Period): Promise<void> {
  await panel(main, 'Value-stream map: failure demand by the step where it began', async (body) => {
    const [steps, streams, nameOf] = await Promise.all([api<StepsResponse>(`/v1/metrics/steps${query({ from: period.from, to: period.to })}`), valueStreams(), categoryNames()]);
    if (!streams.length) {
      body.replaceChildren(el('p', {}, 'No value streams yet: import them with POST /v1/value-streams/import (see docs/value-streams.md).'));
      return;
    }
    const byStep = new Map(steps.rows.map((r) => [r.step, r]));
    const highest = Math.max(0, ...steps.rows.map((r) => r.frictionRatePer1000 ?? 0));
    body.replaceChildren(
      el('p', { class: 'muted' },
        `Each box is a step, left to right in its stream, coloured by failure contacts per unit the step handled (deeper red: more friction, on a square-root scale; grey: no volumes recorded). `,
        `Failures per million units tell steps apart where %C&A, the observed share done complete and accurate (1 − failures per unit), reads 99.9…% for all; it is shown with the decimals its interval needs. ${count(steps.failureContactsAtNoStep)} failure contacts belong to categories linked to no step. Click a step to drill in.`),
      el('p', { class: 'small muted' }, reflectsLine(steps.reflects)),
      ...streams.map((stream) =>
        el('div', { class: 'stream' },
          el('h3', {}, stream.name, stream.owner ? el('span', { class: 'muted' }, ` · ${stream.owner}`) : null),
          el('ol', { class: 'steps' }, stream.steps.map((step) => stepBox(byStep.get(step.key), step.key, step.name, step.unitName, highest, nameOf))),
        ),
      ),
    );
  });
}

function stepBox(row: StepRow | undefined, key: string, name: string, unitName: string | null, highest: number, nameOf: (key: string) => string): HTMLElement {
  const colour = frictionColour(row?.frictionRatePer1000 ?? null, highest);
  const target = row?.targetCompleteAccurate;
  const perMillionUnits = row?.failuresPerMillionUnits ?? (row?.frictionRatePer1000 != null ? row.frictionRatePer1000 * 1000 : null);
  const ca = pctPrecise(row?.observedCompleteAccurate ?? null, row?.observedCompleteAccurateLow, row?.observedCompleteAccurateHigh);
  const uncertain = row?.frictionRatePer1000 !== null && row?.frictionRatePer1000 !== undefined && tooUncertainToActOn({ value: row.frictionRatePer1000, low: row.frictionRatePer1000Low, high: row.frictionRatePer1000High }, 'rate');
  return el(
    'li',
    { class: uncertain ? 'step uncertain' : 'step', title: uncertain ? UNCERTAIN_TITLE : undefined },
    el(
      'a',
      { class: 'step-box', href: `#/step/${encodeURIComponent(key)}`, 'data-step': key, style: `background:${colour.background};color:${colour.text}` },
      el('span', { class: 'step-name' }, name),
      // Failures per million units first: at millions of units every %C&A reads 99.9…%, the rate still tells steps apart.
      perMillionUnits !== null
        ? el('span', { class: 'step-ppm' }, el('strong', {}, perMillion(perMillionUnits)), ` failures per million ${unitName ?? 'units'}`)
        : null,
      perMillionUnits !== null ? el('span', { class: 'small' }, `95% CI ${perMillion(row?.failuresPerMillionUnitsLow)}–${perMillion(row?.failuresPerMillionUnitsHigh)}`) : null,
      el('span', { class: 'step-ca' }, '%C&A ', el('strong', {}, ca.value), target !== null && target !== undefined ? ` (target ${pct(target, 1)})` : ''),
      ca.range ? el('span', { class: 'small step-ca-range' }, ca.range) : null,
      el('span', { class: 'small' }, row?.units !== null && row?.units !== undefined ? `${count(row.units)} ${unitName ?? 'units'}` : 'no volumes'),
      el('span', { class: 'small' }, `${count(row?.failureContacts ?? 0)} failure contacts`),
      row?.change !== null && row?.change !== undefined ? el('span', { class: 'small' }, `${change(row.change)} on the period before`) : null,
      row?.repeatRate !== null && row?.repeatRate !== undefined ? el('span', { class: 'small', title: pctRange(row.repeatRateLow, row.repeatRateHigh) }, `${pct(row.repeatRate)} repeat contacts`) : null,
      row?.topCategories.length ? el('ul', { class: 'step-top' }, row.topCategories.slice(0, 3).map((c) => el('li', {}, `${nameOf(c.category)} (${count(c.failureContacts)})`))) : null,
    ),
  );
}
