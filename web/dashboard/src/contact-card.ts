import type { DrillDownContact, Explanation } from './api.js';
import { el } from './dom.js';
import { dateTime, pct } from './format.js';

/** The words that decided a classification, strongest first, as the classifier recorded them. */
export function decidingTerms(explanation: Explanation | null): HTMLElement | null {
  const terms = [...(explanation?.terms ?? [])].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, 8);
  if (!terms.length && !explanation?.rule) return null;
  return el(
    'div',
    { class: 'terms' },
    el('span', { class: 'muted' }, explanation?.rule ? `Decided by the rule "${explanation.rule}"` : 'Words that decided it: '),
    terms.map((t) => el('span', { class: `term ${t.weight < 0 ? 'against' : ''}`, title: `weight ${t.weight}` }, t.term)),
  );
}

export function topCategories(top: Array<{ category: string; probability: number }>, nameOf: (key: string) => string): HTMLElement | null {
  if (!top.length) return null;
  return el('div', { class: 'muted small' }, 'Likeliest: ', top.map((t, i) => [i ? ', ' : '', `${nameOf(t.category)} ${pct(t.probability, 0)}`]));
}

/** One contact of a drill-down: its redacted text, what it counts as, and why. */
export function contactCard(contact: DrillDownContact, nameOf: (key: string) => string): HTMLElement {
  return el(
    'article',
    { class: 'contact', 'data-contact-id': contact.contactId },
    el(
      'div',
      { class: 'contact-head' },
      el('span', { class: `badge ${contact.demandType}` }, contact.demandType),
      el('strong', { class: 'category', 'data-category': contact.category }, nameOf(contact.category)),
      contact.labelled ? el('span', { class: 'badge labelled' }, "reviewer's label") : contact.confidence !== null ? el('span', { class: 'muted' }, `confidence ${pct(contact.confidence, 0)}`) : null,
      el('span', { class: 'muted small right' }, `#${contact.contactId} · ${contact.kind.replace('_', ' ')} · ${contact.channel ?? 'no channel'} · ${dateTime(contact.occurredAt)}`),
    ),
    el('blockquote', { class: 'text' }, contact.text),
    decidingTerms(contact.explanation),
    contact.labelled ? null : topCategories(contact.top, nameOf),
  );
}
