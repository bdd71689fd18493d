import type { Page } from 'playwright-core';
import { DiscoveryRepository, EmergingThemeRepository, TransactionRunner } from '@frictionlens/persistence';
import { EmergingThemes } from '../../apps/classifier/src/discovery/emerging-themes.js';
import { aStoredContact } from '../factories/classifications.js';
import { aProposedTheme } from '../factories/discovery-themes.js';
import { openDashboard, type DashboardSession } from './dashboard-session.js';

// The overview's "What changed" lists a raised emerging theme (issue #17 item 4) in a real
// Chromium, its figures and the customers' own words as text, linking to it on the Discover
// screen; once dismissed it is gone. The emerging run is stored as the classifier's runner stores
// one and judged by the classifier's EmergingThemes (no classifier runs here).
describe('emerging themes on the overview in Chromium', () => {
  const HOSTILE = 'Card declined abroad <img src=x onerror="window.__pwned=1"> at a shop in Spain';
  const DAY = 86_400_000;
  let session: DashboardSession;
  let page: Page;
  let runId: number;
  let raisedId: number;

  beforeAll(async () => {
    session = await openDashboard();
    page = session.page;
    const { dataSource } = session;
    const now = new Date();
    // Eight contacts of a new demand in the last week; ten of a steady one over five weeks.
    const ids: string[] = [];
    for (let n = 0; n < 18; n++) {
      const occurredAt = n < 8 ? new Date(now.getTime() - (n % 6) * DAY - 3_600_000) : new Date(now.getTime() - (n - 8) * 3.4 * DAY - 3_600_000);
      const text = n === 0 ? HOSTILE : n < 8 ? `my card was declined abroad again (${n})` : `how do I change my PIN (${n})`;
      ids.push(await aStoredContact(session.db, { occurredAt: occurredAt.toISOString(), text }));
    }
    // An emerging run as the schedule queues it and the runner completes it.
    runId = (await new EmergingThemeRepository(dataSource).enqueue({ scope: { unplaced: true }, parameters: { windowEnd: now.toISOString() }, createdAt: now }))!;
    const runs = new DiscoveryRepository(dataSource);
    expect((await runs.claimNext())?.id).toBe(runId);
    await runs.complete(runId, [aProposedTheme('card declined abroad', ids.slice(0, 8)), aProposedTheme('change pin', ids.slice(8))], {});
    const [assessment] = await new EmergingThemes(new TransactionRunner(dataSource), { everyMs: null }).assessFinished();
    expect(assessment!.raised).toHaveLength(1);
    raisedId = assessment!.raised[0]!;
  });

  afterAll(() => session?.close());

  const whatChanged = () => page.locator('section.panel', { has: page.locator('h2', { hasText: 'What changed' }) });

  it('lists the raised theme under "What changed" with its figures and the customers’ words as text, linking to it', async () => {
    await session.signIn();
    const item = whatChanged().locator('li.emerging');
    await item.waitFor();
    expect(await item.count()).toBe(1);
    expect(await item.getAttribute('data-theme-id')).toBe(String(raisedId));
    expect(await item.textContent()).toBe(`new theme ‘card declined abroad’, 8 contacts this week, none in the 28 days before — “${HOSTILE}”`);
    expect(await item.locator('a').getAttribute('title')).toMatch(/^8 contacts in the last 7 days against none in the 28 days before: new \(p < 0\.001\); growing$/);
    // The customer's words sit in an isolate of their own inside the sentence: direction controls
    // in them (an unclosed U+202E, say) cannot reorder the closing quote or the text around.
    expect(await item.locator('.words').evaluate((e) => [e.textContent, e.ownerDocument.defaultView!.getComputedStyle(e).unicodeBidi])).toEqual([HOSTILE, 'isolate']);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    await session.screenshot('dashboard-overview-emerging');

    await item.locator('a').click();
    await page.waitForFunction("location.hash.startsWith('#/discover/')");
    expect(await page.evaluate('location.hash')).toBe(`#/discover/${runId}?theme=${raisedId}`);
    const card = page.locator(`article.theme[data-theme-id="${raisedId}"]`);
    await card.waitFor();
    expect(await card.locator('.theme-name').textContent()).toBe('card declined abroad');
    session.expectNoPageErrors();
  });

  it('no longer lists it once dismissed', async () => {
    const response = await fetch(`${session.url}/v1/discoveries/${runId}/themes/${raisedId}/dismiss`, { method: 'POST', headers: { 'x-api-key': session.adminKey } });
    expect(response.status).toBe(200);
    await page.goto(`${session.url}/#/overview`);
    await whatChanged().locator('.panel-body :is(ul, p:not(.loading))').first().waitFor();
    expect(await whatChanged().locator('li.emerging').count()).toBe(0);
    expect(await whatChanged().textContent()).not.toContain('card declined abroad');
  });
});
