import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { ClassificationRepository, createDataSource, type NewClassification } from '@frictionlens/persistence';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { aModelVersion } from '../factories/classifications.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';
import { launchChromium, pageErrors, screenshot } from './chromium.js';

// Issue #16 item 8: the dashboard works under the API's Content-Security-Policy (no violation
// reported), cannot be framed, and shows a category name an admin wrote as HTML as text, in its
// chart tooltip as on the page.
describe('the dashboard under its Content-Security-Policy', () => {
  const HOSTILE = '<img src=x onerror="window.__pwned=1">';
  let database: TestDatabase;
  let db: pg.Pool;
  let dataSource: DataSource;
  let api: RunningService;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let adminKey: string;

  const DAY = 86_400_000;
  const today = new Date();
  const thisMonday = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - ((today.getUTCDay() + 6) % 7) * DAY;

  const call = async (path: string, body: unknown): Promise<{ version: number }> => {
    const response = await fetch(`${api.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'x-api-key': adminKey, 'content-type': 'application/json' } });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { version: number };
  };

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    dataSource = createDataSource(database.url, { logging: ['error'] });
    await dataSource.initialize();
    [api, browser] = await Promise.all([
      startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'csp-browser-test-key-0123456789' }),
      launchChromium(),
    ]);
    adminKey = await anApiKey(database.url, ['admin']);
    const taxonomy = await call('/v1/taxonomy/import', {
      categories: [
        { key: 'hostile', name: HOSTILE, demandType: 'failure', failureType: 'done-wrong' },
        { key: 'card_arrival', name: 'Card arrival', demandType: 'failure', failureType: 'progress-chasing' },
      ],
    });
    await call('/v1/value-streams/import', {
      valueStreams: [{ key: 'cards', name: 'Card issuing', steps: [{ key: 'delivery', name: 'Card delivery', order: 1 }] }],
      categories: [
        { key: 'hostile', step: 'delivery' },
        { key: 'card_arrival', step: 'delivery' },
      ],
    });
    const model = { modelVersionId: await aModelVersion(db, taxonomy.version), taxonomyVersionId: taxonomy.version };
    const classifications: NewClassification[] = [];
    for (let n = 0; n < 6; n++) {
      const category = n < 4 ? 'hostile' : 'card_arrival';
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text) VALUES ('ticket', 'csp-test', $1, $2, 'email', $3) RETURNING id::text`,
        [`C-${n}`, new Date(thisMonday - 7 * DAY + n * 3_600_000).toISOString(), `contact ${n}`],
      );
      classifications.push({ contactId: rows[0]!.id, categoryKey: category, demandType: 'failure', confidence: 0.9, top: [{ category, probability: 0.9 }], explanation: { decidedBy: 'model' }, sentiment: 0, effortCues: [] });
    }
    await new ClassificationRepository(dataSource).storeBatch(model, classifications);

    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(10_000);
    errors = pageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await dataSource?.destroy();
    await db?.end();
    await database?.drop();
  });

  it('runs without a CSP violation and shows a category named in HTML as text, in the tooltip too', async () => {
    const response = await page.goto(api.url);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.waitForSelector('#api-key');
    await page.fill('#api-key', adminKey);
    await page.click('.key-form button[type=submit]');
    await page.waitForSelector('#headline-ratio .big');

    await page.click('#nav a[href="#/pareto"]');
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
    await screenshot(page, 'dashboard-csp-pareto');
    // A CSP violation is reported on the console as an error ("Refused to …").
    expect(errors).toEqual([]);
  });

  it('serves a Swagger UI at /docs that renders under the same CSP', async () => {
    const docs = await browser.newPage();
    const docsErrors = pageErrors(docs);
    await docs.goto(`${api.url}/docs`);
    await docs.waitForSelector('.swagger-ui .opblock');
    expect(await docs.locator('.swagger-ui .opblock').count()).toBeGreaterThan(10);
    expect(docsErrors).toEqual([]);
    await docs.close();
  });

  it('is not shown in a frame of another page', async () => {
    const framing = await browser.newPage();
    const violations: string[] = [];
    framing.on('console', (message) => violations.push(message.text()));
    await framing.setContent(`<iframe id="f" src="${api.url}/"></iframe>`);
    await framing.waitForTimeout(1_000);
    const frame = framing.frames().find((f) => f !== framing.mainFrame());
    const title = await frame?.title().catch(() => '');
    expect(title).not.toBe('FrictionLens');
    expect(violations.join('\n')).toMatch(/frame-ancestors|X-Frame-Options|refused/i);
    await framing.close();
  });
});
