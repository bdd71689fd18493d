import { api, query } from '../api.js';
import type { CategoryResponse, DiscoveryRunDetailResponse, DiscoveryRunResponse, ThemeResponse, ValueStreamResponse } from '@frictionlens/contracts';
import { append, el, errorBox, panel } from '../dom.js';
import { count, dateTime, day } from '../format.js';
import { categoryNames, failureTypeNames, failureTypes, forgetNames, stepNames, taxonomy, valueStreams } from '../names.js';
import type { Period } from '../period.js';
import { themeCard, type ThemeContext, type ThemeEvents } from './discover-theme.js';

// Discover (docs/discovery.md): themes found in the contacts without the taxonomy's help, and
// what people make of them. A run is queued here and worked by a classifier instance; this
// screen follows its progress and then shows its themes as cards, decided with the keyboard.

// libs/contracts' ContactKinds and Channels (not imported: the page would carry zod for two lists).
const KINDS = ['ticket', 'warranty_claim', 'complaint'];
const CHANNELS = ['email', 'phone', 'chat', 'web', 'social', 'store', 'letter', 'other'];
const ACTIVE = new Set(['queued', 'running', 'cancelling']);
const POLL_MS = 1_500;

/** `#/discover` (the newest run) and `#/discover/{id}[?theme={themeId}]`: start a run, follow it, decide its themes. */
export async function discoverView(main: HTMLElement, period: Period, argument: string | undefined, themeId?: number): Promise<void> {
  const [categoryName, categories] = await Promise.all([categoryNames(), taxonomy().catch(() => new Map<string, CategoryResponse>())]);
  const sorted = [...categories.values()].sort((a, b) => a.name.localeCompare(b.name));
  let shown = argument ? Number(argument) : undefined;
  await panel(main, 'Discover themes', async (body) => {
    const { rows } = await api<{ rows: DiscoveryRunResponse[] }>(`/v1/discoveries${query({ limit: 10 })}`);
    shown ??= rows[0]?.id;
    body.replaceChildren();
    append(body, [
      el('p', { class: 'muted' }, 'Cluster contacts into themes without the taxonomy’s help, in the customers’ own words: demand nobody has named yet, or a first taxonomy for raw tickets. Accept a theme as a new category, merge it into one, split or dismiss it (dismissed themes are not proposed again).'),
      startForm(period, sorted),
      rows.length ? runTable(rows, shown, categoryName) : null,
    ]);
  }, 'discover-start');
  if (shown === undefined) return;
  const runPanel = el('section', { class: 'panel discover-run', id: 'discover-run' }, el('p', { class: 'loading' }, 'Loading…'));
  main.appendChild(runPanel);
  await showRun(main, runPanel, shown, categoryName, sorted, themeId);
}

function startForm(period: Period, categories: CategoryResponse[]): HTMLElement {
  const any = (label: string) => el('option', { value: '' }, label);
  const from = el('input', { type: 'date', id: 'discover-from', 'aria-label': 'From (inclusive)' });
  const to = el('input', { type: 'date', id: 'discover-to', 'aria-label': 'To (exclusive)' });
  const usePeriod = el('button', { type: 'button', class: 'link' }, `the period shown (${day(period.from)} – ${day(period.to)})`);
  usePeriod.addEventListener('click', () => ((from.value = period.from), (to.value = period.to)));
  const kind = el('select', { id: 'discover-kind' }, any('any kind'), KINDS.map((k) => el('option', { value: k }, k.replace('_', ' '))));
  const channel = el('select', { id: 'discover-channel' }, any('any channel'), CHANNELS.map((c) => el('option', { value: c }, c)));
  const category = el('select', { id: 'discover-category' }, any('any category'), el('option', { value: 'unclassified' }, 'Unclassified (what the model could not place)'), categories.map((c) => el('option', { value: c.key }, c.name)));
  const outcome = el('div', { 'aria-live': 'polite' });
  const form = el('form', { class: 'discover-form' },
    el('p', {}, 'Contacts from ', from, ' to ', to, ' (empty: all time; or ', usePeriod, ')'),
    el('p', {}, kind, ' ', channel, ' ', category, ' ', el('button', { type: 'submit' }, 'Discover themes')),
    el('p', { class: 'muted small' }, 'Needs an admin key. One run per scope at a time; a classifier instance works it (minutes for tens of thousands of contacts).'),
    outcome);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const scope = Object.fromEntries(Object.entries({ from: from.value, to: to.value, kind: kind.value, channel: channel.value, category: category.value }).filter(([, v]) => v));
    api<DiscoveryRunResponse>('/v1/discoveries', { method: 'POST', body: { scope } })
      .then((run) => (location.hash = `#/discover/${run.id}`))
      .catch((error: unknown) => outcome.replaceChildren(errorBox(error)));
  });
  return form;
}

