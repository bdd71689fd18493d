import { STUDY_FAILURE_TYPES } from '../../../../libs/domain/src/studies/study-failure-types.js';
import { api } from '../api.js';
import type { AgreementResponse, CategoryResponse, NextContactResponse, StudyCode, StudyResponse, StudySummaryResponse, ValueStreamResponse } from '@frictionlens/contracts';
import { decidingTerms } from '../contact-card.js';
import { el, errorBox, panel } from '../dom.js';
import { count, dateTime, day, decimal, pct, pctRange } from '../format.js';
import { categoryNames, forgetNames, stepNames, taxonomy, valueStreams } from '../names.js';
import type { Period } from '../period.js';

// Sample-and-listen studies (docs/studies.md): people read a random sample of contacts one at a
// time, in the customers' own words, and code each one; the study reports the share they found
// and how far the model agrees with them. Field names follow docs/studies.md.

/** The code being chosen, field by field: the body of PUT /v1/studies/{id}/contacts/{contactId} (the fields the answer's code echoes). */
type CodeDraft = Partial<Pick<StudyCode, 'demandType' | 'failureType' | 'notForHere' | 'step' | 'category'>>;

const typeName = (key: string) => key.charAt(0).toUpperCase() + key.slice(1).replaceAll('-', ' ');

/** `#/studies`: every study with its progress, and a form to draw a new one over the dashboard's period. */
export async function studiesView(main: HTMLElement, period: Period, argument: string | undefined): Promise<void> {
  if (argument) return studyScreen(main, Number(argument));
  await panel(main, 'Studies', async (body) => {
    const { rows } = await api<{ rows: StudySummaryResponse[] }>('/v1/studies');
    body.replaceChildren(
      el('p', { class: 'muted' }, 'Read a random sample of contacts in the customers’ own words and code each one: the share you find is the figure to trust, and the model learns from your codes.'),
      rows.length
        ? el('table', { class: 'studies' },
            el('thead', {}, el('tr', {}, ['Study', 'Period', 'Stratified by', 'Coded', 'Status'].map((h) => el('th', {}, h)))),
            el('tbody', {}, rows.map((s) => el('tr', { 'data-study': s.id },
              el('td', {}, el('a', { href: `#/studies/${s.id}` }, s.title)),
              el('td', {}, `${day(s.from)} – ${day(s.to)}`),
              el('td', {}, s.stratifyBy),
              el('td', {}, `${count(s.progress.coded)} of ${count(s.sampleSize)}`),
              el('td', {}, s.status)))))
        : el('p', {}, 'No study yet.'),
    );
  });
  await panel(main, 'New study', async (body) => body.replaceChildren(newStudyForm(period)));
}

function newStudyForm(period: Period): HTMLElement {
  const title = el('input', { id: 'study-title', required: true, size: 40, value: `Demand ${day(period.from)} – ${day(period.to)}` });
  const stratifyBy = el('select', { id: 'study-stratify' }, ['step', 'channel', 'period'].map((s) => el('option', { value: s }, s)));
  const margin = el('select', { id: 'study-margin' }, [0.05, 0.1, 0.15].map((m) => el('option', { value: m }, `±${m * 100} points`)));
  margin.value = '0.1';
  const size = el('input', { id: 'study-size', type: 'number', min: 1, max: 10000, placeholder: 'or a size', size: 8 });
  const blind = el('input', { id: 'study-blind', type: 'checkbox' });
  const outcome = el('div', { 'aria-live': 'polite' });
  const form = el('form', { class: 'study-form' },
    el('p', {}, el('label', {}, 'Title ', title)),
    el('p', {}, el('label', {}, 'Stratified by ', stratifyBy), ' ', el('label', {}, 'margin of error ', margin), ' ', el('label', {}, size)),
    el('p', {}, el('label', {}, blind, ' blind (coders do not see the model’s answer)')),
    el('p', { class: 'muted small' }, `Contacts of the period shown, ${day(period.from)} to ${day(period.to)}. Needs an admin key.`),
    el('button', { type: 'submit' }, 'Draw the sample'),
    outcome);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const sized = size.value ? { size: Number(size.value) } : { marginOfError: Number(margin.value) };
    api<{ id: number }>('/v1/studies', { method: 'POST', body: { title: title.value, from: period.from, to: period.to, stratifyBy: stratifyBy.value, blind: blind.checked, ...sized } })
      .then((study) => (location.hash = `#/studies/${study.id}`))
      .catch((error: unknown) => outcome.replaceChildren(errorBox(error)));
  });
  return form;
}

