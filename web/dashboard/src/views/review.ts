import { api, query } from '../api.js';
import type { LabelRequestV1Input, LabelResponse, ReviewItem, ReviewQueueResponse } from '@frictionlens/contracts';
import { decidingTerms } from '../contact-card.js';
import { append, el, errorBox, panel } from '../dom.js';
import { confidence, dateTime, day, pct } from '../format.js';
import type { Period } from '../period.js';
import { forgetNames, taxonomy } from '../names.js';

/** Contacts per page of the queue. */
const PAGE_SIZE = 50;

/** Identical texts (same words, any case or spacing) together: one label labels them all. */
export function groupIdentical(items: ReviewItem[]): ReviewItem[][] {
  const groups = new Map<string, ReviewItem[]>();
  for (const item of items) {
    const key = `${item.classification.category}|${item.text.trim().replace(/\s+/g, ' ').toLowerCase()}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()];
}

/**
 * Contacts the classifier was unsure of that occurred in the period shown (the API filters the
 * queue by it), identical texts of a page as one card: one click confirms a suggestion or records
 * a correction for all of them.
 */
export async function reviewView(main: HTMLElement, params: URLSearchParams, period?: Period): Promise<void> {
  const below = params.get('below') ?? '';
  const chooser = el('select', { id: 'review-below', 'aria-label': 'Which contacts' },
    el('option', { value: '' }, 'unclassified (below the threshold)'),
    ['0.5', '0.7', '0.9'].map((b) => el('option', { value: b }, `any with confidence below ${pct(Number(b), 0)}`)));
  chooser.value = below;
  chooser.addEventListener('change', () => (location.hash = `#/review${query({ below: chooser.value })}`));
  main.appendChild(el('p', { class: 'toolbar' }, 'Show ', chooser));

  await panel(main, 'Review queue', async (body) => {
    let cursor: string | null | undefined;
    const fetchScreen = async (): Promise<ReviewItem[]> => {
      const page = await api<ReviewQueueResponse>(`/v1/review-queue${query({ limit: PAGE_SIZE, below, cursor, from: period?.from, to: period?.to })}`);
      cursor = page.nextCursor;
      return page.items;
    };
    const [first, categories] = await Promise.all([fetchScreen(), taxonomy()]);
    const sorted = [...categories.values()].sort((a, b) => a.name.localeCompare(b.name));
    const nameOf = (key: string) => (key === 'unclassified' ? 'Unclassified' : (categories.get(key)?.name ?? key));
    const cards = (items: ReviewItem[]) => groupIdentical(items).map((group) => reviewCard(group, sorted, nameOf));
    const list = el('div', {}, ...(first.length ? cards(first) : [el('p', {}, period ? 'Nothing to review in this period.' : 'Nothing to review.')]));
    const more = el('button', { type: 'button', hidden: cursor === null }, 'More');
    more.addEventListener('click', () => {
      more.disabled = true;
      fetchScreen()
        .then((items) => {
          list.append(...cards(items));
          more.hidden = cursor === null;
        })
        .catch((error: unknown) => list.appendChild(errorBox(error)))
        .finally(() => (more.disabled = false));
    });
    body.replaceChildren(
      el('p', { class: 'muted' }, period ? `Contacts of ${day(period.from)} – ${day(period.to)} only (choose a longer period for older ones), lowest confidence first; identical texts are one card, labelled together. ` : 'Lowest confidence first. ', 'A label outranks the model, counts in the metrics at once and trains the next model. ',
        '“Not for here” marks a contact sent to the wrong place: failure demand of its own type, keeping the model’s category unless you choose another.'),
      el('p', { class: 'muted small' }, 'Keys: n marks the contact you are in (else the first not yet labelled) not for here.'),
      list,
      more,
    );
  });

  const onKey = (event: KeyboardEvent) => {
    // Gone when another screen replaced this one.
    if (!main.isConnected) return window.removeEventListener('keydown', onKey);
    const target = event.target as HTMLElement | null;
    if (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
    if (event.ctrlKey || event.metaKey || event.altKey || event.key.toLowerCase() !== 'n') return;
    const card = target?.closest<HTMLElement>('article.review:not(.done)') ?? main.querySelector<HTMLElement>('article.review:not(.done)');
    const button = card?.querySelector<HTMLButtonElement>('button.not-for-here');
    if (!button || button.disabled) return;
    event.preventDefault();
    button.click();
  };
  window.addEventListener('keydown', onKey);
}

function reviewCard(group: ReviewItem[], categories: Array<{ key: string; name: string }>, nameOf: (key: string) => string): HTMLElement {
  const item = group[0]!;
  const outcome = el('div', { class: 'outcome', 'aria-live': 'polite' });
  const buttons: HTMLButtonElement[] = [];
  const card = el('article', { class: 'contact review', 'data-contact-id': item.contactId, 'data-contacts': group.length });
  const label = async (request: LabelRequestV1Input) => {
    buttons.forEach((b) => (b.disabled = true));
    outcome.replaceChildren(el('span', { class: 'loading' }, 'Saving…'));
    try {
      const body: LabelRequestV1Input = { ...request, reviewer: 'dashboard' };
      let stored: LabelResponse | undefined;
      for (const each of group) stored = await api<LabelResponse>(`/v1/contacts/${encodeURIComponent(each.contactId)}/label`, { method: 'POST', body });
      forgetNames();
      card.classList.add('done');
      card.dataset.notForHere = String(stored!.notForHere);
      outcome.replaceChildren(el('span', { class: 'saved' }, `Labelled ${group.length > 1 ? `${group.length} contacts ` : ''}${nameOf(stored!.category)}`, stored!.notForHere ? ', not for here' : '', stored!.previous ? ` (the model said ${nameOf(stored!.previous)})` : ''));
    } catch (error) {
      buttons.forEach((b) => (b.disabled = false));
      outcome.replaceChildren(errorBox(error));
    }
  };
  const suggestions = item.classification.top.filter((t) => t.category !== 'unclassified').map((t) => {
    const button = el('button', { type: 'button', class: 'suggestion', 'data-category': t.category }, `${nameOf(t.category)} ${confidence(t.probability)}`);
    button.addEventListener('click', () => void label({ category: t.category }));
    buttons.push(button);
    return button;
  });
  const select = el('select', { class: 'correction', 'aria-label': 'Another category' }, el('option', { value: '' }, 'another category…'), categories.map((c) => el('option', { value: c.key }, c.name)));
  const correct = el('button', { type: 'button', class: 'correct', disabled: true }, 'Correct');
  select.addEventListener('change', () => (correct.disabled = !select.value));
  correct.addEventListener('click', () => void label({ category: select.value }));
  buttons.push(correct);
  // The category chosen beside it, else the one the contact has: an unclassified contact has none to keep.
  const notForHere = el('button', { type: 'button', class: 'not-for-here', title: 'Sent to the wrong place: counts as failure demand of the type not-for-here' }, el('kbd', {}, 'n'), ' Not for here');
  notForHere.addEventListener('click', () => {
    if (!select.value && item.classification.category === 'unclassified') {
      outcome.replaceChildren(el('p', { class: 'error', role: 'alert' }, 'The model left this contact unclassified: choose the category it belongs to (another category…), then Not for here.'));
      select.focus();
      return;
    }
    void label({ ...(select.value && { category: select.value }), notForHere: true });
  });
  buttons.push(notForHere);
  append(card, [
    el('div', { class: 'contact-head' },
      el('strong', {}, nameOf(item.classification.category)),
      el('span', { class: 'muted' }, `confidence ${confidence(item.classification.confidence)}`),
      group.length > 1 ? el('span', { class: 'badge identical' }, `${group.length} identical contacts`) : null,
      el('span', { class: 'muted small right' }, group.length > 1 ? `#${group.map((g) => g.contactId).join(', #')} · ${dateTime(group.map((g) => g.occurredAt).sort()[0]!)} – ${dateTime(group.map((g) => g.occurredAt).sort().at(-1)!)}` : `#${item.contactId} · ${item.kind.replace('_', ' ')} · ${item.channel ?? 'no channel'} · ${dateTime(item.occurredAt)}`)),
    el('blockquote', { class: 'text' }, item.text),
    decidingTerms(item.classification.explanation),
    el('div', { class: 'actions' }, suggestions.length ? el('span', { class: 'muted' }, 'Confirm: ') : null, suggestions, el('span', { class: 'muted' }, ' or '), select, correct, notForHere),
    outcome,
  ]);
  return card;
}