function scopeText(scope: DiscoveryRunResponse['scope'], categoryName: (key: string) => string): string {
  const parts = [
    scope.from || scope.to ? `${scope.from ? day(scope.from) : '…'} – ${scope.to ? day(scope.to) : '…'}` : 'all time',
    scope.kind?.replace('_', ' '),
    scope.channel,
    scope.category ? categoryName(scope.category) : undefined,
  ];
  return parts.filter(Boolean).join(' · ');
}

function runTable(rows: DiscoveryRunResponse[], shown: number | undefined, categoryName: (key: string) => string): HTMLElement {
  return el('table', { class: 'discover-runs' },
    el('thead', {}, el('tr', {}, ['Run', 'Asked', 'Scope', 'Contacts', 'Status'].map((h) => el('th', {}, h)))),
    el('tbody', {}, rows.map((r) => el('tr', { 'data-run': r.id, class: r.id === shown ? 'current' : '' },
      el('td', {}, el('a', { href: `#/discover/${r.id}` }, `#${r.id}`)),
      el('td', {}, dateTime(r.createdAt)),
      el('td', {}, scopeText(r.scope, categoryName)),
      el('td', { class: 'num' }, count(r.contacts)),
      el('td', {}, r.status)))));
}

/** A run: while it works, its progress (looked at again every 1.5 s) and a cancel button; then its themes. */
async function showRun(main: HTMLElement, target: HTMLElement, id: number, categoryName: (key: string) => string, categories: CategoryResponse[], themeId?: number): Promise<void> {
  let run: DiscoveryRunDetailResponse;
  try {
    run = await api<DiscoveryRunDetailResponse>(`/v1/discoveries/${id}${query({ themes: 'all' })}`);
  } catch (error) {
    target.replaceChildren(errorBox(error));
    return;
  }
  const heading = el('h2', {}, `Run #${run.id}: ${scopeText(run.scope, categoryName)}`);
  const status = el('p', { id: 'discover-status', 'data-status': run.status }, statusText(run));
  target.replaceChildren(heading, status);
  if (ACTIVE.has(run.status)) return followRun(main, target, status, run, categoryName, categories);
  if (run.status !== 'done') return;
  const [stepName, failureTypeName, types, streams] = await Promise.all([
    stepNames(),
    failureTypeNames(),
    failureTypes(),
    valueStreams().catch(() => [] as ValueStreamResponse[]),
  ]);
  const ctx: ThemeContext = {
    runId: run.id,
    categoryName,
    stepName,
    failureTypeName,
    categories,
    failureTypes: types,
    steps: streams.flatMap((s) => s.steps.map((step) => ({ key: step.key, name: `${s.name}: ${step.name}` }))),
    async refresh() {
      forgetNames();
      const [names, current] = await Promise.all([categoryNames(), taxonomy().catch(() => new Map<string, CategoryResponse>())]);
      ctx.categoryName = names;
      ctx.categories = [...current.values()].sort((a, b) => a.name.localeCompare(b.name));
      ctx.taxonomyChanged.dispatchEvent(new Event('change'));
    },
    taxonomyChanged: new EventTarget(),
  };
  themeList(main, target, run.themes, ctx, themeId);
}

