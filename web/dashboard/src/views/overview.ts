import { adjustedFailureDemandShare } from '../../../../libs/domain/src/failure-demand/adjusted-failure-demand.js';
import { failureDemandRatio } from '../../../../libs/domain/src/failure-demand/failure-demand-ratio.js';
import { tooUncertainToActOn } from '../../../../libs/domain/src/failure-demand/too-uncertain.js';
import { api, query } from '../api.js';
import type { CountermeasureResponse, EmergingThemeResponse, FailureDemandModel, FailureDemandResponse, FailureDemandRow, ImpactResponse, ParetoResponse, SpikesResponse } from '@frictionlens/contracts';
import { failureByType, ratioByGroup, ratioOverTime, volumeOverTime } from '../charts.js';
import { el, panel } from '../dom.js';
import { count, day, decimal, pct, pctRange, points, UNCERTAIN_TITLE } from '../format.js';
import { categoryNames, failureTypeNames, stepNames } from '../names.js';
import { addDays, previousPeriod, type Period } from '../period.js';
import { fixFirst } from './fix-first.js';
import { spikeWords } from './spikes.js';

/** The period's failure-demand ratio from its periods' counts, with the same Wilson interval the API uses. */
export function periodRatio(rows: FailureDemandRow[]) {
  const sum = (pick: (r: FailureDemandRow) => number) => rows.reduce((total, r) => total + pick(r), 0);
  return failureDemandRatio({ failure: sum((r) => r.failureContacts), value: sum((r) => r.valueContacts), unclassified: sum((r) => r.unclassifiedContacts) });
}

/**
 * The period's share corrected for classifier error, from its summed counts and the model's
 * held-out rates, as the API computes it per row; undefined when it cannot be computed.
 */
export function periodAdjustedRatio(rows: FailureDemandRow[], model: FailureDemandModel | null) {
  if (!model || model.tpr === null || model.fpr === null || !model.heldOutFailure || !model.heldOutValue) return undefined;
  const sum = (pick: (r: FailureDemandRow) => number) => rows.reduce((total, r) => total + pick(r), 0);
  const counts = { failure: sum((r) => r.failureContacts), value: sum((r) => r.valueContacts), unclassified: sum((r) => r.unclassifiedContacts) };
  return adjustedFailureDemandShare(counts, { tpr: model.tpr, fpr: model.fpr, failureExamples: model.heldOutFailure, valueExamples: model.heldOutValue });
}

