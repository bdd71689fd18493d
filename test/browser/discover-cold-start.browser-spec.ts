import type { Page } from 'playwright-core';
import { DiscoveryRepository } from '@frictionlens/persistence';
import { aStoredContact } from '../factories/classifications.js';
import { aFinishedRun, aProposedTheme } from '../factories/discovery-themes.js';
import { mondayThisWeek, openDashboard, type DashboardSession } from './dashboard-session.js';

interface ThemeBody {
  name: string;
  status: string;
  category: string | null;
}

// The Discover screen of a new install (issue #17 item 3): no taxonomy at all, so a run's themes
// come without suggestions and there is nothing to merge into. The cards say so once instead of
// five empty rows; after the first theme is accepted, the next one can be merged into it at once
// (no reload), with the keyboard.
describe('the Discover screen before the taxonomy has any category', () => {
  let session: DashboardSession;
  let page: Page;
  let runId: number;
  const contactIds: string[] = [];
  const texts = ['Where is my new card?', 'card still not delivered', 'no card in the post', 'has my card been sent', 'my card never came', 'still waiting on the card'];

  beforeAll(async () => {
    session = await openDashboard();
    page = session.page;
    const runs = new DiscoveryRepository(session.dataSource);
    const week = new Date(mondayThisWeek() - 7 * 86_400_000);
    for (const text of texts) contactIds.push(await aStoredContact(session.db, { occurredAt: week.toISOString(), text }));
    const none = { key: null, demandType: null, failureType: null, parent: null, nearestCategories: [], step: null };
    const theme = (name: string, members: number[]) =>
      aProposedTheme(name, members.map((n) => contactIds[n]!), { suggestions: none, weeklyTrend: [{ week: week.toISOString().slice(0, 10), count: members.length }] });
    runId = await aFinishedRun(runs, {}, texts.length, [theme('card where new', [0, 1, 2]), theme('card waiting never', [3, 4, 5])]);
  });

  afterAll(() => session?.close());

  it('says once that there is nothing to compare with, and offers no merge until a category exists', async () => {
    await session.signIn();
    await session.openScreen('discover');
    await page.waitForSelector('article.theme[data-status=proposed] >> nth=1');
    const cards = page.locator('article.theme');
    expect(await page.locator('dl.suggestions').count()).toBe(0);
    expect(await cards.first().locator('p.suggestions').textContent()).toMatch(/^No suggestions yet: there is no category to compare this theme with/);
    expect(await cards.first().locator('select.merge-into').isHidden()).toBe(true);
    // m still answers, with what to do instead.
    await page.keyboard.press('m');
    expect(await cards.first().locator('.outcome [role=alert]').textContent()).toMatch(/no category to merge into yet/);
    await session.screenshot('dashboard-discover-cold-start');
    session.expectNoPageErrors();
  });

  it('accepts the first theme, then merges the second into it without a reload', async () => {
    const first = page.locator('article.theme', { hasText: 'card where new' });
    await page.keyboard.press('a');
    const form = first.locator('form.accept-form');
    await form.waitFor();
    expect(await form.locator('select[name=parent] option').count()).toBe(1); // "none": nothing to go under yet
    await page.keyboard.type('card_not_arrived');
    await page.keyboard.press('Enter');
    await page.waitForSelector('article.theme.accepted .theme-category');

    const second = page.locator('article.theme', { hasText: 'card waiting never' });
    expect(await second.getAttribute('class')).toContain('selected');
    const into = second.locator('select.merge-into');
    expect(await into.isVisible()).toBe(true);
    expect(await into.locator('option').allTextContents()).toEqual(['card where new']);
    expect(await second.locator('button.merge').getAttribute('title')).toBe('');
    await page.keyboard.press('m');
    await page.waitForSelector('article.theme.merged .theme-category');
    expect(await page.textContent('article.theme.merged .theme-decision')).toMatch(/^Merged into card where new/);

    const run = await session.call<{ themes: ThemeBody[] }>(`/v1/discoveries/${runId}`);
    expect(run.themes.map((t) => [t.name, t.status, t.category]).sort()).toEqual([
      ['card waiting never', 'merged', 'card_not_arrived'],
      ['card where new', 'accepted', 'card_not_arrived'],
    ]);
    const { rows } = await session.db.query<{ n: string }>(`SELECT count(*) AS n FROM contact_labels WHERE category_key = 'card_not_arrived'`);
    expect(Number(rows[0]!.n)).toBe(texts.length);
    session.expectNoPageErrors();
  });
});
