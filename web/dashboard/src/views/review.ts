import { api, query, type LabelRequest, type LabelResponse, type ReviewItem, type ReviewQueueResponse } from '../api.js';
import { decidingTerms } from '../contact-card.js';
import { append, el, errorBox, panel } from '../dom.js';
import { dateTime, pct } from '../format.js';
import { forgetNames, taxonomy } from '../names.js';

/** Contacts the classifier was unsure of: one click confirms a suggestion or records a correction. */
export async function reviewView(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const below = params.get('below') ?? '';
  const chooser = el('select', { id: 'review-below', 'aria-label': 'Which contacts' },
    el('option', { value: '' }, 'unclassified (below the threshold)'),
    ['0.5', '0.7', '0.9'].map((b) => el('option', { value: b }, `any with confidence below ${pct(Number(b), 0)}`)));
  chooser.value = below;
  chooser.addEventListener('change', () => (location.hash = `#/review${query({ below: chooser.value })}`));
  main.appendChild(el('p', { class: 'toolbar' }, 'Show ', chooser));

  await panel(main, 'Review queue', async (body) => {
    const [queue, categories] = await Promise.all([api<ReviewQueueResponse>(`/v1/review-queue${query({ limit: 25, below })}`), taxonomy()]);
    const sorted = [...categories.values()].sort((a, b) => a.name.localeCompare(b.name));
    const nameOf = (key: string) => (key === 'unclassified' ? 'Unclassified' : (categories.get(key)?.name ?? key));
    const list = el('div', {}, ...(queue.items.length ? queue.items.map((item) => reviewCard(item, sorted, nameOf)) : [el('p', {}, 'Nothing to review.')]));
    let cursor = queue.nextCursor;
    const more = el('button', { type: 'button', hidden: !cursor }, 'More');
    more.addEventListener('click', () => {
      more.disabled = true;
      api<ReviewQueueResponse>(`/v1/review-queue${query({ limit: 25, below, cursor })}`)
        .then((page) => {
          list.append(...page.items.map((item) => reviewCard(item, sorted, nameOf)));
          cursor = page.nextCursor;
          more.hidden = !cursor;
        })
        .catch((error: unknown) => list.appendChild(errorBox(error)))
        .finally(() => (more.disabled = false));
    });
    body.replaceChildren(
      el('p', { class: 'muted' }, 'Lowest confidence first. A label outranks the model, counts in the metrics at once and trains the next model. ',
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

function reviewCard(item: ReviewItem, categories: Array<{ key: string; name: string }>, nameOf: (key: string) => string): HTMLElement {
  const outcome = el('div', { class: 'outcome', 'aria-live': 'polite' });
  const buttons: HTMLButtonElement[] = [];
  const card = el('article', { class: 'contact review', 'data-contact-id': item.contactId });
  const label = async (request: LabelRequest) => {
    buttons.forEach((b) => (b.disabled = true));
    outcome.replaceChildren(el('span', { class: 'loading' }, 'Saving…'));
    try {
      const body: LabelRequest = { ...request, reviewer: 'dashboard' };
      const stored = await api<LabelResponse>(`/v1/contacts/${encodeURIComponent(item.contactId)}/label`, { method: 'POST', body });
      forgetNames();
      card.classList.add('done');
      card.dataset.notForHere = String(stored.notForHere);
      outcome.replaceChildren(el('span', { class: 'saved' }, `Labelled ${nameOf(stored.category)}`, stored.notForHere ? ', not for here' : '', stored.previous ? ` (the model said ${nameOf(stored.previous)})` : ''));
    } catch (error) {
      buttons.forEach((b) => (b.disabled = false));
      outcome.replaceChildren(errorBox(error));
    }
  };
  const suggestions = item.classification.top.filter((t) => t.category !== 'unclassified').map((t) => {
    const button = el('button', { type: 'button', class: 'suggestion', 'data-category': t.category }, `${nameOf(t.category)} ${pct(t.probability, 0)}`);
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
      el('span', { class: 'muted' }, `confidence ${pct(item.classification.confidence, 0)}`),
      el('span', { class: 'muted small right' }, `#${item.contactId} · ${item.kind.replace('_', ' ')} · ${item.channel ?? 'no channel'} · ${dateTime(item.occurredAt)}`)),
    el('blockquote', { class: 'text' }, item.text),
    decidingTerms(item.classification.explanation),
    el('div', { class: 'actions' }, suggestions.length ? el('span', { class: 'muted' }, 'Confirm: ') : null, suggestions, el('span', { class: 'muted' }, ' or '), select, correct, notForHere),
    outcome,
  ]);
  return card;
}
