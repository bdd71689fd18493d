import { api, ApiError, query } from '../api.js';
import type { AlertDeliveryResponse, AlertSubscriptionCreated, AlertSubscriptionResponse } from '@frictionlens/contracts';
import { el, errorBox, panel } from '../dom.js';
import { dateTime } from '../format.js';

// Alert settings (docs/alerts.md): subscriptions, the signing secret shown once, a test alert,
// and the delivery log. Everything from the API goes in as text.

const EVENTS: Array<[string, string]> = [
  ['spike', 'Spikes in failure demand'],
  ['emerging-theme', 'Emerging themes'],
  ['countermeasure-verdict', 'Countermeasure verdicts that change'],
  ['weekly-digest', 'Weekly digest'],
];
const KINDS: Array<[AlertSubscriptionResponse['kind'], string]> = [
  ['webhook', 'Webhook (JSON)'],
  ['slack', 'Slack incoming webhook'],
  ['teams', 'Microsoft Teams incoming webhook'],
  ['email', 'E-mail'],
];

/** The Alerts screen (#/alerts). */
export async function alertsView(main: HTMLElement, created?: AlertSubscriptionCreated): Promise<void> {
  let subscriptions: AlertSubscriptionResponse[] = [];
  const refresh = (justCreated?: AlertSubscriptionCreated) => {
    main.replaceChildren();
    void alertsView(main, justCreated);
  };
  await panel(main, 'New alert subscription', async (body) => {
    body.replaceChildren(...(created ? [secretNotice(created)] : []), subscriptionForm(refresh));
  });
  await panel(main, 'Alert subscriptions', async (body) => {
    subscriptions = await api<AlertSubscriptionResponse[]>('/v1/alerts/subscriptions');
    body.replaceChildren(subscriptions.length ? subscriptionTable(subscriptions, () => refresh()) : el('p', { class: 'muted', id: 'no-subscriptions' }, 'No subscriptions yet: add one above.'));
  });
  await panel(main, 'Delivery log', async (body) => {
    const deliveries = await api<AlertDeliveryResponse[]>(`/v1/alerts/deliveries${query({ limit: 100 })}`);
    const target = new Map(subscriptions.map((s) => [s.id, s.name ?? s.url ?? s.to ?? s.id]));
    body.replaceChildren(deliveries.length ? deliveryTable(deliveries, target) : el('p', { class: 'muted' }, 'Nothing sent yet.'));
  });
}

function subscriptionForm(refresh: (created?: AlertSubscriptionCreated) => void): HTMLFormElement {
  const kind = el('select', { id: 'alert-kind', name: 'kind' }, ...KINDS.map(([value, label]) => el('option', { value }, label)));
  const target = el('input', { id: 'alert-target', name: 'target', type: 'url', size: 50, required: true, placeholder: 'https://hooks.example.com/…' });
  const targetLabel = el('span', {}, 'URL');
  kind.addEventListener('change', () => {
    const email = kind.value === 'email';
    targetLabel.textContent = email ? 'Address' : 'URL';
    target.type = email ? 'email' : 'url';
    target.placeholder = email ? 'cx-team@example.com' : 'https://hooks.example.com/…';
  });
  const name = el('input', { id: 'alert-name', name: 'name', size: 30, placeholder: 'optional' });
  const events = EVENTS.map(([value, label]) => el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'events', value, checked: value === 'spike' }), ` ${label}`));
  const sensitivity = el('select', { id: 'alert-sensitivity', name: 'sensitivity' }, el('option', { value: 'low' }, 'Low: only large, clear spikes'), el('option', { value: 'medium', selected: true }, 'Medium'), el('option', { value: 'high' }, 'High: smaller spikes too'));
  const filter = (id: string, placeholder: string) => el('input', { id, size: 30, placeholder });
  const [streams, steps, categories] = [filter('alert-streams', 'value-stream keys, comma-separated'), filter('alert-steps', 'step keys'), filter('alert-categories', 'category keys')];
  const message = el('p', { class: 'error', role: 'alert', hidden: true });
  const form = el('form', { class: 'alert-form', id: 'alert-form' },
    el('p', {}, el('label', {}, 'Send to ', kind), ' ', el('label', {}, targetLabel, ' ', target)),
    el('p', {}, el('label', {}, 'Name ', name)),
    el('fieldset', {}, el('legend', {}, 'Tell me about'), ...events),
    el('p', {}, el('label', {}, 'Sensitivity ', sensitivity)),
    el('p', { class: 'muted small' }, 'Only these (leave empty for all): ', el('label', {}, 'value streams ', streams), ' ', el('label', {}, 'steps ', steps), ' ', el('label', {}, 'categories ', categories)),
    message,
    el('button', { type: 'submit' }, 'Subscribe'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const keys = (input: HTMLInputElement) => input.value.split(',').map((v) => v.trim()).filter(Boolean);
    const filters = Object.fromEntries(([['valueStream', keys(streams)], ['step', keys(steps)], ['category', keys(categories)]] as const).filter(([, v]) => v.length));
    const chosen = events.map((l) => l.querySelector('input')!).filter((i) => i.checked).map((i) => i.value);
    const body = { kind: kind.value, [kind.value === 'email' ? 'to' : 'url']: target.value.trim(), ...(name.value.trim() && { name: name.value.trim() }), events: chosen, sensitivity: sensitivity.value, filters };
    api<AlertSubscriptionCreated>('/v1/alerts/subscriptions', { method: 'POST', body }).then(
      (created) => refresh(created),
      (error: unknown) => {
        message.hidden = false;
        message.textContent = error instanceof ApiError ? error.message : String(error);
      },
    );
  });
  return form;
}

