import type { Page } from 'playwright-core';
import type { NewClassification } from '@frictionlens/persistence';
import { aStoredContact } from '../factories/classifications.js';
import { mondayThisWeek, openDashboard, type DashboardSession } from './dashboard-session.js';

interface StudyBody {
  sampleSize: number;
  progress: { coded: number; remaining: number };
  results: {
    coded: number;
    failureContacts: number;
    failureShare: number;
    agreement: { demandType: { accuracy: number | null; kappa: number | null } };
  };
}

// The study screen in a real Chromium: draw a sample from the form, code three contacts with the
// keyboard alone (f, a digit, n, v, Enter), and see the share the API then reports.
describe('the study screen in Chromium', () => {
  let session: DashboardSession;
  let page: Page;

  beforeAll(async () => {
    session = await openDashboard();
    page = session.page;
    const taxonomyVersion = await session.setUpModel({
      categories: [
        { key: 'card_arrival', name: 'Card arrival', demandType: 'failure', failureType: 'progress-chasing', step: 'delivery' },
        { key: 'upgrade', name: 'Upgrade', demandType: 'value' },
      ],
      valueStreams: [{ key: 'cards', name: 'Card issuing', steps: [{ key: 'delivery', name: 'Card delivery', order: 1 }] }],
    });
    // Eight contacts of last week, half card arrival, half upgrades.
    const lastMonday = mondayThisWeek() - 7 * 86_400_000;
    const classifications: NewClassification[] = [];
    for (let n = 0; n < 8; n++) {
      const category = n % 2 ? 'upgrade' : 'card_arrival';
      const text = category === 'upgrade' ? `How do I upgrade my plan? (${n})` : `My card has still not arrived (${n})`;
      classifications.push({
        contactId: await aStoredContact(session.db, { occurredAt: new Date(lastMonday + n * 3_600_000).toISOString(), text }),
        categoryKey: category, demandType: category === 'upgrade' ? 'value' : 'failure', confidence: 0.9,
        top: [{ category, probability: 0.9 }], explanation: { decidedBy: 'model', terms: [{ term: category === 'upgrade' ? 'upgrade' : 'card', weight: 1.1 }] }, sentiment: 0, effortCues: [],
      });
    }
    await session.storeClassifications(taxonomyVersion, classifications);
  });

  afterAll(() => session?.close());

  it('draws a sample from the form, codes three contacts with the keyboard, and shows the share the API reports', async () => {
    await session.signIn();
    await session.openScreen('studies');
    await page.waitForSelector('#study-size');
    await page.fill('#study-size', '5');
    await page.selectOption('#study-stratify', 'channel');
    await page.click('.study-form button[type=submit]');
    await page.waitForSelector('article.study-contact[data-position="1"]');
    const id = Number(/#\/studies\/(\d+)$/.exec(page.url())![1]);
    expect(await page.textContent('.model-said')).toMatch(/The model said: (Card arrival|Upgrade)/);

    const coded: string[] = [];
    const codeWithKeys = async (position: number, keys: string[]) => {
      coded.push((await page.getAttribute(`article.study-contact[data-position="${position}"]`, 'data-contact-id'))!);
      for (const key of keys) await page.keyboard.press(key);
      await page.keyboard.press('Enter');
      await page.waitForSelector(`article.study-contact[data-position="${position + 1}"]`);
    };
    await codeWithKeys(1, ['f', '3']); // failure, done wrong
    await codeWithKeys(2, ['v']);
    await codeWithKeys(3, ['n']); // not for here
    await page.waitForSelector('#study-progress[data-coded="3"]');
    await page.waitForLoadState('networkidle');

    const study = await session.call<StudyBody>(`/v1/studies/${id}`);
    expect(study.results).toMatchObject({ coded: 3, failureContacts: 2 });
    expect(await page.textContent('#study-share .big')).toBe('66.7%');
    // Wilson 95% for 2 of 3: 0.2077–0.9385
    expect(await page.textContent('#study-share .interval')).toBe('95% CI 20.8–93.9%');
    expect(await page.textContent('#study-share .label')).toContain('3 of 5 coded');
    expect(await page.textContent('#study-agreement .accuracy')).toBe(`accuracy ${(study.results.agreement.demandType.accuracy! * 100).toFixed(0)}%`);
    expect(await page.textContent('#study-failure-types')).toMatch(/Done wrong 1.*Not for here 1|Not for here 1.*Done wrong 1/);

    const exported = await session.call<{ rows: Array<{ contactId: string; demandType: string | null; failureType: string | null; notForHere: boolean | null; coder: string | null }> }>(`/v1/studies/${id}/export`);
    expect(exported.rows.slice(0, 3).map((r) => [r.contactId, r.demandType, r.failureType, r.notForHere, r.coder])).toEqual([
      [coded[0], 'failure', 'done-wrong', false, 'dashboard'],
      [coded[1], 'value', null, false, 'dashboard'],
      [coded[2], 'failure', 'not-for-here', true, 'dashboard'],
    ]);
    await session.screenshot('dashboard-study');
    session.expectNoPageErrors();
  });

  it('lists the study with its progress, and says when every contact is coded', async () => {
    await session.openScreen('studies');
    await page.waitForSelector('table.studies tr[data-study]');
    expect(await page.textContent('table.studies tbody')).toContain('3 of 5');
    await page.click('table.studies tbody a');
    await page.waitForSelector('article.study-contact[data-position="4"]');
    for (const position of [4, 5]) {
      await page.waitForSelector(`article.study-contact[data-position="${position}"]`);
      await page.keyboard.press('v');
      await page.keyboard.press('Enter');
    }
    await page.waitForSelector('#study-done');
    expect(await page.textContent('#study-share .label')).toContain('5 of 5 coded');
    session.expectNoPageErrors();
  });
});
