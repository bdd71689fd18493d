import type { Browser, Page } from 'playwright-core';
import { verifyWebhookSignature } from '@frictionlens/domain';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { aWebhookReceiver, until, type WebhookReceiver } from '../factories/alert-receivers.js';
import { anApiKey } from '../factories/api-keys.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';
import { launchChromium, pageErrors, screenshot } from './chromium.js';

// The Alerts screen in a real Chromium: subscribe a webhook from the form, read the signing secret
// once, send a test that the receiver can verify with it, see it in the delivery log, delete.
describe('the alerts screen in Chromium', () => {
  let database: TestDatabase;
  let api: RunningService;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let adminKey: string;
  let receiver: WebhookReceiver;

  const call = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${api.url}${path}`, { headers: { 'x-api-key': adminKey } });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    database = await freshDatabase();
    receiver = await aWebhookReceiver();
    [api, browser] = await Promise.all([
      startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'alerts-browser-key-0123456789' }),
      launchChromium(),
    ]);
    adminKey = await anApiKey(database.url, ['admin']);
    page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
    page.setDefaultTimeout(10_000);
    errors = pageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await receiver?.close();
    await database?.drop();
  });

  it('subscribes a webhook, shows its secret once, and sends a test the receiver can verify', async () => {
    await page.goto(api.url);
    await page.waitForSelector('#api-key');
    await page.fill('#api-key', adminKey);
    await page.click('.key-form button[type=submit]');
    await page.waitForSelector('#nav a[href="#/alerts"]');
    await page.click('#nav a[href="#/alerts"]');
    await page.waitForSelector('#alert-form');
    await page.selectOption('#alert-kind', 'webhook');
    await page.fill('#alert-target', receiver.url);
    await page.fill('#alert-name', 'CX <b>team</b>');
    await page.check('input[name=events][value=weekly-digest]');
    await page.selectOption('#alert-sensitivity', 'high');
    await page.fill('#alert-steps', 'card-delivery, card-payment');
    await page.click('#alert-form button[type=submit]');
    const secret = (await (await page.waitForSelector('#alert-secret-value')).textContent())!;
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);

    const [subscription] = await call<Array<Record<string, unknown>>>('/v1/alerts/subscriptions');
    expect(subscription).toEqual(expect.objectContaining({ kind: 'webhook', url: receiver.url, name: 'CX <b>team</b>', events: ['spike', 'weekly-digest'], sensitivity: 'high', filters: { step: ['card-delivery', 'card-payment'] } }));
    expect(subscription).not.toHaveProperty('secret');
    // The name is shown as the text it is, not as markup.
    const row = page.locator(`tr[data-subscription="${String(subscription!.id)}"]`);
    expect(await row.locator('td').first().textContent()).toBe('CX <b>team</b>');
    expect(await row.locator('b').count()).toBe(0);

    await row.locator('button.alert-test').click();
    const hit = await until(() => receiver.hits[0], 10_000, 'the test alert');
    expect(verifyWebhookSignature(secret, hit.body, hit.signature, new Date())).toBe(true);
    await page.waitForSelector('table.alert-deliveries tr.delivery-delivered');
    expect(await page.textContent('table.alert-deliveries tbody')).toContain('Test alert from FrictionLens');
    expect(await page.textContent('table.alert-deliveries td.delivery-status')).toBe('delivered (HTTP 200)');
    // After the page changed, the secret is gone for good.
    expect(await page.locator('#alert-secret-value').count()).toBe(0);
    await screenshot(page, 'dashboard-alerts');
    expect(errors).toEqual([]);
  });

  it('says what the API refused, and deletes a subscription after a second click', async () => {
    await page.fill('#alert-target', 'ftp://example.com/hook');
    // The browser's own check of a url field would stop the form first; this is about the API's answer.
    await page.evaluate("document.getElementById('alert-target').type = 'text'");
    await page.click('#alert-form button[type=submit]');
    await page.waitForSelector('#alert-form .error:not([hidden])');
    expect(await page.textContent('#alert-form .error')).toContain('url: must be an http or https URL');

    const remove = page.locator('button.alert-delete').first();
    await remove.click();
    expect(await remove.textContent()).toBe('Really delete?');
    await remove.click();
    await page.waitForSelector('#no-subscriptions');
    expect(await call<unknown[]>('/v1/alerts/subscriptions')).toEqual([]);
    expect(errors).toEqual([]);
  });
});