function statusText(run: DiscoveryRunResponse): string {
  const contacts = run.contacts === null ? '' : ` · ${count(run.contacts)} contacts`;
  const encoder = run.encoder ? ` · ${run.encoder === 'lsa' ? 'TF-IDF/LSA (no sentence encoder)' : run.encoder}` : '';
  switch (run.status) {
    case 'queued': return `Queued ${dateTime(run.createdAt)}: waiting for a classifier instance to take it.`;
    case 'running': return `Running${contacts}${encoder}: ${run.progress.stage ?? 'starting'}${run.progress.total ? ` ${count(run.progress.done)} of ${count(run.progress.total)}` : ''}`;
    case 'cancelling': return 'Cancelling: the classifier stops at its next step.';
    case 'cancelled': return `Cancelled${run.finishedAt ? ` ${dateTime(run.finishedAt)}` : ''}.`;
    case 'failed': return `Failed: ${run.error ?? 'no reason given'}`;
    case 'done': return `Done ${run.finishedAt ? dateTime(run.finishedAt) : ''}${contacts}${encoder}.`;
  }
}

function followRun(main: HTMLElement, target: HTMLElement, status: HTMLElement, run: DiscoveryRunResponse, categoryName: (key: string) => string, categories: CategoryResponse[]): void {
  const bar = el('progress', { id: 'discover-progress', max: 1 });
  const cancel = el('button', { type: 'button', id: 'discover-cancel' }, 'Cancel the run');
  const outcome = el('div', { 'aria-live': 'polite' });
  const update = (now: DiscoveryRunResponse) => {
    status.textContent = statusText(now);
    status.dataset.status = now.status;
    // Indeterminate until the runner says how far it has to go.
    if (now.progress.total > 0) bar.value = Math.min(1, now.progress.done / now.progress.total);
    else bar.removeAttribute('value');
    cancel.disabled = now.status === 'cancelling';
    showInTable(main, now);
  };
  cancel.addEventListener('click', () => {
    cancel.disabled = true;
    api<DiscoveryRunResponse>(`/v1/discoveries/${run.id}/cancel`, { method: 'POST' }).then(update, (error: unknown) => {
      cancel.disabled = false;
      outcome.replaceChildren(errorBox(error));
    });
  });
  target.append(bar, ' ', cancel, outcome);
  update(run);
  const look = () => {
    if (!target.isConnected) return;
    api<DiscoveryRunResponse>(`/v1/discoveries/${run.id}${query({ themes: 'proposed' })}`).then(
      (now) => {
        if (!target.isConnected) return;
        if (ACTIVE.has(now.status)) {
          update(now);
          window.setTimeout(look, POLL_MS);
        } else {
          showInTable(main, now);
          void showRun(main, target, run.id, categoryName, categories);
        }
      },
      (error: unknown) => {
        outcome.replaceChildren(errorBox(error));
        window.setTimeout(look, POLL_MS * 4);
      },
    );
  };
  window.setTimeout(look, POLL_MS);
}

// The runs table above says what the run panel says.
function showInTable(main: HTMLElement, run: DiscoveryRunResponse): void {
  const cells = main.querySelectorAll<HTMLElement>(`table.discover-runs tr[data-run="${run.id}"] td`);
  if (cells.length < 5) return;
  cells[3]!.textContent = count(run.contacts);
  cells[4]!.textContent = run.status;
}

