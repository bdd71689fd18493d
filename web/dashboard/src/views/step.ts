import { tooUncertainToActOn } from '../../../../libs/domain/src/failure-demand/too-uncertain.js';
import { api, query } from '../api.js';
import type { ContactsResponse, CountermeasureResponse, FailureDemandResponse, ParetoResponse, StepsResponse, VolumesResponse } from '@frictionlens/contracts';
import { chart, colours, failureTypeMix, pareto } from '../charts.js';
import { contactCard } from '../contact-card.js';
import { el, panel } from '../dom.js';
import { change, changeRange, count, day, decimal, pct, pctPrecise, pctRange, perMillion, reflectsLine, UNCERTAIN_TITLE } from '../format.js';
import { categoryNames, failureTypeNames, valueStreams } from '../names.js';
import type { Period } from '../period.js';

/** One step: its figures with their intervals, its weekly trend, its categories, countermeasures and contacts. */
export async function stepDetail(main: HTMLElement, period: Period, stepKey: string): Promise<void> {
  const span = { from: period.from, to: period.to };
  const [streams, nameOf] = await Promise.all([valueStreams().catch(() => []), categoryNames()]);
  const stream = streams.find((s) => s.steps.some((st) => st.key === stepKey));
  const meta = stream?.steps.find((st) => st.key === stepKey);
  main.appendChild(
    el('div', { class: 'crumbs' }, el('a', { href: '#/map' }, 'Value-stream map'), ' › ', stream?.name ?? '', ' › ',
      el('h1', { class: 'inline', id: 'step-title', 'data-step': stepKey }, meta?.name ?? stepKey),
      meta?.owner ? el('span', { class: 'muted' }, ` · owner ${meta.owner}`) : null),
  );
  const grid = el('div', { class: 'grid two' });
  // All steps, not `step=`: the share is of all failure demand, not of this step's own.
  const steps = api<StepsResponse>(`/v1/metrics/steps${query(span)}`);
  // Distinct customers are counted from the contact rows (seconds on millions of contacts): asked
  // for beside the figures, filled in when they come, never holding the figures back.
  const customers = api<StepsResponse>(`/v1/metrics/steps${query({ ...span, customers: 'true' })}`);

  await panel(main, null, async (body) => {
    const { rows, reflects } = await steps;
    const row = rows.find((r) => r.step === stepKey);
    if (!row) {
      body.replaceChildren(el('p', {}, `No step has the key ${stepKey}.`));
      return;
    }
    const failureCustomers = el('span', { id: 'step-failure-customers', class: 'small' }, ' · counting customers…');
    customers
      .then((answer) => {
        const counted = answer.rows.find((r) => r.step === stepKey)?.failureCustomers;
        failureCustomers.textContent = counted === undefined ? '' : ` · from ${count(counted)} customers`;
      })
      .catch(() => {
        failureCustomers.textContent = '';
      });
    const ca = pctPrecise(row.observedCompleteAccurate, row.observedCompleteAccurateLow, row.observedCompleteAccurateHigh);
    const ppm = row.failuresPerMillionUnits ?? (row.frictionRatePer1000 === null ? null : row.frictionRatePer1000 * 1000);
    body.replaceChildren(
      el('div', { class: 'grid headline' },
        figure('Observed %C&A', ca.value, row.observedCompleteAccurate === null ? 'no volumes recorded' : `${ca.range}${row.targetCompleteAccurate !== null ? ` · target ${pct(row.targetCompleteAccurate, 1)}` : ''}`, { uncertain: row.observedCompleteAccurate !== null && tooUncertainToActOn({ value: row.frictionRatePer1000, low: row.frictionRatePer1000Low, high: row.frictionRatePer1000High }, 'rate') }),
        figure('Failure contacts', count(row.failureContacts), `${pct(row.failureShare)} of all failure demand (${pctRange(row.failureShareLow, row.failureShareHigh)})`, { more: failureCustomers, uncertain: tooUncertainToActOn({ value: row.failureShare, low: row.failureShareLow, high: row.failureShareHigh }, 'share') }),
        figure(`Failures per million ${meta?.unitName ?? 'units'}`, perMillion(ppm), ppm === null ? 'no volumes recorded' : `95% CI ${perMillion(row.failuresPerMillionUnitsLow ?? row.frictionRatePer1000Low! * 1000)}–${perMillion(row.failuresPerMillionUnitsHigh ?? row.frictionRatePer1000High! * 1000)} · ${count(row.units)} units · ${decimal(row.frictionRatePer1000, 3)} per 1,000`, { uncertain: row.frictionRatePer1000 !== null && tooUncertainToActOn({ value: row.frictionRatePer1000, low: row.frictionRatePer1000Low, high: row.frictionRatePer1000High }, 'rate') }),
        figure('Change on the period before', change(row.change), row.change === null ? 'none in the period before' : changeRange(row.changeLow, row.changeHigh)),
        figure('Repeat contacts', pct(row.repeatRate), `${count(row.repeatContacts)} of ${count(row.contacts)} contacts (${pctRange(row.repeatRateLow, row.repeatRateHigh)}) were repeats within ${reflects.repeatWindowDays} days`, { uncertain: tooUncertainToActOn({ value: row.repeatRate, low: row.repeatRateLow, high: row.repeatRateHigh }, 'share') }),
      ),
      el('p', { class: 'small muted' }, reflectsLine(reflects)),
    );
  });
  main.appendChild(grid);

  await Promise.all([
    panel(grid, 'Failure contacts per week at this step', async (body) => {
      const [weekly, volumes] = await Promise.all([
        api<FailureDemandResponse>(`/v1/metrics/failure-demand${query({ ...span, interval: 'week', step: stepKey })}`),
        api<VolumesResponse>(`/v1/value-streams/steps/${encodeURIComponent(stepKey)}/volumes${query(span)}`).catch(() => null),
      ]);
      const unitsByWeek = new Map<string, number>();
      for (const v of volumes?.volumes ?? []) {
        const week = weekOf(v.day);
        unitsByWeek.set(week, (unitsByWeek.get(week) ?? 0) + v.units);
      }
      const rows = weekly.rows;
      const rate = rows.map((r) => (unitsByWeek.get(r.period) ? (r.failureContacts / unitsByWeek.get(r.period)!) * 1000 : null));
      body.replaceChildren();
      chart(body, 'Failure contacts per week at this step', {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 48, right: 56, top: 32, bottom: 28 },
        xAxis: { type: 'category', data: rows.map((r) => r.period) },
        yAxis: [{ type: 'value', name: 'contacts' }, { type: 'value', name: 'per 1,000' }],
        series: [
          { name: 'failure contacts', type: 'bar', data: rows.map((r) => r.failureContacts), itemStyle: { color: colours.failure } },
          ...(rate.some((x) => x !== null) ? [{ name: `per 1,000 ${volumes?.unitName ?? 'units'}`, type: 'line', yAxisIndex: 1, data: rate.map((x) => (x === null ? null : Math.round(x * 100) / 100)), itemStyle: { color: colours.neutral } }] : []),
        ],
      });
    }),
    panel(grid, 'Categories of its failure demand', async (body) => {
      const categories = await api<ParetoResponse>(`/v1/metrics/pareto${query({ ...span, by: 'category', step: stepKey })}`);
      body.replaceChildren();
      if (!categories.rows.length) {
        body.appendChild(el('p', { class: 'muted' }, 'No failure demand at this step in the period.'));
        return;
      }
      pareto(body, 'Categories of the failure demand at this step', categories.rows, (r) => nameOf(r.category ?? ''), (r) => {
        location.hash = `#/contacts${query({ step: stepKey, category: r.category, demandType: 'failure' })}`;
      });
    }),
    panel(grid, 'Kinds of failure at this step', async (body) => {
      const [row, typeName] = await Promise.all([steps.then((s) => s.rows.find((r) => r.step === stepKey)), failureTypeNames()]);
      body.replaceChildren();
      if (!row?.failureTypes.length) {
        body.appendChild(el('p', { class: 'muted' }, 'No failure demand at this step in the period.'));
        return;
      }
      body.appendChild(
        el('p', { id: 'failure-type-hint', class: row.hint ? 'hint' : 'muted' },
          row.hint ? `Mostly ${typeName(row.failureTypes[0]!.failureType).toLowerCase()}: ${row.hint}.` : 'No one kind of failure dominates: read the contacts.'),
      );
      failureTypeMix(body, 'Share of the failure demand at this step by failure type, with 95% intervals', row.failureTypes, typeName);
      body.appendChild(mixTable(row.failureTypes, typeName));
    }),
    panel(grid, 'Countermeasures', async (body) => {
      const list = await api<CountermeasureResponse[]>(`/v1/countermeasures${query({ step: stepKey })}`);
      body.replaceChildren(
        list.length
          ? el('ul', {}, list.map((c) => el('li', {}, el('a', { href: `#/countermeasures${query({ id: c.id })}` }, c.title), ` · ${c.status} since ${day(c.startedOn)}`)))
          : el('p', { class: 'muted' }, 'None recorded for this step.'),
      );
    }),
  ]);

  await panel(main, 'Latest failure contacts at this step', async (body) => {
    const contacts = await api<ContactsResponse>(`/v1/contacts${query({ ...span, step: stepKey, demandType: 'failure', limit: 10 })}`);
    body.replaceChildren(
      ...(contacts.rows.length ? contacts.rows.map((c) => contactCard(c, nameOf)) : [el('p', { class: 'muted' }, 'None in the period.')]),
      el('p', {}, el('a', { href: `#/contacts${query({ step: stepKey, demandType: 'failure' })}` }, 'All of them →')),
    );
  });
}

