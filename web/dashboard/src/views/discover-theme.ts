import { api, query } from '../api.js';
import type { CategoryResponse, FailureTypeResponse, ThemeResponse, ThemeSuggestions } from '@frictionlens/contracts';
import { append, el, errorBox } from '../dom.js';
import { count, decimal } from '../format.js';
import { sparkline } from '../sparkline.js';

// One theme a discovery run found (docs/discovery.md), as a card: its name, size, weekly trend,
// the suggestions and the customers' own words, with the four decisions of
// /v1/discoveries/{id}/themes/{themeId}/…. Its fields: ThemeResponse of libs/contracts.

/** What every card needs to name keys and fill its forms. */
export interface ThemeContext {
  runId: number;
  categoryName: (key: string) => string;
  stepName: (key: string) => string;
  failureTypeName: (key: string | null | undefined) => string;
  categories: CategoryResponse[];
  failureTypes: FailureTypeResponse[];
  steps: Array<{ key: string; name: string }>;
  /** Reads the taxonomy again (after an accept made a new version), so names and lists include the new category. */
  refresh(): Promise<void>;
  /** Fires 'change' after `refresh`: every card still to decide offers the new category to merge into or under. */
  readonly taxonomyChanged: EventTarget;
}

/** What the list does after a decision: a decided theme stays with its category, a dismissed one leaves, a split one gives way to its halves. */
export interface ThemeEvents {
  decided(card: HTMLElement, theme: ThemeResponse): void;
  split(card: HTMLElement, themes: ThemeResponse[]): void;
}

const text = (v: unknown) => (typeof v === 'string' && v ? v : null);

/** The suggestions with every field present (runs stored before a field was written lack it); read defensively. */
type Suggestions = Required<ThemeSuggestions>;

function suggestionsOf(theme: ThemeResponse): Suggestions {
  const s = theme.suggestions;
  const step = s.step;
  const nearest = Array.isArray(s.nearestCategories) ? s.nearestCategories : [];
  return {
    key: text(s.key),
    demandType: s.demandType === 'failure' || s.demandType === 'value' ? s.demandType : null,
    failureType: text(s.failureType),
    parent: text(s.parent),
    nearestCategories: nearest.filter((n) => n && typeof n.key === 'string'),
    step: step && typeof step.key === 'string' ? step : null,
  };
}

const post = <T>(theme: ThemeResponse, ctx: ThemeContext, action: string, body: unknown = {}) =>
  api<T>(`/v1/discoveries/${ctx.runId}/themes/${theme.id}/${action}`, { method: 'POST', body });

/** A theme's card; proposed themes carry their actions, decided ones the category they became. */
export function themeCard(theme: ThemeResponse, ctx: ThemeContext, on: ThemeEvents): HTMLElement {
  const card = el('article', { class: `theme ${theme.status}`, 'data-theme-id': theme.id, 'data-status': theme.status, tabindex: -1, 'aria-label': `ThemeResponse ${theme.name}` });
  const s = suggestionsOf(theme);
  append(card, [
    el('div', { class: 'theme-head' },
      el('h3', { class: 'theme-name' }, theme.name),
      el('span', { class: 'theme-size', 'data-size': theme.size }, `${count(theme.size)} contacts`),
      theme.splitFrom ? el('span', { class: 'badge' }, `split from theme ${theme.splitFrom}`) : null,
      el('span', { class: 'theme-trend' }, sparkline(theme.weeklyTrend))),
    theme.terms.length ? el('div', { class: 'terms' }, el('span', { class: 'muted' }, 'Terms: '), theme.terms.map((t) => el('span', { class: 'term', title: `weight ${t.weight}` }, t.term))) : null,
    suggestionList(s, ctx),
    el('div', { class: 'theme-words' },
      el('div', { class: 'muted small' }, 'In the customers’ own words (nearest the centre, redacted as stored):'),
      theme.examples.map((e) => el('blockquote', { class: 'text', 'data-contact-id': e.contactId, title: `#${e.contactId}, similarity ${decimal(e.similarity)}` }, e.text)),
      theme.examples.length ? null : el('p', { class: 'muted small' }, 'No example left (erased).')),
  ]);
  if (theme.status === 'proposed') card.append(...actionsOf(card, theme, s, ctx, on));
  else card.append(decisionOf(theme, ctx));
  return card;
}

