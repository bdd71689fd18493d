import type { Page } from 'playwright-core';
import { aStoredContact, aTaxonomy } from '../factories/classifications.js';
import { openDashboard, type DashboardSession } from './dashboard-session.js';

// A fresh start: the page opens before the classifier has classified anything (npm start trains
// its model first). It must say so, and show the figures by itself once contacts are classified.
describe('the web dashboard before the first classification', () => {
  let session: DashboardSession;
  let page: Page;

  beforeAll(async () => {
    session = await openDashboard({ viewport: { width: 1280, height: 900 } });
    page = session.page;
  });

  afterAll(() => session?.close());

  it('says nothing is classified yet, then shows the ratio once the first contacts are', async () => {
    await session.rememberKey();
    await page.goto(session.url);
    await page.waitForSelector('#waiting-for-data');
    expect(await page.textContent('#headline-ratio .big')).toBe('–');

    const taxonomy = await aTaxonomy(session.db, [{ key: 'card_arrival' }, { key: 'upgrade', demandType: 'value' }]);
    const lastWeek = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const rows = [];
    for (const category of ['card_arrival', 'card_arrival', 'card_arrival', 'upgrade']) {
      const contactId = await aStoredContact(session.db, { occurredAt: lastWeek, text: 'text' });
      rows.push({ contactId, categoryKey: category, demandType: category === 'upgrade' ? ('value' as const) : ('failure' as const), confidence: 0.9, top: [], explanation: {}, sentiment: 0, effortCues: [] });
    }
    await session.storeClassifications(taxonomy, rows);

    await page.waitForSelector('#waiting-for-data', { state: 'detached', timeout: 15_000 });
    await page.waitForFunction("document.querySelector('#headline-ratio .big')?.textContent === '75.0%'", undefined, { timeout: 10_000 });
    await session.screenshot('dashboard-first-start');
    session.expectNoPageErrors();
  });
});
