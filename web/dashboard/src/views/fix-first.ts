import { api, query } from '../api.js';
import type { CostResponse, CostRow, HandlingCostsResponse, StepRow, StepsResponse } from '@frictionlens/contracts';
import { el } from '../dom.js';
import { count, day, money, moneyRange } from '../format.js';
import { categoryNames, failureTypeNames } from '../names.js';
import type { Period } from '../period.js';

const SHOWN = 5;

/** A failure type is "mostly" the step's when it holds this share of its failure demand (as the API's hint). */
const MOSTLY = 0.4;

/** Where to add the handling costs that price failure demand. */
export function howToAddCosts(channels: string[]): HTMLElement {
  return el('p', { class: 'notice small', id: 'missing-costs' },
    channels.length ? `No handling cost is set for ${channels.join(', ')}: their failure contacts are not in the money figures. ` : 'No handling costs are set, so failure demand cannot be priced. ',
    'Set each channel\'s cost per contact with ', el('code', {}, 'PUT /v1/handling-costs'), ', listing every channel since it replaces them all (for example ',
    el('code', {}, '{"costs":[{"channel":"phone","costPerContact":6.4,"currency":"GBP"}]}'), '), or as ', el('code', {}, 'handlingCosts'), ' in the value-stream import (docs/value-streams.md).');
}

/** "up 12% on the 12 weeks before", and whether the step's contacts say the change is clear. */
export function trend(row: Pick<CostRow, 'cost' | 'previousCost' | 'currency'>, weeks: number, days: number, contactsChange?: Pick<StepRow, 'changeLow' | 'changeHigh'>): string {
  if (row.previousCost <= 0) return row.cost > 0 ? `none in the ${weeks} weeks before` : '';
  const ratio = row.cost / row.previousCost - 1;
  const size = Math.abs(ratio) < 0.005 ? 'about the same as' : `${ratio > 0 ? 'up' : 'down'} ${Math.round(Math.abs(ratio) * 100)}% on`;
  const clear = contactsChange && contactsChange.changeLow !== null && contactsChange.changeHigh !== null && (contactsChange.changeLow > 0 || contactsChange.changeHigh < 0);
  return `${size} the ${weeks} weeks before (${money((row.previousCost * 365) / days, row.currency)} a year then)${contactsChange && !clear && Math.abs(ratio) >= 0.005 ? ', within the noise' : ''}`;
}

/** "mostly progress chasing → look at its lead time", from the step's failure-type mix and the API's hint. */
export function mostly(step: StepRow | undefined, typeName: (key: string | null) => string): string {
  const first = step?.failureTypes[0];
  if (!step || !first || first.failureType === null || first.share < MOSTLY) return '';
  const where = step.hint ? ` → ${step.hint.replace("the step's", 'its')}` : '';
  return `; mostly ${typeName(first.failureType).toLowerCase()} (${Math.round(first.share * 100)}%)${where}`;
}

/**
 * The fix-first panel: steps ranked by what their failure demand costs a year (contacts × the
 * handling cost of their channel, with its 95% interval), each with its trend, where its
 * failure-type mix points, the customers' own words one click away and, one level down, its
 * categories by cost.
 */
