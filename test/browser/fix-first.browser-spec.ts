import type { Page } from 'playwright-core';
import type { NewClassification } from '@frictionlens/persistence';
import { aStoredContact } from '../factories/classifications.js';
import { mondayThisWeek, openDashboard, type DashboardSession } from './dashboard-session.js';

// The overview's "Fix first" panel, the Cost screen and the %C&A display in Chromium. Over the four
// weeks before this one, card delivery has 6 e-mails a week (GBP 2 each) and one chat (no handling
// cost); payment authorisation has 2 calls a week (GBP 8 each): fewer contacts, more money, so it
// must rank first. Both steps handle millions of units a day, where %C&A reads 99.99…% for both.
describe('fix first, cost and %C&A in Chromium', () => {
  let session: DashboardSession;
  let page: Page;

  const DAY = 86_400_000;
  const thisMonday = mondayThisWeek();

  beforeAll(async () => {
    session = await openDashboard({ viewport: { width: 1440, height: 1000 } });
    page = session.page;
    const taxonomyVersion = await session.setUpModel({
      valueStreams: [
        { key: 'cards', name: 'Card issuing', steps: [{ key: 'card-production-delivery', name: 'Card production & delivery', order: 1 }] },
        { key: 'payments', name: 'Card payments', steps: [{ key: 'payment-authorisation', name: 'Payment authorisation', order: 1 }] },
      ],
      categories: [
        { key: 'card_arrival', name: 'Card has not arrived', demandType: 'failure', failureType: 'progress-chasing', step: 'card-production-delivery' },
        { key: 'declined_payment', name: 'Card payment not recognised by the merchant terminal', demandType: 'failure', failureType: 'done-wrong', step: 'payment-authorisation' },
      ],
      handlingCosts: [{ channel: 'email', costPerContact: 2, currency: 'GBP' }, { channel: 'phone', costPerContact: 8, currency: 'GBP' }],
    });
    await session.putDailyVolumes('card-production-delivery', 1_000_000);
    await session.putDailyVolumes('payment-authorisation', 2_000_000);

    const classifications: NewClassification[] = [];
    let n = 0;
    const contact = async (weeksAgo: number, channel: string, text: string, category: string, sure = 0.9) => {
      n += 1;
      const contactId = await aStoredContact(session.db, { occurredAt: new Date(thisMonday - weeksAgo * 7 * DAY + DAY + n * 60_000).toISOString(), channel, text });
      // The explanation as the classifier may record it, stop words and all.
      const terms = [{ term: 'my', weight: 1.4 }, { term: 'are', weight: 1.1 }, { term: 'new card', weight: 0.9 }, { term: 'an', weight: 0.5 }];
      if (category === 'unclassified') classifications.push({ contactId, categoryKey: 'unclassified', demandType: null, confidence: 0.3, top: [{ category: 'card_arrival', probability: 0.3 }], explanation: { decidedBy: 'model', terms }, sentiment: 0, effortCues: [] });
      else classifications.push({ contactId, categoryKey: category, demandType: 'failure', confidence: sure, top: [{ category, probability: sure }], explanation: { decidedBy: 'model', terms }, sentiment: 0, effortCues: [] });
    };
    for (let weeksAgo = 1; weeksAgo <= 4; weeksAgo++) {
      for (let i = 0; i < 6; i++) await contact(weeksAgo, 'email', `Where is my new card? (${weeksAgo}/${i})`, 'card_arrival');
      for (let i = 0; i < 2; i++) await contact(weeksAgo, 'phone', `The shop terminal refused my card twice (${weeksAgo}/${i})`, 'declined_payment');
    }
    await contact(2, 'chat', 'Card still not here, chat please', 'card_arrival', 0.9996);
    // Two identical texts the classifier was unsure of, and one older than any period shown.
    await contact(1, 'email', 'Where is it??', 'unclassified');
    await contact(1, 'email', 'where is  it??', 'unclassified');
    await contact(60, 'email', 'An old question nobody reviewed', 'unclassified');
    await session.storeClassifications(taxonomyVersion, classifications);

    await session.rememberKey();
    await page.goto(`${session.url}/#/overview`);
  });

  afterAll(() => session?.close());

  const gbp = (x: number) => Number(x >= 1000 ? x.toPrecision(3) : Math.round(x)).toLocaleString('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });

  it('ranks steps by what their failure demand costs a year, in money, at the top of the overview', async () => {
    await page.waitForSelector('#fix-first-list li');
    await page.waitForLoadState('networkidle');
    // It is the first panel of the overview, and says so in its heading.
    expect(await page.locator('main .panel h2').first().textContent()).toMatch(/^Fix first/);
    const { from, to } = await session.shownPeriod();
    const cost = await session.call<{ rows: Array<{ step: string | null; costPerYear: number; failureContacts: number }> }>(`/v1/metrics/cost?by=step&from=${from}&to=${to}`);
    expect(cost.rows.map((r) => r.step)).toEqual(['payment-authorisation', 'card-production-delivery']); // 8 calls at 8 > 24 e-mails at 2
    const items = page.locator('#fix-first-list > li');
    expect(await items.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-step')))).toEqual(['payment-authorisation', 'card-production-delivery']);
    const first = (await items.nth(0).locator('.fix-first-line').textContent())!;
    expect(first).toContain('Payment authorisation: failure demand costs about');
    expect(first).toContain(`${gbp(cost.rows[0]!.costPerYear)} a year`);
    expect(first).toMatch(/mostly done wrong \(100%\) → look at its %C&A/i);
    const second = (await items.nth(1).locator('.fix-first-line').textContent())!;
    expect(second).toContain('Card production & delivery: failure demand costs about');
    expect(second).toMatch(/look at its lead time/);
    // The chat contact has no handling cost: the panel says so and how to add one.
    expect(await page.textContent('#missing-costs')).toMatch(/chat.*PUT \/v1\/handling-costs/s);
    expect(await page.textContent('#fix-first-total')).toMatch(/£[\d,]+ a year/);
    await session.screenshot('fix-first-overview');

    // One level down: the step's categories by cost.
    await items.nth(0).getByRole('button', { name: 'Which categories' }).click();
    await expect_text(items.nth(0).locator('.fix-first-categories li'), 'Card payment not recognised by the merchant terminal: about £');
    // The customers' own words are one click away.
    await items.nth(1).locator('a.words').click();
    await page.waitForSelector('.contact');
    expect(await page.textContent('main')).toContain('Where is my new card?');
    expect(await page.textContent('main')).not.toContain('terminal refused');
    session.expectNoPageErrors();
  });

  it('shows the Cost screen: steps, categories and channels by cost a year, and the weekly cost by step, category or channel', async () => {
    await session.openScreen('cost');
    await page.waitForSelector('#cost-by-channel tr[data-channel="chat"]');
    await page.waitForLoadState('networkidle');
    expect(await page.textContent('#cost-total')).toMatch(/costs about £[\d,]+ a year/);
    expect(await page.textContent('#cost-by-channel tr[data-channel="chat"]')).toContain('no handling cost');
    expect(await page.locator('#cost-by-step tbody tr').first().textContent()).toContain('Payment authorisation');
    expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(1);
    // Cost per week by step, category or channel: each series' weeks add up to its cost in the period
    // (8 calls at 8 = 64; 24 e-mails at 2 = 48, the chat has no handling cost).
    const overTime = page.locator('.chart[data-over-time]');
    const drawn = async (by: string) => {
      if (by !== 'step') await page.selectOption('#cost-over-time-by', by);
      await page.waitForSelector(`.chart[data-over-time="${by}"]`);
      return JSON.parse((await overTime.getAttribute('data-series'))!) as Array<{ name: string; total: number }>;
    };
    expect(await drawn('step')).toEqual([{ name: 'Payment authorisation', total: 64 }, { name: 'Card production & delivery', total: 48 }]);
    const { from, to } = await session.shownPeriod();
    const byStep = await session.call<{ series: Array<{ step: string; cost: number }> }>(`/v1/metrics/cost?by=step&interval=week&from=${from}&to=${to}`);
    expect(byStep.series.filter((p) => p.step === 'payment-authorisation').reduce((sum, p) => sum + p.cost, 0)).toBe(64);
    expect(await drawn('category')).toEqual([{ name: 'Card payment not recognised by the merchant terminal', total: 64 }, { name: 'Card has not arrived', total: 48 }]);
    expect(await drawn('channel')).toEqual([{ name: 'phone', total: 64 }, { name: 'email', total: 48 }]);
    await page.selectOption('#cost-over-time-by', 'step');
    await page.waitForSelector('.chart[data-over-time="step"]');
    await session.screenshot('cost-screen');
    session.expectNoPageErrors();
  });

  it('draws the six most costly categories of the period and the rest as one series, other', async () => {
    // Seven more categories costing 1 to 7 in the first week, added to the API's answer.
    await page.route(/\/v1\/metrics\/cost\?.*by=category/, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { series: Array<Record<string, unknown>> };
      const first = body.series[0]!;
      for (let i = 1; i <= 7; i++) body.series.push({ ...first, category: `extra_${i}`, cost: i, failureContacts: i });
      await route.fulfill({ response, json: body });
    });
    try {
      await page.goto(`${session.url}/#/overview`);
      await session.openScreen('cost');
      await page.waitForSelector('#cost-over-time-by');
      await page.selectOption('#cost-over-time-by', 'category');
      await page.waitForSelector('.chart[data-over-time="category"]');
      expect(JSON.parse((await page.getAttribute('.chart[data-over-time]', 'data-series'))!)).toEqual([
        { name: 'Card payment not recognised by the merchant terminal', total: 64 },
        { name: 'Card has not arrived', total: 48 },
        { name: 'extra_7', total: 7 },
        { name: 'extra_6', total: 6 },
        { name: 'extra_5', total: 5 },
        { name: 'extra_4', total: 4 },
        { name: 'other (3)', total: 6 },
      ]);
    } finally {
      await page.unroute(/\/v1\/metrics\/cost\?.*by=category/);
    }
    session.expectNoPageErrors();
  });

  it('tells steps apart on the map by failures per million units, and never shows %C&A with an interval that rounds to a point', async () => {
    await session.openScreen('map');
    await page.waitForSelector('[data-step="payment-authorisation"] .step-ppm');
    const { from, to } = await session.shownPeriod();
    const steps = await session.call<{ rows: Array<{ step: string; failuresPerMillionUnits: number; observedCompleteAccurate: number }> }>(`/v1/metrics/steps?from=${from}&to=${to}`);
    const ppm = Object.fromEntries(steps.rows.map((r) => [r.step, r.failuresPerMillionUnits]));
    // 25 failures in 28 million units and 8 in 56 million: both %C&A above 99.9998%
    expect(ppm['card-production-delivery']).toBeCloseTo((25 / 28e6) * 1e6, 4);
    expect(ppm['payment-authorisation']).toBeCloseTo((8 / 56e6) * 1e6, 4);
    expect(await page.textContent('[data-step="card-production-delivery"] .step-ppm')).toBe(`${ppm['card-production-delivery']!.toFixed(2)} failures per million units`);
    expect(await page.textContent('[data-step="payment-authorisation"] .step-ppm')).toBe(`${ppm['payment-authorisation']!.toFixed(2)} failures per million units`);
    const shown: string[] = [];
    for (const step of ['card-production-delivery', 'payment-authorisation']) {
      const ca = (await page.textContent(`[data-step="${step}"] .step-ca strong`))!;
      shown.push(ca);
      expect(ca).not.toBe('100.00%');
      const rangeText = (await page.textContent(`[data-step="${step}"] .step-ca-range`))!;
      expect(rangeText).toMatch(/^95% CI [\d.]+–[\d.]+%$/);
      const [, low, high] = /95% CI ([\d.]+)–([\d.]+)%/.exec(rangeText)!;
      expect(low).not.toBe(high);
      expect(Number(low)).toBeLessThan(Number(ca.replace('%', '')));
    }
    expect(shown[0]).not.toBe(shown[1]);
    await session.screenshot('map-per-million');
    await page.click('[data-step="payment-authorisation"]');
    await page.waitForSelector('#step-title');
    expect(await page.textContent('main')).toContain('Failures per million units');
    session.expectNoPageErrors();
  });

  it('rounds confidence honestly and leaves stop words out of the words that decided it', async () => {
    await page.goto(`${session.url}/#/contacts?channel=chat&demandType=failure`);
    const card = page.locator('.contact').first();
    await card.waitFor();
    expect(await card.locator('.confidence').textContent()).toBe('confidence > 99%');
    const terms = await card.locator('.terms .term').allTextContents();
    expect(terms).toEqual(['new card']);
    session.expectNoPageErrors();
  });

  it("asks the API for the review queue's contacts of the period only, identical texts as one card labelled in one click", async () => {
    const asked: string[] = [];
    const listen = (request: { url(): string }) => void (request.url().includes('/v1/review-queue') && asked.push(request.url()));
    page.on('request', listen);
    await page.goto(`${session.url}/#/review`);
    const card = page.locator('article.review').first();
    await card.waitFor();
    page.off('request', listen);
    const { from, to } = await session.shownPeriod();
    // One page, of the period: the API filters, the browser pages nothing.
    expect(asked.map((url) => Object.fromEntries(new URL(url).searchParams))).toEqual([{ limit: '50', from, to }]);
    expect(await page.locator('article.review').count()).toBe(1);
    expect(await card.getAttribute('data-contacts')).toBe('2');
    expect(await card.textContent()).toContain('2 identical contacts');
    expect(await page.locator('main').textContent()).not.toContain('An old question nobody reviewed');
    await card.locator('button.suggestion').click();
    await page.waitForSelector('article.review.done');
    const queue = await session.call<{ items: Array<{ text: string }> }>('/v1/review-queue?limit=50');
    expect(queue.items.map((i) => i.text)).toEqual(['An old question nobody reviewed']);
    session.expectNoPageErrors();
  });

  it('says how many rows the Pareto draws, with whole names', async () => {
    await page.goto(`${session.url}/#/pareto`);
    await page.waitForSelector('.pareto-summary');
    expect(await page.locator('.pareto-summary').last().textContent()).toContain('The chart shows all 2.');
    await session.screenshot('pareto');
  });

  async function expect_text(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
    await locator.first().waitFor();
    expect(await locator.first().textContent()).toContain(text);
  }
});
