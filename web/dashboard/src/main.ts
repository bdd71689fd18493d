import { ApiError, useApiKey, whenUnauthorised } from './api.js';
import { disposeCharts } from './charts.js';
import { el, errorBox } from './dom.js';
import { day } from './format.js';
import { forgetNames } from './names.js';
import { chooseWeeks, chosenWeeks, currentPeriod, findPeriodEnd, PERIOD_CHOICES } from './period.js';
import { alertsView } from './views/alerts.js';
import { contactsView } from './views/contacts.js';
import { costView } from './views/cost.js';
import { countermeasuresView } from './views/countermeasures.js';
import { discoverView } from './views/discover.js';
import { overview } from './views/overview.js';
import { paretoView } from './views/pareto.js';
import { reviewView } from './views/review.js';
import { spikesView } from './views/spikes.js';
import { studiesView } from './views/studies.js';
import { stepDetail } from './views/step.js';
import { valueStreamMap } from './views/map.js';

const STORED_KEY = 'frictionlens.apiKey';
const app = document.getElementById('app')!;

const SCREENS = [
  ['overview', 'Overview'],
  ['cost', 'Cost'],
  ['map', 'Value streams'],
  ['pareto', 'Pareto'],
  ['spikes', 'Spikes'],
  ['countermeasures', 'Countermeasures'],
  ['contacts', 'Contacts'],
  ['review', 'Review queue'],
  ['studies', 'Studies'],
  ['discover', 'Discover'],
  ['alerts', 'Alerts'],
] as const;

/**
 * The API key: one entered here (kept in localStorage), else the one the server hands to pages
 * opened on its own machine in embedded mode (GET /dashboard/config.json; never stored here).
 */
async function resolveKey(): Promise<{ key: string | null; reason?: string }> {
  const stored = localStorage.getItem(STORED_KEY);
  if (stored) return { key: stored };
  try {
    const response = await fetch('/dashboard/config.json', { headers: { accept: 'application/json' } });
    const config = (await response.json()) as { apiKey: string | null; reason?: string };
    return { key: config.apiKey, reason: config.reason };
  } catch {
    return { key: null };
  }
}

function askForKey(message?: string): void {
  disposeCharts();
  const input = el('input', { type: 'password', id: 'api-key', autocomplete: 'off', placeholder: 'fl_…', size: 60, 'aria-label': 'API key' });
  const form = el('form', { class: 'panel key-form' },
    el('h2', {}, 'API key'),
    message ? el('p', { class: 'error', role: 'alert' }, message) : null,
    el('p', {}, 'The dashboard reads the same API as BI tools. Enter a key with the ', el('code', {}, 'admin'), ' scope (the review queue needs it; ', el('code', {}, 'metrics:read'), ' shows the metrics). Create one with ', el('code', {}, 'npm run api-key -- create --name dashboard --scope admin'), '. It is kept in this browser only.'),
    input, ' ', el('button', { type: 'submit' }, 'Use this key'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    localStorage.setItem(STORED_KEY, key);
    useApiKey(key);
    forgetNames();
    void start();
  });
  app.replaceChildren(form);
  input.focus();
}

function renderNav(active: string): void {
  document.getElementById('nav')!.replaceChildren(
    ...SCREENS.map(([route, label]) => el('a', { href: `#/${route}`, class: route === active ? 'active' : '' }, label)),
  );
}

function renderPeriodControl(): void {
  const select = document.getElementById('period') as HTMLSelectElement;
  select.replaceChildren(...PERIOD_CHOICES.map((weeks) => el('option', { value: weeks }, `${weeks} weeks`)));
  select.value = String(chosenWeeks());
  select.onchange = () => {
    chooseWeeks(Number(select.value));
    void route();
  };
}

let routing = 0;
let hasData = true;
let lookAgain: number | undefined;

/**
 * Before the first contact is classified (a fresh `npm start` trains its model first) every
 * screen would be empty: say so, and look again every few seconds until there is something.
 */
function waitForData(main: HTMLElement): void {
  main.prepend(el('p', { class: 'notice', id: 'waiting-for-data' }, 'No contact has been classified yet: the classifier may still be training or working through the backlog. This page looks again every 5 seconds.'));
  window.clearTimeout(lookAgain);
  lookAgain = window.setTimeout(() => {
    findPeriodEnd().then(
      (found) => {
        hasData = found;
        void route();
      },
      () => void route(),
    );
  }, 5_000);
}

async function route(): Promise<void> {
  const ticket = ++routing;
  disposeCharts();
  const [path, search = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [screen = 'overview', argument] = (path ?? '').split('/');
  const params = new URLSearchParams(search);
  const period = currentPeriod();
  const range = document.getElementById('period-range')!;
  range.textContent = `${day(period.from)} – ${day(period.to)} (exclusive)`;
  Object.assign(range.dataset, { from: period.from, to: period.to });
  renderNav(screen === 'step' ? 'map' : screen);
  const main = el('div', { class: `screen screen-${screen}` });
  app.replaceChildren(main);
  window.clearTimeout(lookAgain);
  // Discover is how a fresh install without categories starts: no notice, no reload under its forms.
  if (!hasData && screen !== 'discover') waitForData(main);
  try {
    switch (screen) {
      case 'cost': return await costView(main, period);
      case 'map': return await valueStreamMap(main, period);
      case 'step': return await stepDetail(main, period, decodeURIComponent(argument ?? ''));
      case 'pareto': return await paretoView(main, period);
      case 'spikes': return await spikesView(main, period);
      case 'countermeasures': return await countermeasuresView(main, params);
      case 'contacts': return await contactsView(main, period, params);
      case 'review': return await reviewView(main, params, period);
      case 'studies': return await studiesView(main, period, argument);
      case 'discover': return await discoverView(main, period, argument, params.has('theme') ? Number(params.get('theme')) : undefined);
      case 'alerts': return await alertsView(main);
      default: return await overview(main, period);
    }
  } catch (error) {
    if (ticket === routing) main.appendChild(errorBox(error));
  }
}

async function start(): Promise<void> {
  app.replaceChildren(el('p', { class: 'loading' }, 'Loading…'));
  const { key, reason } = await resolveKey();
  if (!key) return askForKey(reason);
  useApiKey(key);
  try {
    hasData = await findPeriodEnd();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return; // whenUnauthorised asks for a key
    app.replaceChildren(errorBox(error));
    return;
  }
  renderPeriodControl();
  await route();
}

whenUnauthorised((error) => {
  localStorage.removeItem(STORED_KEY);
  askForKey(`The API refused the key: ${error.message}`);
});
document.getElementById('key-button')!.addEventListener('click', () => {
  localStorage.removeItem(STORED_KEY);
  askForKey();
});
window.addEventListener('hashchange', () => void route());
void start();