export async function overview(main: HTMLElement, period: Period): Promise<void> {
  const previous = previousPeriod(period);
  // One request covers the period and the one before it, for the change.
  const weekly = api<FailureDemandResponse>(`/v1/metrics/failure-demand${query({ interval: 'week', from: previous.from, to: period.to })}`);
  const current = weekly.then((r) => r.rows.filter((row) => row.period >= period.from));

  const first = el('div', { id: 'fix-first' });
  const headline = el('div');
  const story = el('div', { class: 'grid two' });
  main.append(first, headline, story);
  const charts = el('div', { class: 'grid two' });
  main.appendChild(charts);

  await Promise.all([
    panel(first, 'Fix first: what failure demand costs a year, by step', async (body) => fixFirst(body, period)),
    panel(headline, null, async (body) => {
      const { rows: all, model } = await weekly;
      const now = periodRatio(all.filter((r) => r.period >= period.from));
      const before = periodRatio(all.filter((r) => r.period < period.from));
      const adjusted = periodAdjustedRatio(all.filter((r) => r.period >= period.from), model);
      body.replaceChildren(
        el('div', { id: 'headline-ratio', ...(tooUncertainToActOn({ value: now.ratio, low: now.ratioLow, high: now.ratioHigh }, 'share') && now.ratio !== null ? { class: 'figure uncertain', title: UNCERTAIN_TITLE } : { class: 'figure' }) },
          el('div', { class: 'label' }, `Failure demand, ${period.weeks} weeks to ${day(period.to)}`),
          el('div', { class: 'big', 'data-value': now.ratio ?? '' }, pct(now.ratio)),
          el('div', { class: 'muted' }, now.ratio === null ? 'No contact in this period has been classified yet.' : `${pctRange(now.ratioLow, now.ratioHigh)} · of ${count(now.failureContacts + now.valueContacts)} classified contacts`),
          adjusted && model
            ? el('div', { class: 'muted', id: 'headline-adjusted', 'data-value': adjusted.share, title: `Adjusted classify-and-count with model ${model.version}'s held-out rates (says failure: ${pct(model.tpr)} of failure demand, ${pct(model.fpr)} of value demand), over all contacts, unclassified included` },
                `corrected for classifier error: ${pct(adjusted.share)} (${pctRange(adjusted.low, adjusted.high)})`)
            : '',
        ),
      );
      if (now.ratio !== null && before.ratio !== null) {
        body.appendChild(el('div', { class: 'figure', id: 'headline-change' },
          el('div', { class: 'label' }, `Change on the ${period.weeks} weeks before`),
          el('div', { class: `big ${clearChange(now, before)}` }, points(now.ratio - before.ratio)),
          el('div', { class: 'muted' }, `${pct(before.ratio)} (${pctRange(before.ratioLow, before.ratioHigh)}) → ${pct(now.ratio)}`,
            clearChange(now, before) ? '' : ' · the intervals overlap: no clear change'),
        ));
      }
      body.appendChild(el('div', { class: 'figure' },
        el('div', { class: 'label' }, 'Contacts in the period'),
        el('div', { class: 'big' }, count(now.contacts)),
        el('div', { class: 'muted' }, `${count(now.failureContacts)} failure · ${count(now.valueContacts)} value · ${count(now.unclassifiedContacts)} unclassified`),
      ));
    }, 'wide'),
    panel(story, 'What changed', async (body) => whatChanged(body, period)),
    panel(story, 'Where the failure demand begins', async (body) => {
      const [steps, nameOf] = await Promise.all([api<ParetoResponse>(`/v1/metrics/pareto${query({ by: 'step', from: period.from, to: period.to })}`), stepNames()]);
      const top = steps.rows.filter((r) => r.step).slice(0, 5);
      body.replaceChildren(
        top.length
          ? el('ol', { class: 'top-steps' }, top.map((r) => el('li', {}, el('a', { href: `#/step/${encodeURIComponent(r.step!)}` }, nameOf(r.step!)), ` ${pct(r.share)} of the failure demand (${count(r.count)} contacts)`)))
          : el('p', { class: 'muted' }, 'No failure demand is linked to a value-stream step in this period.'),
      );
    }),
  ]);

  await Promise.all([
    panel(charts, 'Failure-demand ratio per week (band: 95% interval)', async (body) => {
      const rows = await current;
      body.replaceChildren();
      ratioOverTime(body, rows);
      body.appendChild(weeklyTable(rows));
    }),
    panel(charts, 'Contacts per week', async (body) => {
      const rows = await current;
      body.replaceChildren();
      volumeOverTime(body, rows);
    }),
    panel(charts, 'Failure demand by failure type', async (body) => {
      const [byType, typeName] = await Promise.all([
        api<FailureDemandResponse>(`/v1/metrics/failure-demand${query({ interval: 'week', groupBy: 'failureType', from: period.from, to: period.to })}`),
        failureTypeNames(),
      ]);
      body.replaceChildren();
      if (!byType.rows.some((r) => r.failureContacts > 0)) {
        body.appendChild(el('p', { class: 'muted' }, 'No failure demand in this period.'));
        return;
      }
      failureByType(body, 'Failure contacts per week by failure type', byType.rows, typeName);
    }),
    panel(charts, 'Failure-demand ratio by channel', async (body) => {
      const byChannel = await api<FailureDemandResponse>(`/v1/metrics/failure-demand${query({ interval: 'week', groupBy: 'channel', from: period.from, to: period.to })}`);
      body.replaceChildren();
      ratioByGroup(body, 'Failure-demand ratio per week by channel', byChannel.rows);
    }),
    panel(charts, 'Failure-demand ratio by kind of contact', async (body) => {
      const byKind = await api<FailureDemandResponse>(`/v1/metrics/failure-demand${query({ interval: 'week', groupBy: 'kind', from: period.from, to: period.to })}`);
      body.replaceChildren();
      ratioByGroup(body, 'Failure-demand ratio per week by kind of contact', byKind.rows);
    }),
  ]);
}