/** `#/studies/{id}`: one contact at a time, coded with the keyboard, and the results so far. */
async function studyScreen(main: HTMLElement, id: number): Promise<void> {
  const [study, stepName, categoryName, categories, streams] = await Promise.all([
    api<StudyResponse>(`/v1/studies/${id}`),
    stepNames(),
    categoryNames(),
    taxonomy().catch(() => new Map<string, CategoryResponse>()),
    valueStreams().catch(() => [] as ValueStreamResponse[]),
  ]);
  main.appendChild(el('p', { class: 'crumbs' }, el('a', { href: '#/studies' }, 'Studies'), ' › ', el('strong', { id: 'study-title' }, study.title)));
  const coding = el('section', { class: 'panel study-coding', id: 'study-coding' });
  const results = el('section', { class: 'panel study-results', id: 'study-results' });
  main.append(coding, results);
  const steps = streams.flatMap((s) => s.steps.map((step) => ({ key: step.key, name: step.name })));
  const sortedCategories = [...categories.values()].sort((a, b) => a.name.localeCompare(b.name));

  let code: CodeDraft = {};
  let current: NextContactResponse['contact'] = null;
  let saving = false;
  const showResults = (detail: StudyResponse) => results.replaceChildren(resultsOf(detail, stepName));
  showResults(study);

  const pressed = (on: boolean) => (on ? 'background:#1d5fa0;color:#fff;border-color:#1d5fa0' : '');
  const buttons = {
    failure: el('button', { type: 'button', 'data-code': 'failure' }, el('kbd', {}, 'f'), ' Failure'),
    value: el('button', { type: 'button', 'data-code': 'value' }, el('kbd', {}, 'v'), ' Value'),
    notForHere: el('button', { type: 'button', 'data-code': 'not-for-here' }, el('kbd', {}, 'n'), ' Not for here'),
  };
  const typeButtons = STUDY_FAILURE_TYPES.map((type, i) => el('button', { type: 'button', 'data-failure-type': type }, el('kbd', {}, String(i + 1)), ` ${typeName(type)}`));
  const stepSelect = el('select', { id: 'study-step', 'aria-label': 'Step' }, el('option', { value: '' }, 'step it began at…'), steps.map((s) => el('option', { value: s.key }, s.name)));
  const categorySelect = el('select', { id: 'study-category', 'aria-label': 'Category' }, el('option', { value: '' }, 'category (becomes a label)…'), sortedCategories.map((c) => el('option', { value: c.key }, c.name)));
  const save = el('button', { type: 'button', id: 'study-save' }, el('kbd', {}, 'Enter'), ' Save and next');
  const outcome = el('div', { class: 'outcome', 'aria-live': 'polite' });
  const card = el('div', {});

  const render = () => {
    buttons.failure.setAttribute('style', pressed(code.demandType === 'failure' && !code.notForHere));
    buttons.value.setAttribute('style', pressed(code.demandType === 'value'));
    buttons.notForHere.setAttribute('style', pressed(Boolean(code.notForHere)));
    typeButtons.forEach((b) => b.setAttribute('style', pressed(code.failureType === b.dataset.failureType)));
    typeButtons.forEach((b) => (b.disabled = code.demandType === 'value' || Boolean(code.notForHere)));
    stepSelect.value = code.step ?? '';
    categorySelect.value = code.category ?? '';
  };
  const choose = (change: CodeDraft) => {
    code = { ...code, ...change };
    if (change.demandType === 'value' || change.notForHere) code.failureType = undefined;
    if (change.demandType) code.notForHere = false;
    render();
  };
  buttons.failure.addEventListener('click', () => choose({ demandType: 'failure' }));
  buttons.value.addEventListener('click', () => choose({ demandType: 'value' }));
  buttons.notForHere.addEventListener('click', () => choose({ notForHere: true, demandType: undefined }));
  typeButtons.forEach((b) => b.addEventListener('click', () => choose({ demandType: 'failure', failureType: b.dataset.failureType })));
  stepSelect.addEventListener('change', () => (code.step = stepSelect.value || undefined));
  categorySelect.addEventListener('change', () => (code.category = categorySelect.value || undefined));

  const loadNext = async () => {
    const next = await api<NextContactResponse>(`/v1/studies/${id}/next`);
    current = next.contact;
    code = {};
    render();
    outcome.replaceChildren();
    const total = next.progress.coded + next.progress.remaining;
    if (!current) {
      coding.replaceChildren(el('h2', {}, 'Every contact is coded'), el('p', { id: 'study-done' }, `All ${count(total)} contacts of the sample are coded. The results are below.`));
      return;
    }
    card.replaceChildren(contactOf(current, categoryName));
    coding.replaceChildren(
      el('h2', {}, `Contact ${count(next.progress.coded + 1)} of ${count(total)}`, el('span', { class: 'muted small', id: 'study-progress', 'data-coded': next.progress.coded }, ` · ${count(next.progress.coded)} coded · stratum ${current.stratum}`)),
      card,
      el('div', { class: 'actions' }, buttons.failure, buttons.value, buttons.notForHere),
      el('div', { class: 'actions' }, el('span', { class: 'muted' }, 'Failure type: '), typeButtons),
      el('div', { class: 'actions' }, stepSelect, categorySelect, save),
      outcome,
      el('p', { class: 'muted small' }, 'Keys: f failure, v value, n not for here, 1–6 failure type, Enter saves and shows the next contact.'),
    );
  };
  const saveAndNext = async () => {
    if (!current || saving) return;
    if (!code.demandType && !code.notForHere && !code.category) {
      outcome.replaceChildren(el('p', { class: 'error', role: 'alert' }, 'Choose failure (f), value (v) or not for here (n) first.'));
      return;
    }
    saving = true;
    outcome.replaceChildren(el('span', { class: 'loading' }, 'Saving…'));
    try {
      // api.ts names GET and POST only; a PUT travels the same way.
      await api(`/v1/studies/${id}/contacts/${encodeURIComponent(current.contactId)}`, { method: 'PUT', body: { ...code, coder: 'dashboard' } });
      if (code.category) forgetNames();
      const [detail] = await Promise.all([api<StudyResponse>(`/v1/studies/${id}`), loadNext()]);
      showResults(detail);
    } catch (error) {
      outcome.replaceChildren(errorBox(error));
    } finally {
      saving = false;
    }
  };
  save.addEventListener('click', () => void saveAndNext());

  const digits = new Map(STUDY_FAILURE_TYPES.map((type, i) => [String(i + 1), type]));
  const onKey = (event: KeyboardEvent) => {
    // Gone when another screen replaced this one.
    if (!main.isConnected) return window.removeEventListener('keydown', onKey);
    const target = event.target as HTMLElement | null;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      void saveAndNext();
      return;
    }
    if (target?.tagName === 'SELECT') return;
    const key = event.key.toLowerCase();
    if (key === 'f') choose({ demandType: 'failure' });
    else if (key === 'v') choose({ demandType: 'value' });
    else if (key === 'n') choose({ notForHere: true, demandType: undefined });
    else if (digits.has(key) && !code.notForHere && code.demandType !== 'value') choose({ demandType: 'failure', failureType: digits.get(key) });
    else return;
    event.preventDefault();
  };
  window.addEventListener('keydown', onKey);
  try {
    await loadNext();
  } catch (error) {
    coding.replaceChildren(errorBox(error));
  }
}

