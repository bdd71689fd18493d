import type { Page } from 'playwright-core';
import { discoveryScopeKey } from '@frictionlens/domain';
import { DiscoveryRepository } from '@frictionlens/persistence';
import { aStoredContact } from '../factories/classifications.js';
import { aFinishedRun, aProposedTheme } from '../factories/discovery-themes.js';
import { mondayThisWeek, openDashboard, type DashboardSession } from './dashboard-session.js';

interface ThemeBody {
  id: number;
  name: string;
  size: number;
  status: string;
  splitFrom: number | null;
  category: string | null;
  taxonomyVersion: number | null;
}
interface RunBody {
  id: number;
  status: string;
  themes: ThemeBody[];
}

// The Discover screen in a real Chromium (issue #17 item 2): a finished run's themes as cards
// (name, size, sparkline, suggestions, the customers' own words as text), one dismissed and one
// accepted with the keyboard alone; then a run started from the form, its progress followed and
// cancelled. The runs are stored through the classifier's repository (no classifier runs here).
describe('the Discover screen in Chromium', () => {
  const HOSTILE = 'My card <img src=x onerror="window.__pwned=1"> has still not arrived';
  let session: DashboardSession;
  let runs: DiscoveryRepository;
  let page: Page;
  let runId: number;
  let firstVersion: number;
  const contactIds: string[] = [];

  const DAY = 86_400_000;
  const thisMonday = mondayThisWeek();
  const weekIso = (weeksBack: number) => new Date(thisMonday - weeksBack * 7 * DAY).toISOString().slice(0, 10);

  const texts = [
    HOSTILE, 'Where is my new card? Ordered two weeks ago', 'card still not delivered', 'has my card been posted yet', 'no card in the post',
    'How do I change my PIN?', 'I want a new PIN number', 'change pin at the cash machine', 'forgot my pin, can I reset it',
    'what exchange rate do you use', 'exchange rate for euros \u202elooks wrong', 'rate applied to my dollar payment',
  ];
  const theme = (name: string, members: number[], suggestions: Record<string, unknown>, trend: number[]) =>
    aProposedTheme(name, members.map((n) => contactIds[n]!), { suggestions, weeklyTrend: trend.map((count, i) => ({ week: weekIso(trend.length - i), count })) });

  beforeAll(async () => {
    session = await openDashboard();
    page = session.page;
    runs = new DiscoveryRepository(session.dataSource);
    firstVersion = await session.setUpModel({
      categories: [{ key: 'card_arrival', name: 'Card arrival', demandType: 'failure', failureType: 'progress-chasing', step: 'delivery' }, { key: 'upgrade', name: 'Upgrade', demandType: 'value' }],
      valueStreams: [{ key: 'cards', name: 'Card issuing', steps: [{ key: 'delivery', name: 'Card delivery', order: 1 }] }],
    });
    // Raw contacts nobody has classified, over the last four weeks.
    for (const [n, text] of texts.entries()) {
      contactIds.push(await aStoredContact(session.db, { occurredAt: new Date(thisMonday - (1 + (n % 4)) * 7 * DAY + n * 3_600_000).toISOString(), text }));
    }
    // A finished run, stored as the classifier's runner stores one.
    const nearCard = { key: 'card_arrival', name: 'Card arrival', similarity: 0.81 };
    runId = await aFinishedRun(runs, { category: 'unclassified' }, texts.length, [
      theme('card still arrived', [0, 1, 2, 3, 4], { key: 'card_still', demandType: 'failure', failureType: 'progress-chasing', parent: null, nearestCategories: [nearCard], step: { key: 'delivery', weight: 1, through: 'card_arrival' } }, [1, 2, 0, 2]),
      theme('pin change', [5, 6, 7, 8], { key: 'pin_change', demandType: 'value', failureType: null, parent: null, nearestCategories: [{ key: 'upgrade', name: 'Upgrade', similarity: 0.31 }, { ...nearCard, similarity: 0.12 }], step: null }, [1, 1, 1, 1]),
      theme('exchange rate', [9, 10, 11], { key: 'exchange_rate', demandType: null, failureType: null, parent: null, nearestCategories: [], step: null }, [0, 0, 1, 2]),
    ]);
  });

  afterAll(() => session?.close());

  it('shows each theme with its size, trend, suggestions and the customers’ own words as text', async () => {
    await session.signIn();
    await session.openScreen('discover');
    await page.waitForSelector('article.theme[data-status=proposed] >> nth=2');

    const cards = page.locator('article.theme');
    expect(await cards.locator('.theme-name').allTextContents()).toEqual(['card still arrived', 'pin change', 'exchange rate']);
    expect(await cards.locator('.theme-size').allTextContents()).toEqual(['5 contacts', '4 contacts', '3 contacts']);
    // Four weeks: four points on the line, the counts read out in its label.
    const spark = cards.first().locator('svg.sparkline');
    expect((await spark.locator('polyline').getAttribute('points'))!.split(' ')).toHaveLength(4);
    expect(await spark.getAttribute('aria-label')).toMatch(/: 1, 2, 0, 2$/);
    const first = cards.first();
    expect(await first.locator('dl.suggestions').textContent()).toMatch(/Demand\s*failure.*Failure type\s*Progress chasing.*Step\s*Card delivery through Card arrival.*Nearest\s*Card arrival 0\.81/);
    expect(await first.locator('blockquote.text').allTextContents()).toEqual([HOSTILE, texts[1], texts[2]]);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    // A text with an unclosed right-to-left override (U+202E) is shown as written, isolated (block
    // elements are) and taking its direction from its own letters, as a right-to-left text would.
    const overridden = cards.nth(2).locator('blockquote.text').nth(1);
    expect(await overridden.textContent()).toBe(texts[10]);
    expect(await overridden.evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).unicodeBidi)).toBe('plaintext');
    // Nothing classified yet: Discover is where such an install starts, without the waiting notice.
    expect(await page.locator('#waiting-for-data').count()).toBe(0);
    expect(await page.textContent('#discover-status')).toContain('12 contacts');
    await session.screenshot('dashboard-discover');
    session.expectNoPageErrors();
  });

  it('dismisses one theme and accepts another as a new category with the keyboard alone', async () => {
    const pin = page.locator('article.theme', { hasText: 'pin change' });
    await page.keyboard.press('j');
    expect(await pin.getAttribute('class')).toContain('selected');
    await page.keyboard.press('d');
    await pin.waitFor({ state: 'detached' });
    expect(await page.locator('article.theme').count()).toBe(2);

    await page.keyboard.press('k'); // dismissing selected the next theme; back up to the first
    const card = page.locator('article.theme', { hasText: 'card still arrived' });
    expect(await card.getAttribute('class')).toContain('selected');
    await page.keyboard.press('a');
    const form = card.locator('form.accept-form');
    await form.waitFor();
    expect(await form.locator('input[name=key]').evaluate((input) => input === input.ownerDocument.activeElement)).toBe(true);
    expect(await form.locator('input[name=key]').inputValue()).toBe('card_still');
    expect(await form.locator('select[name=step]').inputValue()).toBe('delivery');
    // Every member is listed to confirm (GET …/members), nearest the centre first, each ticked.
    await form.locator('input[name=member]').nth(4).waitFor();
    expect(await form.locator('input[name=member]').evaluateAll((boxes) => boxes.map((b) => [(b as unknown as { value: string }).value, (b as unknown as { checked: boolean }).checked]))).toEqual(
      contactIds.slice(0, 5).map((id) => [id, true]),
    );
    expect(await form.locator('fieldset.members legend').textContent()).toContain('(5 of 5 shown)');
    await page.evaluate('window.scrollTo(0, 0)');
    await session.screenshot('dashboard-discover-accept');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('card_not_arrived');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Card not arrived');
    // The third example does not belong: untick it, then Enter (from the checkbox) confirms.
    await form.locator(`input[name=member][value="${contactIds[2]}"]`).uncheck();
    await page.keyboard.press('Enter');
    await page.waitForSelector('article.theme.accepted .theme-category');
    expect(await page.textContent('#themes-summary')).toBe('1 theme to decide, largest first; 1 dismissed (now or in an earlier run) not shown.');
    await page.evaluate('window.scrollTo(0, 0)'); // the sticky header would sit mid-page in a full-page shot
    await session.screenshot('dashboard-discover-decided');
    expect(await page.textContent('article.theme.accepted .theme-decision')).toMatch(/^Accepted as the new category Card not arrived \(taxonomy version \d+\)$/);

    const run = await session.call<RunBody>(`/v1/discoveries/${runId}`);
    const byName = new Map(run.themes.map((t) => [t.name, t]));
    expect(byName.get('pin change')?.status).toBe('dismissed');
    const accepted = byName.get('card still arrived')!;
    expect(accepted).toMatchObject({ status: 'accepted', category: 'card_not_arrived' });
    expect(accepted.taxonomyVersion).toBeGreaterThan(firstVersion);
    expect(byName.get('exchange rate')?.status).toBe('proposed');

    const taxonomy = await session.call<{ version: number; categories: Array<{ key: string; name: string; demandType: string; failureType: string | null }> }>('/v1/taxonomy');
    expect(taxonomy.version).toBe(accepted.taxonomyVersion);
    expect(taxonomy.categories.find((c) => c.key === 'card_not_arrived')).toMatchObject({ name: 'Card not arrived', demandType: 'failure', failureType: 'progress-chasing' });
    const streams = await session.call<Array<{ steps: Array<{ key: string; categories: Array<{ category: string }> }> }>>('/v1/value-streams');
    expect(streams[0]!.steps[0]!.categories.map((c) => c.category).sort()).toEqual(['card_arrival', 'card_not_arrived']);
    // The confirmed members (all but the unticked one) are labelled with the new category.
    const { rows } = await session.db.query<{ id: string }>(`SELECT contact_id::text AS id FROM contact_labels WHERE category_key = 'card_not_arrived' ORDER BY contact_id`);
    expect(rows.map((r) => r.id)).toEqual([0, 1, 3, 4].map((n) => contactIds[n]));
    session.expectNoPageErrors();
  });

  it('merges the theme left into the category chosen beside it with m', async () => {
    const card = page.locator('article.theme', { hasText: 'exchange rate' });
    expect(await card.getAttribute('class')).toContain('selected'); // the accept moved on to it
    await card.locator('select.merge-into').selectOption('upgrade');
    await card.focus(); // keys typed in the select stay the select's
    await page.keyboard.press('m');
    await page.waitForSelector('article.theme.merged');
    expect(await page.textContent('article.theme.merged .theme-decision')).toMatch(/^Merged into Upgrade \(taxonomy version \d+\)$/);
    expect((await session.call<RunBody>(`/v1/discoveries/${runId}`)).themes.find((t) => t.name === 'exchange rate')).toMatchObject({ status: 'merged', category: 'upgrade' });
    const { rows } = await session.db.query<{ id: string }>(`SELECT contact_id::text AS id FROM contact_labels WHERE category_key = 'upgrade' ORDER BY contact_id`);
    expect(rows.map((r) => r.id)).toEqual([9, 10, 11].map((n) => contactIds[n]));
    expect(await page.textContent('#themes-summary')).toMatch(/^0 themes to decide/);
    session.expectNoPageErrors();
  });

  it('starts a run from the form, shows its progress as the runner reports it, and cancels it', async () => {
    await page.selectOption('#discover-channel', 'email');
    await page.click('.discover-form button[type=submit]');
    await page.waitForSelector('#discover-status[data-status=queued]');
    const id = Number(/#\/discover\/(\d+)$/.exec(page.url())![1]);
    expect(id).toBeGreaterThan(runId);
    expect(await page.textContent('#discover-run h2')).toBe(`Run #${id}: all time · email`);

    // The classifier's side, by hand: claim the run and report a stage.
    expect((await runs.claimNext())?.id).toBe(id);
    await runs.describe(id, { encoder: 'lsa', encoderChecksum: 'lsa', modelVersionId: null, contactCount: 12 });
    await runs.progress(id, 'clustering', 3, 10);
    await page.waitForSelector('#discover-status[data-status=running]');
    expect(await page.textContent('#discover-status')).toContain('clustering 3 of 10');
    expect(await page.textContent(`table.discover-runs tr[data-run="${id}"]`)).toMatch(/12running$/);
    expect(await page.locator('#discover-progress').evaluate((bar) => (bar as unknown as { value: number }).value)).toBeCloseTo(0.3);
    await session.screenshot('dashboard-discover-running');

    await page.click('#discover-cancel');
    await page.waitForSelector('#discover-status[data-status=cancelling]');
    expect((await session.call<RunBody>(`/v1/discoveries/${id}`)).status).toBe('cancelling');
    await runs.finish(id, 'cancelled'); // the runner saw it
    await page.waitForSelector('#discover-status[data-status=cancelled]');
    expect(await page.textContent(`table.discover-runs tr[data-run="${id}"] td:last-child`)).toBe('cancelled');
    expect(await page.locator('#discover-progress').count()).toBe(0);
    session.expectNoPageErrors();
  });

  it('splits a theme in two with s: its halves take its place, each with its own name and size', async () => {
    const scope = { kind: 'ticket' };
    const id = (await runs.enqueue({ scope, scopeKey: discoveryScopeKey(scope), parameters: {}, requestedBy: null }))!.id;
    expect((await runs.claimNext())?.id).toBe(id);
    await runs.complete(id, [theme('card pin', [0, 1, 2, 3, 4, 5, 6, 7, 8], { key: 'card_pin', demandType: null, failureType: null, parent: null, nearestCategories: [], step: null }, [2, 2, 3, 2])], { k: 1 });
    await page.goto(`${session.url}/#/discover/${id}`);
    await page.waitForSelector('article.theme.selected');
    const original = (await page.getAttribute('article.theme', 'data-theme-id'))!;
    await page.keyboard.press('s');
    await page.waitForSelector('article.theme >> nth=1');

    const run = await session.call<RunBody>(`/v1/discoveries/${id}`);
    const halves = run.themes.filter((t) => t.splitFrom === Number(original));
    expect(run.themes.find((t) => t.id === Number(original))?.status).toBe('split');
    expect(halves.map((t) => t.status)).toEqual(['proposed', 'proposed']);
    expect(halves.reduce((sum, t) => sum + t.size, 0)).toBe(9);
    expect(await page.locator('article.theme .theme-name').allTextContents()).toEqual(halves.map((t) => t.name));
    expect(await page.locator('article.theme .theme-size').allTextContents()).toEqual(halves.map((t) => `${t.size} contacts`));
    expect(await page.locator(`article.theme[data-theme-id="${original}"]`).count()).toBe(0);
    expect(await page.getAttribute('article.theme >> nth=0', 'class')).toContain('selected');
    await session.screenshot('dashboard-discover-split');
    session.expectNoPageErrors();
  });
});
