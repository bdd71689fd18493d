import type { Page } from 'playwright-core';
import { ImpactResponse } from '@frictionlens/contracts';
import type { NewClassification } from '@frictionlens/persistence';
import { aStoredContact } from '../factories/classifications.js';
import { mondayThisWeek, openDashboard, type DashboardSession } from './dashboard-session.js';

interface WeekRow {
  period: string;
  failureContacts: number;
  valueContacts: number;
  failureDemandRatio: number | null;
}

// The dashboard in a real Chromium against the API app on a known data set: two value streams,
// three steps, contacts over the four weeks before this one (so they fall in the dashboard's
// period), two the classifier was unsure of, and a countermeasure. The page must show what the
// API returns, drill into a step, and change a contact's category through the API.
describe('the web dashboard in Chromium', () => {
  let session: DashboardSession;
  let page: Page;

  const DAY = 86_400_000;
  const thisMonday = mondayThisWeek();
  const weekStart = (weeksAgo: number) => new Date(thisMonday - weeksAgo * 7 * DAY).toISOString().slice(0, 10);
  // [weeks ago, card_arrival, charged_twice, upgrade]: card arrival falls after the countermeasure two weeks ago.
  const weeks: Array<[number, number, number, number]> = [
    [4, 4, 1, 2],
    [3, 3, 0, 2],
    [2, 2, 2, 3],
    [1, 1, 0, 3],
  ];
  const unsure = [
    { text: 'I think I paid two times for one coffee, can you look?', top: [{ category: 'charged_twice', probability: 0.34 }, { category: 'card_arrival', probability: 0.21 }] },
    { text: 'Still nothing in the post after three weeks. Write to [EMAIL].', top: [{ category: 'card_arrival', probability: 0.38 }, { category: 'upgrade', probability: 0.1 }] },
  ];

  const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;

  beforeAll(async () => {
    session = await openDashboard({ viewport: { width: 1400, height: 1000 } });
    page = session.page;

    // The model through the API, as an operator would set it up.
    const taxonomyVersion = await session.setUpModel({
      categories: [
        // Failure types from the starter typology (the document gives none of its own).
        { key: 'card_arrival', name: 'Card arrival', demandType: 'failure', failureType: 'progress-chasing', step: 'delivery' },
        { key: 'charged_twice', name: 'Charged twice', demandType: 'failure', failureType: 'done-wrong', step: 'billing' },
        { key: 'upgrade', name: 'Upgrade', demandType: 'value' },
      ],
      valueStreams: [
        { key: 'cards', name: 'Card issuing', steps: [{ key: 'ordering', name: 'Card ordering', order: 1 }, { key: 'delivery', name: 'Card delivery', order: 2, unitName: 'cards shipped', targetCompleteAccurate: 0.99 }] },
        { key: 'payments', name: 'Card payments', steps: [{ key: 'billing', name: 'Billing', order: 1 }] },
      ],
    });
    await session.putDailyVolumes('delivery', 200);
    await session.post('/v1/countermeasures', { step: 'delivery', categories: ['card_arrival'], title: 'Tracking link with every card', startedOn: weekStart(2), status: 'in-progress' });

    // Contacts and what a model made of them (the classifier service is not part of this app).
    const classifications: NewClassification[] = [];
    const channels = ['email', 'chat', 'phone'];
    let n = 0;
    const contact = async (weeksAgo: number, text: string, kind: 'ticket' | 'complaint' = 'ticket') => {
      n += 1;
      return aStoredContact(session.db, { kind, occurredAt: new Date(thisMonday - weeksAgo * 7 * DAY + DAY + n * 60_000).toISOString(), channel: channels[n % 3], text });
    };
    const classified = (contactId: string, category: string, demandType: 'failure' | 'value'): NewClassification => ({
      contactId, categoryKey: category, demandType, confidence: 0.9, top: [{ category, probability: 0.9 }],
      explanation: { decidedBy: 'model', terms: [{ term: category === 'upgrade' ? 'upgrade' : 'card', weight: 1.2 }] }, sentiment: 0, effortCues: [],
    });
    for (const [weeksAgo, arrivals, doubles, upgrades] of weeks) {
      for (let i = 0; i < arrivals; i++) classifications.push(classified(await contact(weeksAgo, `My card has not arrived yet (${weeksAgo}/${i})`), 'card_arrival', 'failure'));
      for (let i = 0; i < doubles; i++) classifications.push(classified(await contact(weeksAgo, `I was charged twice (${weeksAgo}/${i})`, 'complaint'), 'charged_twice', 'failure'));
      for (let i = 0; i < upgrades; i++) classifications.push(classified(await contact(weeksAgo, `How do I upgrade to premium? (${weeksAgo}/${i})`), 'upgrade', 'value'));
    }
    for (const { text, top } of unsure) {
      classifications.push({ contactId: await contact(1, text), categoryKey: 'unclassified', demandType: null, confidence: top[0]!.probability, top, explanation: { decidedBy: 'model', terms: [{ term: 'two times', weight: 0.4 }] }, sentiment: 0, effortCues: [] });
    }
    await session.storeClassifications(taxonomyVersion, classifications);
  });

  afterAll(() => session?.close());

  it('asks for an API key on a DATABASE_URL install, then shows the overview with the figures the API returns', async () => {
    await session.openKeyForm();
    expect(await page.textContent('.key-form')).toContain('own PostgreSQL (DATABASE_URL)');
    await session.enterKey();
    await page.waitForSelector('#headline-ratio .big');
    await page.waitForLoadState('networkidle');

    const { from, to } = await session.shownPeriod();
    expect(to).toBe(weekStart(0)); // the weeks up to this one, which has no data yet
    const weekly = await session.call<{ rows: WeekRow[] }>(`/v1/metrics/failure-demand?interval=week&from=${from}&to=${to}`);
    const failure = weekly.rows.reduce((sum, r) => sum + r.failureContacts, 0);
    const value = weekly.rows.reduce((sum, r) => sum + r.valueContacts, 0);
    expect(failure).toBe(13); // the seeded data, as a check on the check
    expect(await page.textContent('#headline-ratio .big')).toBe(pct(failure / (failure + value)));
    const shown = weekly.rows.filter((r) => r.failureDemandRatio !== null);
    expect(shown).toHaveLength(4);
    for (const row of shown) {
      expect((await page.textContent(`#weekly-figures tr[data-period="${row.period}"] .ratio`))?.trim()).toBe(pct(row.failureDemandRatio!));
    }
    expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(4);
    expect(await page.textContent('.top-steps')).toContain('Card delivery');
    await session.screenshot('dashboard-overview');
    session.expectNoPageErrors();
  });

  it('draws the value-stream map from the API and drills into a step on a click', async () => {
    await session.openScreen('map');
    const box = page.locator('[data-step="delivery"]');
    await box.waitFor();
    const { from, to } = await session.shownPeriod();
    const steps = await session.call<{ rows: Array<{ step: string; failureContacts: number; observedCompleteAccurate: number }> }>(`/v1/metrics/steps?from=${from}&to=${to}`);
    const delivery = steps.rows.find((r) => r.step === 'delivery')!;
    expect(delivery.failureContacts).toBe(10);
    const text = await box.textContent();
    expect(text).toContain(pct(delivery.observedCompleteAccurate, 2));
    expect(text).toContain('10 failure contacts');
    const order: Array<string | null> = [];
    for (const step of await page.locator('ol.steps').first().locator('[data-step]').all()) order.push(await step.getAttribute('data-step'));
    expect(order).toEqual(['ordering', 'delivery']);
    await session.screenshot('dashboard-map');

    await box.click();
    await page.waitForSelector('#step-title');
    expect(page.url()).toMatch(/#\/step\/delivery$/);
    expect(await page.textContent('#step-title')).toBe('Card delivery');
    await page.waitForSelector('article.contact');
    await page.waitForLoadState('networkidle');
    expect(await page.locator('article.contact .category').first().getAttribute('data-category')).toBe('card_arrival');
    expect(await page.textContent('.screen-step')).toContain('Tracking link with every card');
    // Its repeat rate, distinct customers and the versions counted with, as the API gives them.
    const withCustomers = await session.call<{ rows: Array<{ step: string; failureCustomers: number; repeatContacts: number; contacts: number }>; reflects: { taxonomyVersion: number; valueStreamVersion: number } }>(
      `/v1/metrics/steps?from=${from}&to=${to}&customers=true`,
    );
    const deliveryCustomers = withCustomers.rows.find((r) => r.step === 'delivery')!;
    await page.waitForFunction("document.querySelector('#step-failure-customers')?.textContent.includes('from')", undefined, { timeout: 10_000 });
    const screen = await page.textContent('.screen-step');
    expect(screen).toContain(`from ${deliveryCustomers.failureCustomers} customers`);
    expect(screen).toContain(`${deliveryCustomers.repeatContacts} of ${deliveryCustomers.contacts} contacts`);
    // A repeat rate of 0 of 10 contacts (Wilson 0–27.8%) is too wide to act on: greyed out, and says why.
    expect(deliveryCustomers.contacts).toBe(10);
    const repeatFigure = page.locator('.figure', { has: page.locator('.label', { hasText: 'Repeat contacts' }) });
    expect(await repeatFigure.getAttribute('class')).toContain('uncertain');
    expect(await repeatFigure.getAttribute('title')).toMatch(/too wide to act on/);
    expect(screen).toContain(`Counted with taxonomy version ${withCustomers.reflects.taxonomyVersion}, value-stream map version ${withCustomers.reflects.valueStreamVersion}`);
    expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(3);
    // Its failure-type mix and the hint, as the API gives them: all card arrivals, progress chasing.
    const mix = steps.rows.find((r) => r.step === 'delivery') as unknown as { failureTypes: Array<{ failureType: string; share: number; shareLow: number }>; hint: string };
    expect(mix.failureTypes.map((t) => [t.failureType, t.share])).toEqual([['progress-chasing', 1]]);
    expect(await page.textContent('#failure-type-hint')).toBe(`Mostly progress chasing: ${mix.hint}.`);
    expect(mix.hint).toBe("look at the step's lead time");
    expect((await page.textContent('#failure-type-mix tr[data-failure-type="progress-chasing"] .share'))?.trim()).toBe(pct(1));
    expect(await page.textContent('#failure-type-mix tr[data-failure-type="progress-chasing"]')).toContain(`95% CI ${(mix.failureTypes[0]!.shareLow * 100).toFixed(1)}–100.0%`);
    await session.screenshot('dashboard-step');
    session.expectNoPageErrors();
  });

  it('corrects a contact in the review queue, and the API then counts it in the new category', async () => {
    await session.openScreen('review');
    const card = page.locator('article.review').first();
    await card.waitFor();
    const contactId = (await card.getAttribute('data-contact-id'))!;
    const queued = await session.call<{ items: Array<{ contactId: string }> }>('/v1/review-queue');
    expect(queued.items.map((i) => i.contactId)).toContain(contactId);

    await card.locator('select.correction').selectOption('upgrade');
    await card.locator('button.correct').click();
    await card.locator('.saved').waitFor();
    expect(await card.locator('.saved').textContent()).toContain('Labelled Upgrade');

    const { from, to } = await session.shownPeriod();
    const upgrades = await session.call<{ rows: Array<{ contactId: string; category: string; labelled: boolean }> }>(`/v1/contacts?category=upgrade&from=${from}&to=${to}&limit=200`);
    expect(upgrades.rows.find((r) => r.contactId === contactId)).toMatchObject({ category: 'upgrade', labelled: true });
    const after = await session.call<{ items: Array<{ contactId: string }> }>('/v1/review-queue');
    expect(after.items.map((i) => i.contactId)).not.toContain(contactId);
    await session.screenshot('dashboard-review');
    session.expectNoPageErrors();
  });

  it('marks a contact not for here with the n key, keeping the category chosen beside it', async () => {
    const next = page.locator('article.review:not(.done)').first();
    await next.waitFor();
    const contactId = (await next.getAttribute('data-contact-id'))!;
    const card = page.locator(`article.review[data-contact-id="${contactId}"]`);
    // The model left it unclassified: there is no category to keep, so the page asks for one first.
    await page.keyboard.press('n');
    await card.locator('.outcome .error').waitFor();
    expect(await card.locator('.outcome .error').textContent()).toContain('choose the category it belongs to');
    expect(await page.evaluate('document.activeElement?.className')).toBe('correction');

    await card.locator('select.correction').selectOption('card_arrival');
    await page.evaluate('document.activeElement.blur()');
    await page.keyboard.press('n');
    await card.locator('.saved').waitFor();
    expect(await card.locator('.saved').textContent()).toContain('Labelled Card arrival, not for here');
    expect(await card.getAttribute('data-not-for-here')).toBe('true');
    const { rows } = await session.db.query('SELECT category_key, not_for_here, reviewer FROM contact_labels WHERE contact_id = $1', [contactId]);
    expect(rows).toEqual([{ category_key: 'card_arrival', not_for_here: true, reviewer: 'dashboard' }]);
    await session.screenshot('dashboard-review-not-for-here');
    session.expectNoPageErrors();
  });

  it('shows a countermeasure with the verdict and rate ratio the API gives', async () => {
    await session.openScreen('countermeasures');
    await page.waitForSelector('[data-verdict]');
    await page.waitForLoadState('networkidle');
    const [countermeasure] = await session.call<Array<{ id: number }>>('/v1/countermeasures');
    const impact = ImpactResponse.parse(await session.call(`/v1/metrics/countermeasures/${countermeasure!.id}/impact`));
    expect(await page.textContent('[data-verdict]')).toBe(impact.verdict);
    expect(await page.textContent('.impact')).toContain(`rate ratio ${impact.rateRatio!.toFixed(2)}`);
    // The step has volumes in both windows, so the API compares per 1,000 units handled and the card says so (it once read "per week").
    expect(impact.basis).toBe('units');
    expect(await page.textContent('.impact')).toContain('per 1,000 units handled');
    expect(await page.textContent('.impact')).not.toContain('per week');
    expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(1);
    await session.screenshot('dashboard-countermeasures');
    session.expectNoPageErrors();
  });

  it("shows the API's message when a request fails, and asks for another key when the key is refused", async () => {
    await page.goto(`${session.url}/#/step/no-such-step`);
    await page.waitForSelector('.panel .error');
    await page.waitForLoadState('networkidle');
    expect(await page.textContent('.panel .error')).toMatch(/^Could not load: 400 Bad Request: .*no-such-step/);

    await page.evaluate(`localStorage.setItem('frictionlens.apiKey', 'fl_000000000000_${'x'.repeat(43)}')`);
    await page.goto(`${session.url}/#/overview`);
    await page.reload(); // a new hash alone does not load the page again
    await page.waitForSelector('.key-form .error');
    expect(await page.textContent('.key-form .error')).toContain('the API key is not valid, or it was revoked');
    await session.screenshot('dashboard-key-refused');
  });
});
