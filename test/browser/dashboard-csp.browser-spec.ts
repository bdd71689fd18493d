import type { Page } from 'playwright-core';
import type { NewClassification } from '@frictionlens/persistence';
import { aStoredContact } from '../factories/classifications.js';
import { pageErrors } from './chromium.js';
import { mondayThisWeek, openDashboard, type DashboardSession } from './dashboard-session.js';

// Issue #16 item 8: the dashboard works under the API's Content-Security-Policy (no violation
// reported), cannot be framed, and shows a category name an admin wrote as HTML as text, in its
// chart tooltip as on the page.
describe('the dashboard under its Content-Security-Policy', () => {
  const HOSTILE = '<img src=x onerror="window.__pwned=1">';
  let session: DashboardSession;
  let page: Page;

  beforeAll(async () => {
    session = await openDashboard({ viewport: { width: 1400, height: 1000 } });
    page = session.page;
    const taxonomyVersion = await session.setUpModel({
      categories: [
        { key: 'hostile', name: HOSTILE, demandType: 'failure', failureType: 'done-wrong', step: 'delivery' },
        { key: 'card_arrival', name: 'Card arrival', demandType: 'failure', failureType: 'progress-chasing', step: 'delivery' },
      ],
      valueStreams: [{ key: 'cards', name: 'Card issuing', steps: [{ key: 'delivery', name: 'Card delivery', order: 1 }] }],
    });
    const lastMonday = mondayThisWeek() - 7 * 86_400_000;
    const classifications: NewClassification[] = [];
    for (let n = 0; n < 6; n++) {
      const category = n < 4 ? 'hostile' : 'card_arrival';
      const contactId = await aStoredContact(session.db, { occurredAt: new Date(lastMonday + n * 3_600_000).toISOString(), text: `contact ${n}` });
      classifications.push({ contactId, categoryKey: category, demandType: 'failure', confidence: 0.9, top: [{ category, probability: 0.9 }], explanation: { decidedBy: 'model' }, sentiment: 0, effortCues: [] });
    }
    await session.storeClassifications(taxonomyVersion, classifications);
  });

  afterAll(() => session?.close());

  it('runs without a CSP violation and shows a category named in HTML as text, in the tooltip too', async () => {
    const response = await session.openKeyForm();
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await session.enterKey();
    await page.waitForSelector('#headline-ratio .big');

    await session.openScreen('pareto');
    const categories = page.locator('section.panel', { hasText: 'Pareto of categories' });
    await categories.locator('canvas').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await categories.locator('.panel-body > p').first().textContent()).toContain(HOSTILE);

    // The largest bar (the hostile category, 4 of 6) is the first: hover it for its tooltip.
    const box = (await categories.locator('.chart').boundingBox())!;
    let tooltip = '';
    for (let x = box.x + 60; x < box.x + box.width / 2 && !tooltip.includes('failure contacts'); x += 10) {
      await page.mouse.move(x, box.y + box.height / 2);
      await page.waitForTimeout(50);
      tooltip = (await categories.locator('.chart > div').last().textContent()) ?? '';
    }
    expect(tooltip).toContain(HOSTILE);
    expect(await categories.locator('.chart img').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    await session.screenshot('dashboard-csp-pareto');
    // A CSP violation is reported on the console as an error ("Refused to …").
    session.expectNoPageErrors();
  });

  it('serves a Swagger UI at /docs that renders under the same CSP', async () => {
    const docs = await session.browser.newPage();
    const docsErrors = pageErrors(docs);
    await docs.goto(`${session.url}/docs`);
    await docs.waitForSelector('.swagger-ui .opblock');
    expect(await docs.locator('.swagger-ui .opblock').count()).toBeGreaterThan(10);
    expect(docsErrors).toEqual([]);
    await docs.close();
  });

  it('is not shown in a frame of another page', async () => {
    const framing = await session.browser.newPage();
    const violations: string[] = [];
    framing.on('console', (message) => violations.push(message.text()));
    await framing.setContent(`<iframe id="f" src="${session.url}/"></iframe>`);
    await framing.waitForTimeout(1_000);
    const frame = framing.frames().find((f) => f !== framing.mainFrame());
    const title = await frame?.title().catch(() => '');
    expect(title).not.toBe('FrictionLens');
    expect(violations.join('\n')).toMatch(/frame-ancestors|X-Frame-Options|refused/i);
    await framing.close();
  });
});