export async function fixFirst(body: HTMLElement, period: Period): Promise<void> {
  const [cost, steps, typeName, handling] = await Promise.all([
    api<CostResponse>(`/v1/metrics/cost${query({ by: 'step', from: period.from, to: period.to })}`),
    api<StepsResponse>(`/v1/metrics/steps${query({ from: period.from, to: period.to })}`),
    failureTypeNames(),
    api<HandlingCostsResponse>('/v1/handling-costs').catch(() => ({ costs: [] })),
  ]);
  const stepOf = new Map(steps.rows.map((s) => [s.step, s]));
  const ranked = cost.rows.filter((r) => r.step).sort((a, b) => b.costPerYear - a.costPerYear || b.failureContacts - a.failureContacts);
  const atNoStep = cost.rows.find((r) => !r.step);
  const priced = cost.currency !== null && cost.totalCost > 0;
  const words = (filters: Record<string, string>) => `#/contacts${query({ ...filters, demandType: 'failure', from: period.from, to: period.to })}`;

  body.replaceChildren(
    priced
      ? el('p', { id: 'fix-first-total' }, 'Failure demand costs about ', el('strong', {}, `${money(cost.totalCostPerYear, cost.currency)} a year`),
          ` (95% interval ${moneyRange(cost.totalCostPerYearLow, cost.totalCostPerYearHigh, cost.currency)}) at the rate of the ${period.weeks} weeks to ${day(period.to)}. The steps where it costs most, first: `,
          el('a', { href: '#/cost' }, 'the Cost screen'), ' has every step, category and channel over time.')
      : handling.costs.length && !cost.rows.length
        ? el('p', { class: 'muted', id: 'fix-first-prices' }, `No failure demand is classified in this period yet. It will be priced at ${handling.costs.map((c) => `${c.costPerContact.toLocaleString('en-GB', { style: 'currency', currency: c.currency })} a contact by ${c.channel}`).join(', ')}.`)
        : el('p', { class: 'muted' }, 'Steps ranked by failure contacts, since no handling cost prices them yet.'),
    ranked.length
      ? el('ol', { class: 'fix-first', id: 'fix-first-list' }, ranked.slice(0, SHOWN).map((row) => stepItem(row, stepOf.get(row.step!), cost, period, typeName, words)))
      : el('p', { class: 'muted' }, 'No failure demand is linked to a value-stream step in this period.'),
    atNoStep && atNoStep.failureContacts > 0
      ? el('p', { class: 'small muted' }, `Failure demand at no step yet: ${priced ? `about ${money(atNoStep.costPerYear, cost.currency)} a year, ` : ''}${count(atNoStep.failureContacts)} contacts; link its categories to steps (Value streams) to rank it. `, el('a', { href: words({}) }, 'Read them'))
      : '',
    cost.uncostedChannels.length || !handling.costs.length ? howToAddCosts(cost.uncostedChannels) : '',
  );
}

function stepItem(row: CostRow, step: StepRow | undefined, cost: CostResponse, period: Period, typeName: (key: string | null) => string, words: (filters: Record<string, string>) => string): HTMLElement {
  const key = row.step!;
  const name = step?.stepName ?? key;
  const categories = el('div', { class: 'fix-first-categories', hidden: true });
  const more = el('button', { type: 'button', class: 'link', 'aria-expanded': 'false' }, 'Which categories');
  more.addEventListener('click', () => {
    const open = categories.hidden;
    categories.hidden = !open;
    more.setAttribute('aria-expanded', String(open));
    if (open && !categories.childElementCount) void categoriesOf(categories, key, cost.currency, period, words);
  });
  const priced = row.currency !== null;
  return el('li', { 'data-step': key, 'data-cost-per-year': row.costPerYear },
    el('div', { class: 'fix-first-line' },
      el('a', { href: `#/step/${encodeURIComponent(key)}`, class: 'step-link' }, name), ': ',
      priced
        ? ['failure demand costs about ', el('strong', { class: 'money' }, `${money(row.costPerYear, row.currency)} a year`), ` (${moneyRange(row.costPerYearLow, row.costPerYearHigh, row.currency)})`]
        : `${count(row.failureContacts)} failure contacts, not priced (no handling cost for their channels)`,
      mostly(step, typeName)),
    el('div', { class: 'small muted' },
      [priced ? trend(row, period.weeks, cost.days, step) : '', `${count(row.failureContacts)} failure contacts${row.uncostedContacts > 0 && priced ? ` (${count(row.uncostedContacts)} not priced)` : ''}`].filter(Boolean).join(' · '), ' · ',
      el('a', { href: words({ step: key }), class: 'words' }, 'Read what customers said'), ' · ', more),
    categories,
  );
}

async function categoriesOf(target: HTMLElement, step: string, currency: string | null, period: Period, words: (filters: Record<string, string>) => string): Promise<void> {
  target.replaceChildren(el('p', { class: 'loading' }, 'Loading…'));
  try {
    const [byCategory, categoryName] = await Promise.all([api<CostResponse>(`/v1/metrics/cost${query({ by: 'category', step, from: period.from, to: period.to })}`), categoryNames()]);
    target.replaceChildren(el('ul', { class: 'small' }, byCategory.rows.map((r) =>
      el('li', { 'data-category': r.category },
        `${categoryName(r.category ?? '')}: `,
        r.currency ? `about ${money(r.costPerYear, currency ?? r.currency)} a year (${moneyRange(r.costPerYearLow, r.costPerYearHigh, currency ?? r.currency)}), ` : '',
        `${count(r.failureContacts)} failure contacts `,
        el('a', { href: words({ category: r.category ?? '' }) }, 'read them')),
    )));
  } catch (error) {
    target.replaceChildren(el('p', { class: 'error' }, error instanceof Error ? error.message : String(error)));
  }
}