function suggestionList(s: Suggestions, ctx: ThemeContext): HTMLElement {
  // A taxonomy without any category (a cold start) gives nothing to compare with: one sentence
  // instead of five empty rows.
  if (ctx.categories.length === 0 && !s.demandType && !s.failureType && !s.parent && !s.step && s.nearestCategories.length === 0) {
    return el('p', { class: 'suggestions none muted small' }, 'No suggestions yet: there is no category to compare this theme with. Accept the themes that are your demand; a run made after that suggests demand type, failure type, parent, step and the nearest categories.');
  }
  const row = (label: string, ...value: Array<Node | string | null>) => {
    const given = value.filter((v) => v !== null);
    return [el('dt', {}, label), el('dd', { class: given.length ? '' : 'muted' }, ...(given.length ? given : ['none suggested']))];
  };
  return el('dl', { class: 'suggestions' },
    row('Demand', s.demandType ? el('span', { class: `badge ${s.demandType}` }, s.demandType) : null),
    row('Failure type', s.failureType ? ctx.failureTypeName(s.failureType) : null),
    row('Parent', s.parent ? ctx.categoryName(s.parent) : null),
    row('Step', s.step ? el('a', { href: `#/step/${encodeURIComponent(s.step.key)}`, class: 'suggested-step' }, ctx.stepName(s.step.key)) : null, s.step ? el('span', { class: 'muted small' }, ` through ${ctx.categoryName(s.step.through)}`) : null),
    row('Nearest', ...s.nearestCategories.map((n, i) => el('span', { class: 'nearest', 'data-category': n.key }, i ? ', ' : '', ctx.categoryName(n.key), el('span', { class: 'muted' }, ` ${decimal(n.similarity)}`)))),
  );
}

function decisionOf(theme: ThemeResponse, ctx: ThemeContext): HTMLElement {
  const category = theme.category ? el('a', { href: `#/contacts?category=${encodeURIComponent(theme.category)}`, class: 'theme-category', 'data-category': theme.category }, ctx.categoryName(theme.category)) : null;
  const version = theme.taxonomyVersion ? ` (taxonomy version ${theme.taxonomyVersion})` : '';
  return el('p', { class: 'saved theme-decision' },
    theme.status === 'accepted' ? ['Accepted as the new category ', category, version] : theme.status === 'merged' ? ['Merged into ', category, version] : theme.status);
}