function contactOf(contact: NonNullable<NextContactResponse['contact']>, categoryName: (key: string) => string): HTMLElement {
  const model = contact.model;
  return el('article', { class: 'contact study-contact', 'data-contact-id': contact.contactId, 'data-position': contact.position },
    el('div', { class: 'contact-head' },
      el('span', { class: 'muted small' }, `#${contact.contactId} · ${contact.kind.replace('_', ' ')} · ${contact.channel ?? 'no channel'} · ${dateTime(contact.occurredAt)}`)),
    el('blockquote', { class: 'text', style: 'font-size:1.15rem' }, contact.text),
    model
      ? el('div', { class: 'muted small model-said' },
          'The model said: ', el('strong', {}, model.category ? categoryName(model.category) : '–'),
          model.demandType ? ` (${model.demandType}` : ' (unclassified', model.confidence !== null ? `, ${pct(model.confidence, 0)})` : ')')
      : el('div', { class: 'muted small' }, 'Blind study: the model’s answer is hidden.'),
    model ? decidingTerms(model.explanation) : null,
  );
}

function agreementLine(label: string, figures: AgreementResponse, id: string): HTMLElement {
  return el('p', { id }, `${label}: `,
    figures.compared ? [el('strong', { class: 'accuracy' }, `accuracy ${pct(figures.accuracy, 0)}`), `, Cohen’s κ `, el('strong', { class: 'kappa' }, decimal(figures.kappa)), ` (${count(figures.compared)} compared)`] : el('span', { class: 'muted' }, 'nothing to compare yet'));
}

