import type { ClassificationExplanation, DrillDownContactResponse } from '@frictionlens/contracts';
import { el } from './dom.js';
import { confidence, dateTime } from './format.js';

/**
 * Words too common to explain anything ("an", "can", "my", "are"). The classifier's explanation
 * lists them when they carry weight in its features; shown to a person they read as noise, so a
 * term made only of these is left out here (the stored explanation keeps them).
 */
export const STOP_WORDS = new Set(
  ('a about after again all am an and any are as at be been before being both but by can could did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours out over own same she should so some such than that the their theirs them then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours yourself ' +
    "i'm i've it's don't can't cannot im ive dont cant pls please hi hello thanks thank")
    .split(' '),
);

/** True when every word of the term is a stop word. */
export function onlyStopWords(term: string): boolean {
  const words = term.toLowerCase().split(/[^\p{L}\p{N}']+/u).filter(Boolean);
  return words.length > 0 && words.every((w) => STOP_WORDS.has(w));
}

/** The words that decided a classification, strongest first, as the classifier recorded them, stop words left out. */
export function decidingTerms(explanation: ClassificationExplanation | null): HTMLElement | null {
  const terms = [...(explanation?.terms ?? [])].filter((t) => !onlyStopWords(t.term)).sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, 8);
  if (!terms.length && !explanation?.rule) return null;
  return el(
    'div',
    { class: 'terms' },
    el('span', { class: 'muted' }, explanation?.rule ? `Decided by the rule "${explanation.rule.phrase}"` : 'Words that decided it: '),
    terms.map((t) => el('span', { class: `term ${t.weight < 0 ? 'against' : ''}`, title: `weight ${t.weight}` }, t.term)),
  );
}

export function topCategories(top: Array<{ category: string; probability: number }>, nameOf: (key: string) => string): HTMLElement | null {
  if (!top.length) return null;
  return el('div', { class: 'muted small' }, 'Likeliest: ', top.map((t, i) => [i ? ', ' : '', `${nameOf(t.category)} ${confidence(t.probability)}`]));
}

/** One contact of a drill-down: its redacted text, what it counts as, and why. */
export function contactCard(contact: DrillDownContactResponse, nameOf: (key: string) => string): HTMLElement {
  return el(
    'article',
    { class: 'contact', 'data-contact-id': contact.contactId },
    el(
      'div',
      { class: 'contact-head' },
      el('span', { class: `badge ${contact.demandType}` }, contact.demandType),
      el('strong', { class: 'category', 'data-category': contact.category }, nameOf(contact.category)),
      contact.labelled ? el('span', { class: 'badge labelled' }, "reviewer's label") : contact.confidence !== null ? el('span', { class: 'muted confidence', title: 'The model\'s probability for this category, rounded honestly: never 100%' }, `confidence ${confidence(contact.confidence)}`) : null,
      el('span', { class: 'muted small right' }, `#${contact.contactId} · ${contact.kind.replace('_', ' ')} · ${contact.channel ?? 'no channel'} · ${dateTime(contact.occurredAt)}`),
    ),
    el('blockquote', { class: 'text' }, contact.text),
    decidingTerms(contact.explanation),
    contact.labelled ? null : topCategories(contact.top, nameOf),
  );
}