/** The newest countermeasures' verdicts and the period's strongest spikes, each a link to its screen. */
async function whatChanged(body: HTMLElement, period: Period): Promise<void> {
  const [countermeasures, spikes, categoryName, emerging] = await Promise.all([
    api<CountermeasureResponse[]>('/v1/countermeasures'),
    api<SpikesResponse>(`/v1/metrics/spikes${query({ by: 'category', from: period.from, to: period.to })}`),
    categoryNames(),
    // Raised until decided, whatever the period shown; an API without them lists none.
    api<{ rows: EmergingThemeResponse[] }>(`/v1/discoveries/emerging${query({ limit: 5 })}`).then((r) => r.rows, () => []),
  ]);
  const latest = [...countermeasures].sort((a, b) => b.startedOn.localeCompare(a.startedOn)).slice(0, 2);
  const impacts = await Promise.all(latest.map((c) => api<ImpactResponse>(`/v1/metrics/countermeasures/${c.id}/impact`)));
  const items = [
    ...emerging.map(emergingItem),
    ...impacts.map((impact) =>
      el('li', {},
        el('span', { class: `verdict ${impact.verdict.replace(/ /g, '-')}` }, impact.verdict), ' ',
        el('a', { href: `#/countermeasures${query({ id: impact.countermeasure.id })}` }, impact.countermeasure.title),
        impact.rateRatio === null ? '' : `: rate ratio ${decimal(impact.rateRatio)}${impact.rateRatioLow !== null && impact.rateRatioHigh !== null ? ` (95% CI ${decimal(impact.rateRatioLow)}–${decimal(impact.rateRatioHigh)})` : ''}`),
    ),
    ...spikes.rows.slice(0, 3).map((spike) =>
      el('li', {}, el('span', { class: 'verdict increased' }, 'spike'), ' ',
        el('a', { href: `#/contacts${query({ category: spike.category, demandType: 'failure', from: spike.period, to: addDays(spike.period, 7) })}` }, categoryName(spike.category ?? '')),
        `: ${spikeWords(spike)}`),
    ),
  ];
  body.replaceChildren(items.length ? el('ul', { class: 'changes' }, items) : el('p', { class: 'muted' }, 'No countermeasures recorded, no spikes in the period and no emerging theme.'));
}

/** "New theme: 'card declined abroad', 34 contacts this week, 5× its usual", linking to it on the Discover screen. */
function emergingItem(e: EmergingThemeResponse): HTMLElement {
  const { recentCount, ratio, periodDays, baselineCounts } = e.growth;
  const when = periodDays === 7 ? 'this week' : `in the last ${count(periodDays)} days`;
  const usual = ratio === null ? `none in the ${count(baselineCounts.length * periodDays)} days before` : `${decimal(ratio, ratio >= 10 ? 0 : 1)}× its usual`;
  const example = e.theme.examples[0]?.text;
  return el('li', { class: 'emerging', 'data-theme-id': e.theme.id },
    el('span', { class: 'verdict increased' }, 'new theme'), ' ',
    el('a', { href: `#/discover/${e.runId}?theme=${e.theme.id}`, title: e.growth.words }, `‘${e.theme.name}’`),
    `, ${count(recentCount)} ${recentCount === 1 ? 'contact' : 'contacts'} ${when}, ${usual}`,
    example ? el('span', { class: 'muted' }, ' — “', el('span', { class: 'words' }, example), '”') : '');
}

/** 'worse' or 'better' only when the two periods' 95% intervals do not overlap; '' otherwise. */
function clearChange(now: { ratioLow: number; ratioHigh: number }, before: { ratioLow: number; ratioHigh: number }): string {
  if (now.ratioLow > before.ratioHigh) return 'worse';
  if (now.ratioHigh < before.ratioLow) return 'better';
  return '';
}

/** The figures behind the chart, for reading exactly and for screen readers. */
function weeklyTable(rows: FailureDemandRow[]): HTMLElement {
  return el(
    'details',
    { class: 'figures' },
    el('summary', {}, 'The figures'),
    el(
      'table',
      { id: 'weekly-figures' },
      el('thead', {}, el('tr', {}, el('th', {}, 'week'), ['failure', 'value', 'unclassified', 'failure demand'].map((h) => el('th', { class: 'num' }, h)), el('th', {}, '95% interval'))),
      el('tbody', {}, [...rows].reverse().map((r) =>
        el('tr', { 'data-period': r.period },
          el('td', {}, r.period),
          el('td', { class: 'num' }, count(r.failureContacts)),
          el('td', { class: 'num' }, count(r.valueContacts)),
          el('td', { class: 'num' }, count(r.unclassifiedContacts)),
          el('td', { class: 'num ratio' }, pct(r.failureDemandRatio)),
          el('td', { class: 'muted' }, r.failureDemandRatio === null ? '' : `${pct(r.failureDemandRatioLow)}–${pct(r.failureDemandRatioHigh)}`),
        ),
      )),
    ),
  );
}
