import { api, query } from '../api.js';
import type { ContactsResponse } from '@frictionlens/contracts';
import { contactCard } from '../contact-card.js';
import { el, errorBox, panel } from '../dom.js';
import { day } from '../format.js';
import { categoryNames, stepNames } from '../names.js';
import type { Period } from '../period.js';

const FILTERS = ['step', 'category', 'valueStream', 'channel', 'kind', 'demandType'] as const;

/** The contacts behind a figure, newest first, with what decided each one's category. */
export async function contactsView(main: HTMLElement, period: Period, params: URLSearchParams): Promise<void> {
  const [stepName, categoryName] = await Promise.all([stepNames(), categoryNames()]);
  const filters: Record<string, string | undefined> = {};
  for (const name of FILTERS) filters[name] = params.get(name) ?? undefined;
  const from = params.get('from') ?? period.from;
  const to = params.get('to') ?? period.to;
  const described = [
    filters.step && `step ${stepName(filters.step)}`,
    filters.category && `category ${categoryName(filters.category)}`,
    filters.demandType && `${filters.demandType} demand`,
    filters.channel && `channel ${filters.channel}`,
    filters.kind && `kind ${filters.kind}`,
    filters.valueStream && `stream ${filters.valueStream}`,
  ].filter(Boolean);
  main.appendChild(filterBar(params));
  await panel(main, `Contacts${described.length ? `: ${described.join(', ')}` : ''}, ${day(from)} to ${day(to)}`, async (body) => {
    let cursor: string | null = null;
    const list = el('div', { class: 'contacts' });
    const more = el('button', { type: 'button' }, 'More');
    const load = async () => {
      const page = await api<ContactsResponse>(`/v1/contacts${query({ ...filters, from, to, limit: 25, cursor })}`);
      list.append(...page.rows.map((c) => contactCard(c, categoryName)));
      if (!list.childElementCount) list.appendChild(el('p', { class: 'muted' }, 'No contacts match.'));
      cursor = page.nextCursor;
      more.hidden = !cursor;
    };
    more.addEventListener('click', () => {
      more.disabled = true;
      load().catch((error: unknown) => list.appendChild(errorBox(error))).finally(() => (more.disabled = false));
    });
    await load();
    body.replaceChildren(el('p', { class: 'muted' }, 'Texts are as stored: personal data was replaced at ingest ([EMAIL], [CARD]…).'), list, more);
  });
}

const CHANNELS = ['email', 'phone', 'chat', 'web', 'social', 'store', 'letter', 'other'];

/** Demand type and channel as selects; the other filters come from the screen that linked here. */
function filterBar(params: URLSearchParams): HTMLElement {
  const select = (name: string, label: string, values: string[]) => {
    const element = el('select', { name, 'aria-label': label }, el('option', { value: '' }, `any ${label}`), values.map((v) => el('option', { value: v }, v)));
    element.value = params.get(name) ?? '';
    element.addEventListener('change', () => {
      const next = new URLSearchParams(params);
      if (element.value) next.set(name, element.value);
      else next.delete(name);
      next.delete('cursor');
      location.hash = `#/contacts?${next.toString()}`;
    });
    return element;
  };
  return el('p', { class: 'toolbar' }, 'Show ', select('demandType', 'demand type', ['failure', 'value', 'unclassified']), ' ', select('channel', 'channel', CHANNELS),
    [...params.keys()].some((k) => k !== 'demandType' && k !== 'channel') ? [' ', el('a', { href: '#/contacts' }, 'clear the other filters')] : null);
}