/** The figures behind the mix chart, for reading exactly and for screen readers. */
function mixTable(mix: StepsResponse['rows'][number]['failureTypes'], nameOf: (key: string | null) => string): HTMLElement {
  return el(
    'details',
    { class: 'figures' },
    el('summary', {}, 'The figures'),
    el(
      'table',
      { id: 'failure-type-mix' },
      el('thead', {}, el('tr', {}, el('th', {}, 'failure type'), el('th', { class: 'num' }, 'failure contacts'), el('th', { class: 'num' }, 'share'), el('th', {}, '95% interval'))),
      el('tbody', {}, mix.map((t) =>
        el('tr', { 'data-failure-type': t.failureType ?? '' },
          el('td', {}, nameOf(t.failureType)),
          el('td', { class: 'num' }, count(t.failureContacts)),
          el('td', { class: 'num share' }, pct(t.share)),
          el('td', { class: 'muted' }, pctRange(t.shareLow, t.shareHigh)),
        ),
      )),
    ),
  );
}

function figure(label: string, value: string, note: string, options: { more?: HTMLElement; uncertain?: boolean } = {}): HTMLElement {
  return el(
    'div',
    { class: options.uncertain ? 'figure uncertain' : 'figure', title: options.uncertain ? UNCERTAIN_TITLE : undefined },
    el('div', { class: 'label' }, label),
    el('div', { class: 'big' }, value),
    el('div', { class: 'muted' }, note, options.more ?? null),
  );
}

/** The Monday (UTC) of a day's week, as the API labels weeks. */
function weekOf(isoDay: string): string {
  const date = new Date(`${isoDay}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}