function actionsOf(card: HTMLElement, theme: ThemeResponse, s: Suggestions, ctx: ThemeContext, on: ThemeEvents): HTMLElement[] {
  const outcome = el('div', { class: 'outcome', 'aria-live': 'polite' });
  const buttons: HTMLButtonElement[] = [];
  const button = (cls: string, key: string, label: string) => {
    const b = el('button', { type: 'button', class: cls, 'aria-keyshortcuts': key }, el('kbd', {}, key), ` ${label}`);
    buttons.push(b);
    return b;
  };
  const { form, loadMembers, fillParents } = acceptForm(theme, s, ctx);
  form.hidden = true;
  const into = el('select', { class: 'merge-into', 'aria-label': 'Merge into' });
  const accept = button('accept', 'a', 'Accept…');
  const merge = button('merge', 'm', 'Merge into');
  // Nearest categories first, then the rest by name; none at all before the first accept. Filled
  // again whenever the taxonomy changes, so a theme can be merged into the one accepted just before.
  const fillInto = () => {
    const chosen = into.value;
    const near = s.nearestCategories.filter((n) => ctx.categories.some((c) => c.key === n.key));
    into.replaceChildren(
      ...near.map((n) => el('option', { value: n.key }, `${ctx.categoryName(n.key)} (${decimal(n.similarity)})`)),
      ...ctx.categories.filter((c) => !near.some((n) => n.key === c.key)).map((c) => el('option', { value: c.key }, c.name)),
    );
    if (chosen && ctx.categories.some((c) => c.key === chosen)) into.value = chosen;
    into.hidden = ctx.categories.length === 0;
    merge.title = into.hidden ? 'No category to merge into yet: accept a theme first' : '';
  };
  fillInto();
  const onTaxonomyChanged = () => {
    if (!card.isConnected || card.dataset['status'] !== 'proposed') return ctx.taxonomyChanged.removeEventListener('change', onTaxonomyChanged);
    fillInto();
    fillParents();
  };
  ctx.taxonomyChanged.addEventListener('change', onTaxonomyChanged);
  const split = button('split', 's', 'Split');
  const dismiss = button('dismiss', 'd', 'Dismiss');

  const decide = async (work: () => Promise<void>) => {
    buttons.forEach((b) => (b.disabled = true));
    outcome.replaceChildren(el('span', { class: 'loading' }, 'Saving…'));
    try {
      await work();
    } catch (error) {
      buttons.forEach((b) => (b.disabled = false));
      outcome.replaceChildren(errorBox(error));
    }
  };
  accept.addEventListener('click', () => {
    form.hidden = false;
    loadMembers();
    form.querySelector<HTMLInputElement>('input[name=key]')!.focus();
  });
  form.addEventListener('reset', () => {
    form.hidden = true;
    card.focus();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void decide(async () => {
      const { theme: decided } = await post<{ theme: ThemeResponse }>(theme, ctx, 'accept', acceptBody(form));
      await ctx.refresh(); // a new taxonomy version
      on.decided(card, decided);
    });
  });
  merge.addEventListener('click', () => {
    if (!into.value) return outcome.replaceChildren(el('p', { class: 'error', role: 'alert' }, 'There is no category to merge into yet: accept the theme as a new one (a).'));
    void decide(async () => on.decided(card, (await post<{ theme: ThemeResponse }>(theme, ctx, 'merge', { into: into.value })).theme));
  });
  split.addEventListener('click', () => void decide(async () => on.split(card, (await post<{ themes: ThemeResponse[] }>(theme, ctx, 'split')).themes)));
  dismiss.addEventListener('click', () => void decide(async () => on.decided(card, (await post<{ theme: ThemeResponse }>(theme, ctx, 'dismiss')).theme)));
  return [el('div', { class: 'actions' }, accept, merge, into, split, dismiss), form, outcome];
}

/** Accept as a new category: key, name, description, demand and failure type, parent, step, and which members belong. */
function acceptForm(theme: ThemeResponse, s: Suggestions, ctx: ThemeContext): { form: HTMLFormElement; loadMembers: () => void; fillParents: () => void } {
  const option = (value: string, label: string, selected: boolean) => el('option', { value, selected }, label);
  const demandType = el('select', { name: 'demandType' }, option('failure', 'failure demand', s.demandType !== 'value'), option('value', 'value demand', s.demandType === 'value'));
  const failureType = el('select', { name: 'failureType' }, option('', 'no failure type', !s.failureType), ctx.failureTypes.map((t) => option(t.key, t.name, t.key === s.failureType)));
  const syncFailureType = () => (failureType.disabled = demandType.value === 'value');
  demandType.addEventListener('change', syncFailureType);
  syncFailureType();
  const members = memberList(theme, ctx);
  const parent = el('select', { name: 'parent' });
  const fillParents = () => {
    const chosen = parent.value || s.parent;
    parent.replaceChildren(option('', 'none', !chosen), ...ctx.categories.map((c) => option(c.key, c.name, c.key === chosen)));
  };
  fillParents();
  const form = el('form', { class: 'accept-form' },
    el('div', { class: 'fields' },
      el('label', {}, 'Key ', el('input', { name: 'key', required: true, value: s.key ?? '', size: 24, pattern: '[A-Za-z0-9_.?\\-]+', title: 'letters, digits, _, -, . and ?' })),
      el('label', {}, 'Name ', el('input', { name: 'name', required: true, value: theme.name, size: 32 })),
      el('label', { class: 'wide' }, 'Description ', el('input', { name: 'description', size: 70, placeholder: 'what customers ask for, in their words' })),
      el('label', {}, 'Demand ', demandType),
      el('label', {}, 'Failure type ', failureType),
      el('label', {}, 'Parent ', parent),
      el('label', {}, 'Step ', el('select', { name: 'step' }, option('', 'no step', !s.step), ctx.steps.map((st) => option(st.key, st.name, st.key === s.step?.key))))),
    members.fieldset,
    el('div', { class: 'actions' }, el('button', { type: 'submit' }, el('kbd', {}, 'Enter'), ' Accept as a new category'), el('button', { type: 'reset' }, el('kbd', {}, 'Esc'), ' Cancel')),
  );
  // Enter confirms from any field (a select or checkbox would not submit by itself); Escape closes.
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.isComposing && (event.target as HTMLElement).tagName !== 'BUTTON') {
      event.preventDefault();
      form.requestSubmit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      form.reset();
    }
    event.stopPropagation();
  });
  return { form, loadMembers: members.loadFirst, fillParents };
}