/** The themes as cards, proposed first; j/k or the arrows move between them, a/m/s/d decide the one selected. */
function themeList(main: HTMLElement, target: HTMLElement, themes: ThemeResponse[], ctx: ThemeContext, themeId?: number): void {
  const shown = themes.filter((t) => t.status !== 'dismissed' && t.status !== 'split');
  const ordered = [...shown.filter((t) => t.status === 'proposed'), ...shown.filter((t) => t.status !== 'proposed')];
  let dismissed = themes.filter((t) => t.status === 'dismissed').length;
  const list = el('div', { class: 'themes', id: 'themes' });
  const summary = el('p', { class: 'muted', id: 'themes-summary' });
  const summarise = () => {
    const open = list.querySelectorAll('article.theme.proposed').length;
    summary.textContent = `${count(open)} ${open === 1 ? 'theme' : 'themes'} to decide, largest first${dismissed ? `; ${count(dismissed)} dismissed (now or in an earlier run) not shown` : ''}.`;
  };
  const cards = () => [...list.querySelectorAll<HTMLElement>('article.theme')];
  const select = (card: HTMLElement | undefined) => {
    if (!card) return;
    cards().forEach((c) => c.classList.toggle('selected', c === card));
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: 'nearest' });
  };
  const selected = () => list.querySelector<HTMLElement>('article.theme.selected') ?? undefined;
  const nextProposed = (after: HTMLElement) => {
    const all = cards();
    const rest = [...all.slice(all.indexOf(after) + 1), ...all.slice(0, all.indexOf(after))];
    return rest.find((c) => c.classList.contains('proposed'));
  };
  const on: ThemeEvents = {
    decided(card, theme) {
      const next = nextProposed(card);
      if (theme.status === 'dismissed') {
        card.remove();
        dismissed += 1;
      }
      else {
        const decided = themeCard(theme, ctx, on);
        card.replaceWith(decided);
        list.appendChild(decided); // decided ones go below the themes still to decide
      }
      summarise();
      select(next);
    },
    split(card, halves) {
      const made = halves.map((t) => themeCard(t, ctx, on));
      card.replaceWith(...made);
      summarise();
      select(made[0]);
    },
  };
  list.append(...ordered.map((t) => themeCard(t, ctx, on)));
  list.addEventListener('click', (event) => {
    const card = (event.target as HTMLElement).closest<HTMLElement>('article.theme');
    if (card && !card.classList.contains('selected')) select(card);
  });
  summarise();
  target.append(
    summary,
    el('p', { class: 'muted small keys' }, 'Keys: j / k or ↓ / ↑ move between themes; a accept as a new category (Enter confirms, Esc cancels), m merge into the category chosen beside it (the nearest first), s split in two, d dismiss.'),
    ordered.length ? list : el('p', {}, 'This run found no theme to propose.'),
  );
  // A link to one theme (an emerging theme on the overview) selects it; otherwise the first to decide.
  const asked = themeId === undefined ? undefined : list.querySelector<HTMLElement>(`article.theme[data-theme-id="${themeId}"]`);
  const first = asked ?? list.querySelector<HTMLElement>('article.theme.proposed') ?? cards()[0];
  first?.classList.add('selected');
  if (asked) requestAnimationFrame(() => asked.scrollIntoView({ block: 'center' }));

  const keys: Record<string, string> = { a: 'button.accept', m: 'button.merge', s: 'button.split', d: 'button.dismiss' };
  const onKey = (event: KeyboardEvent) => {
    // Gone when another screen (or run) replaced this one.
    if (!list.isConnected || !main.isConnected) return window.removeEventListener('keydown', onKey);
    const target = event.target as HTMLElement | null;
    if (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const current = target?.closest<HTMLElement>('article.theme') ?? selected();
    const all = cards();
    const at = current ? all.indexOf(current) : -1;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (key === 'j' || key === 'ArrowDown') select(all[Math.min(all.length - 1, at + 1)]);
    else if (key === 'k' || key === 'ArrowUp') select(all[Math.max(0, at - 1)]);
    else if (keys[key]) {
      const button = current?.querySelector<HTMLButtonElement>(keys[key]);
      if (!button || button.disabled) return;
      button.click();
    } else return;
    event.preventDefault();
  };
  window.addEventListener('keydown', onKey);
}