function resultsOf(study: StudyResponse, stepName: (key: string) => string): HTMLElement {
  const r = study.results;
  // '(none)' is the API's stratum for contacts without one: say what it holds.
  const stratumName = (key: string) =>
    key === '(none)'
      ? study.stratifyBy === 'step' ? 'No step (categories linked to no step, and unclassified contacts)' : study.stratifyBy === 'channel' ? 'No channel recorded' : 'None'
      : study.stratifyBy === 'step' ? stepName(key) : study.stratifyBy === 'period' ? day(key) : key;
  const complete = study.progress.remaining === 0 && r.coded >= study.sampleSize;
  const empty = r.strata.filter((s) => s.sampleSize === 0).length;
  return el('div', {},
    el('h2', { id: 'study-results-title' }, complete ? 'Results' : 'Results so far'),
    el('div', { class: 'grid headline' },
      el('div', { class: 'figure', id: 'study-share' },
        el('div', { class: 'label' }, `Failure demand as people coded it (${count(r.coded)} of ${count(study.sampleSize)} coded)`),
        el('div', { class: 'big' }, pct(r.failureShare)),
        el('div', { class: 'muted small interval' }, pctRange(r.failureShareLow, r.failureShareHigh))),
      el('div', { class: 'figure', id: 'study-model-share' },
        el('div', { class: 'label' }, 'What the model said of the same contacts'),
        el('div', { class: 'big' }, pct(r.modelFailureShare)),
        el('div', { class: 'muted small' }, pctRange(r.modelFailureShareLow, r.modelFailureShareHigh)))),
    agreementLine('Agreement with the model on failure or value', r.agreement.demandType, 'study-agreement'),
    agreementLine('on the category', r.agreement.category, 'study-category-agreement'),
    r.failureTypes.length
      ? el('p', { id: 'study-failure-types' }, 'Failure types: ', r.failureTypes.map((t, i) => [i ? ', ' : '', `${t.failureType ? typeName(t.failureType) : 'no type'} ${count(t.contacts)}`]))
      : null,
    el('table', { class: 'strata' },
      el('thead', {}, el('tr', {}, ['Stratum', 'Contacts', 'Sample', 'Coded', 'Failure share'].map((h) => el('th', {}, h)))),
      el('tbody', {}, r.strata.map((s) => el('tr', { 'data-stratum': s.stratum },
        el('td', {}, stratumName(s.stratum)), el('td', {}, count(s.population)), el('td', {}, count(s.sampleSize)), el('td', {}, count(s.coded)),
        el('td', {}, s.sampleSize === 0 ? el('span', { class: 'muted small' }, 'not sampled: too small a stratum') : [pct(s.failureShare), ' ', el('span', { class: 'muted small' }, pctRange(s.failureShareLow, s.failureShareHigh))]))))),
    empty
      ? el('p', { class: 'muted small', id: 'study-empty-strata' }, `${count(empty)} ${empty === 1 ? 'stratum has' : 'strata have'} a sample of 0: the sample is shared out in proportion to each stratum's contacts and rounded to whole contacts, so a small stratum can get none. Its contacts still count in the overall share's population, but nothing is known of its own share; draw a study of it alone (filter to it) to read it.`)
      : null,
    el('p', { class: 'muted small' }, `Margin of error ±${decimal(study.marginOfError * 100, 1)} points at 95% on ${count(study.population)} contacts. Export for a spreadsheet: `, el('code', {}, `GET /v1/studies/${study.id}/export?format=csv`)),
  );
}