const MEMBERS_PAGE = 50;

/**
 * The theme's members, nearest the centre first, a page at a time, each ticked: the ones a
 * person unticks are left out (excludeMembers), every other member is confirmed, shown or not.
 */
function memberList(theme: ThemeResponse, ctx: ThemeContext): { fieldset: HTMLElement; loadFirst: () => void } {
  const list = el('div', { class: 'member-list' });
  const more = el('button', { type: 'button', class: 'link more-members', hidden: true }, `show ${MEMBERS_PAGE} more`);
  const shown = el('span', { class: 'muted' });
  const member = (m: { contactId: string; text: string }) =>
    el('label', { class: 'member', title: m.text }, el('input', { type: 'checkbox', name: 'member', value: m.contactId, checked: true }), ` #${m.contactId} `, el('span', { class: 'muted words' }, m.text.length > 140 ? `${m.text.slice(0, 140)}…` : m.text));
  const load = async () => {
    more.disabled = true;
    try {
      const page = await api<{ total: number; rows: Array<{ contactId: string; text: string }> }>(
        `/v1/discoveries/${ctx.runId}/themes/${theme.id}/members${query({ limit: MEMBERS_PAGE, offset: list.childElementCount })}`,
      );
      list.append(...page.rows.map(member));
      more.hidden = list.childElementCount >= page.total || page.rows.length === 0;
    } catch (error) {
      // Without the members (an API that cannot list them), the examples shown above stand in for them.
      if (!list.childElementCount) list.append(...theme.examples.map(member));
      list.append(errorBox(error));
      more.hidden = true;
    } finally {
      more.disabled = false;
      shown.textContent = ` (${count(list.querySelectorAll('input[name=member]').length)} of ${count(theme.size)} shown)`;
    }
  };
  more.addEventListener('click', () => void load());
  const fieldset = el('fieldset', { class: 'members' },
    el('legend', {}, `Members: all ${count(theme.size)} contacts of the theme become labelled examples, but those unticked here`, shown),
    list, more);
  // The first page is fetched when the form first opens.
  let asked = false;
  const loadFirst = () => {
    if (!asked) void load();
    asked = true;
  };
  return { fieldset, loadFirst };
}

function acceptBody(form: HTMLFormElement): Record<string, unknown> {
  const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value.trim();
  const unticked = [...form.querySelectorAll<HTMLInputElement>('input[name=member]')].filter((m) => !m.checked).map((m) => m.value);
  const demandType = value('demandType');
  return {
    key: value('key'),
    name: value('name'),
    ...(value('description') && { description: value('description') }),
    demandType,
    failureType: demandType === 'failure' && value('failureType') ? value('failureType') : null,
    parent: value('parent') || null,
    step: value('step') || null,
    ...(unticked.length && { excludeMembers: unticked }),
  };
}
