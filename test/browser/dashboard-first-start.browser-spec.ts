import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { ClassificationRepository, createDataSource } from '@frictionlens/persistence';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { aModelVersion, aTaxonomy } from '../factories/classifications.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';
import { launchChromium, pageErrors, screenshot } from './chromium.js';

// A fresh start: the page opens before the classifier has classified anything (npm start trains
// its model first). It must say so, and show the figures by itself once contacts are classified.
describe('the web dashboard before the first classification', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let dataSource: DataSource;
  let api: RunningService;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    dataSource = createDataSource(database.url, { logging: ['error'] });
    await dataSource.initialize();
    [api, browser] = await Promise.all([
      startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'browser-first-start-0123456789' }),
      launchChromium(),
    ]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await dataSource?.destroy();
    await db?.end();
    await database?.drop();
  });

  it('says nothing is classified yet, then shows the ratio once the first contacts are', async () => {
    const errors = pageErrors(page);
    const key = await anApiKey(database.url, ['admin']);
    await page.addInitScript(`localStorage.setItem('frictionlens.apiKey', '${key}')`);
    await page.goto(api.url);
    await page.waitForSelector('#waiting-for-data');
    expect(await page.textContent('#headline-ratio .big')).toBe('–');

    const taxonomy = await aTaxonomy(db, [{ key: 'card_arrival' }, { key: 'upgrade', demandType: 'value' }]);
    const model = { modelVersionId: await aModelVersion(db, taxonomy), taxonomyVersionId: taxonomy };
    const lastWeek = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const rows = [];
    for (const [i, category] of ['card_arrival', 'card_arrival', 'card_arrival', 'upgrade'].entries()) {
      const { rows: stored } = await db.query<{ id: string }>(
        `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text) VALUES ('ticket', 'browser-test', $1, $2, 'email', 'text') RETURNING id::text`,
        [`F-${i}`, lastWeek],
      );
      rows.push({ contactId: stored[0]!.id, categoryKey: category, demandType: category === 'upgrade' ? ('value' as const) : ('failure' as const), confidence: 0.9, top: [], explanation: {}, sentiment: 0, effortCues: [] });
    }
    await new ClassificationRepository(dataSource).storeBatch(model, rows);

    await page.waitForSelector('#waiting-for-data', { state: 'detached', timeout: 15_000 });
    await page.waitForFunction("document.querySelector('#headline-ratio .big')?.textContent === '75.0%'", undefined, { timeout: 10_000 });
    await screenshot(page, 'dashboard-first-start');
    expect(errors).toEqual([]);
  });
});
