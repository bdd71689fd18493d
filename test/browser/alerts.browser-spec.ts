import type { Page } from 'playwright-core';
import { verifyWebhookSignature } from '@frictionlens/domain';
import { aWebhookReceiver, until, type WebhookReceiver } from '../factories/alert-receivers.js';
import { openDashboard, type DashboardSession } from './dashboard-session.js';

// The Alerts screen in a real Chromium: subscribe a webhook from the form, read the signing secret
// once, send a test that the receiver can verify with it, see it in the delivery log, delete.
describe('the alerts screen in Chromium', () => {
  let session: DashboardSession;
  let page: Page;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await aWebhookReceiver();
    session = await openDashboard();
    page = session.page;
  });

  afterAll(async () => {
    await session?.close();
    await receiver?.close();
  });

  it('subscribes a webhook, shows its secret once, and sends a test the receiver can verify', async () => {
    await session.signIn();
    await session.openScreen('alerts');
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

    const [subscription] = await session.call<Array<Record<string, unknown>>>('/v1/alerts/subscriptions');
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
    await session.screenshot('dashboard-alerts');
    session.expectNoPageErrors();
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
    expect(await session.call<unknown[]>('/v1/alerts/subscriptions')).toEqual([]);
    session.expectNoPageErrors();
  });
});