// The secret is in the creation answer only: shown here once, gone when the page changes.
function secretNotice(created: AlertSubscriptionCreated): HTMLElement {
  return el('div', { class: 'notice alert-secret', id: 'alert-secret', role: 'status' },
    el('strong', {}, `Subscribed${created.name ? ` "${created.name}"` : ''}. Copy the signing secret now: it is not shown again.`),
    el('p', {}, 'Secret: ', el('code', { id: 'alert-secret-value' }, created.secret)),
    el('p', { class: 'muted small' }, 'Receivers check x-frictionlens-signature with it (docs/alerts.md).'));
}

function subscriptionTable(subscriptions: AlertSubscriptionResponse[], refresh: () => void): HTMLElement {
  const status = el('p', { class: 'muted', id: 'alert-action-status', role: 'status' });
  const filters = (s: AlertSubscriptionResponse) => Object.entries(s.filters).map(([k, v]) => `${k}: ${(v ?? []).join(', ')}`).join('; ') || 'all';
  const row = (s: AlertSubscriptionResponse) => {
    const test = el('button', { type: 'button', class: 'alert-test' }, 'Send test');
    test.addEventListener('click', () => {
      test.disabled = true;
      api<{ deliveryId: string }>(`/v1/alerts/subscriptions/${encodeURIComponent(s.id)}/test`, { method: 'POST' }).then(
        () => {
          status.textContent = `Test alert queued for ${s.name ?? s.url ?? s.to}; see the delivery log.`;
          window.setTimeout(refresh, 1_500);
        },
        (error: unknown) => status.replaceChildren(errorBox(error)),
      );
    });
    const remove = el('button', { type: 'button', class: 'alert-delete' }, 'Delete');
    remove.addEventListener('click', () => {
      if (remove.dataset.confirm !== 'yes') {
        remove.dataset.confirm = 'yes';
        remove.textContent = 'Really delete?';
        return;
      }
      api<unknown>(`/v1/alerts/subscriptions/${encodeURIComponent(s.id)}`, { method: 'DELETE' }).then(refresh, (error: unknown) => status.replaceChildren(errorBox(error)));
    });
    return el('tr', { 'data-subscription': s.id },
      el('td', {}, s.name ?? ''),
      el('td', {}, KINDS.find(([k]) => k === s.kind)?.[1] ?? s.kind),
      el('td', { class: 'alert-target' }, s.url ?? s.to ?? ''),
      el('td', {}, s.events.join(', ')),
      el('td', {}, s.sensitivity),
      el('td', {}, filters(s)),
      el('td', {}, test, ' ', remove));
  };
  return el('div', {},
    el('table', { class: 'alert-subscriptions' },
      el('thead', {}, el('tr', {}, ...['Name', 'Sent to', 'Where', 'Events', 'Sensitivity', 'Filters', ''].map((h) => el('th', {}, h)))),
      el('tbody', {}, ...subscriptions.map(row))),
    status);
}

function deliveryTable(deliveries: AlertDeliveryResponse[], target: Map<string, string>): HTMLElement {
  const outcome = (d: AlertDeliveryResponse) =>
    d.status === 'delivered' ? `delivered${d.lastResponseStatus ? ` (HTTP ${d.lastResponseStatus})` : ''}` : d.status === 'failed' ? `failed: ${d.lastError ?? ''}` : d.attempts ? `retrying at ${dateTime(d.nextAttemptAt!)}: ${d.lastError ?? ''}` : 'waiting';
  return el('table', { class: 'alert-deliveries' },
    el('thead', {}, el('tr', {}, ...['Queued', 'To', 'Event', 'Alert', 'Status', 'Attempts'].map((h) => el('th', {}, h)))),
    el('tbody', {}, ...deliveries.map((d) =>
      el('tr', { 'data-delivery': d.id, class: `delivery-${d.status}` },
        el('td', {}, dateTime(d.createdAt)),
        el('td', {}, target.get(d.subscriptionId) ?? d.subscriptionId),
        el('td', {}, `${d.event}${d.alertStatus === 'info' ? '' : ` (${d.alertStatus})`}`),
        el('td', {}, d.title),
        el('td', { class: 'delivery-status' }, outcome(d)),
        el('td', {}, String(d.attempts))))));
}
