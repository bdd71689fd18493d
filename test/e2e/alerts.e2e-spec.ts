import { AlertDeliveryList, AlertSubscriptionCreated, AlertSubscriptionList, AlertTestResponse } from '@frictionlens/contracts';
import { verifyWebhookSignature } from '@frictionlens/domain';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { aWebhookReceiver, anSmtpReceiver, until, type SmtpReceiver, type WebhookReceiver } from '../factories/alert-receivers.js';
import { parsedAnswer } from '../factories/api-client.js';
import { anApiKey } from '../factories/api-keys.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

type Json = Record<string, unknown>;

// Alert subscriptions over HTTP (docs/alerts.md): the secret once, a signed test alert through
// the outbox, e-mail over SMTP, and the delivery log. Spikes, restarts and retries are in
// test/integration/alerts-delivery.int-spec.ts.
describe('the alerts API (/v1/alerts)', () => {
  let database: TestDatabase;
  let sut: RunningService;
  let receiver: WebhookReceiver;
  let smtp: SmtpReceiver;
  let adminKey: string;
  let readKey: string;

  beforeAll(async () => {
    database = await freshDatabase();
    [receiver, smtp] = await Promise.all([aWebhookReceiver(), anSmtpReceiver()]);
    sut = await startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'alerts-test-key-0123456789', SMTP_URL: smtp.url, ALERTS_SECRET_KEY: 'alerts-secret-key-0123456789' });
    [adminKey, readKey] = await Promise.all([anApiKey(database.url, ['admin']), anApiKey(database.url, ['metrics:read'])]);
  });

  afterAll(async () => {
    await sut.close();
    await Promise.all([receiver.close(), smtp.close()]);
    await database.drop();
  });

  async function call(method: string, path: string, body?: unknown, key: string | null = adminKey): Promise<{ status: number; body: Json & Json[] }> {
    const response = await fetch(`${sut.url}${path}`, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(key && { 'x-api-key': key }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Creates a subscription; the answer is checked against its contract and typed by it. */
  async function subscribe(body: Json): Promise<AlertSubscriptionCreated> {
    return parsedAnswer(AlertSubscriptionCreated, (await call('POST', '/v1/alerts/subscriptions', body)).body, 'POST /v1/alerts/subscriptions');
  }

  it('answers a new webhook subscription with its id and signing secret, and never shows the secret again', async () => {
    const created = await call('POST', '/v1/alerts/subscriptions', { kind: 'webhook', url: receiver.url, events: ['spike'] });
    expect(created.status).toBe(201);
    parsedAnswer(AlertSubscriptionCreated, created.body, 'POST /v1/alerts/subscriptions');
    expect(created.body).toMatchObject({ id: expect.any(String), kind: 'webhook', url: receiver.url, events: ['spike'], sensitivity: 'medium', secret: expect.stringMatching(/^whsec_[0-9a-f]{64}$/) });
    const listed = await call('GET', '/v1/alerts/subscriptions', undefined, readKey);
    expect(listed.status).toBe(200);
    parsedAnswer(AlertSubscriptionList, listed.body, 'GET /v1/alerts/subscriptions');
    expect(JSON.stringify(listed.body)).not.toContain(String(created.body.secret));
    const stored: Array<{ secret: string }> = await sut.app.get((await import('typeorm')).DataSource).query('SELECT secret FROM alert_subscriptions');
    expect(stored[0]!.secret).toMatch(/^gcm1:/);
  });

  it('delivers a signed test alert to the webhook and logs it', async () => {
    const subscription = await subscribe({ kind: 'webhook', url: receiver.url, events: ['spike', 'weekly-digest'], name: 'CX team' });
    const before = receiver.hits.length;
    const test = await call('POST', `/v1/alerts/subscriptions/${subscription.id}/test`);
    expect(test.status).toBe(202);
    parsedAnswer(AlertTestResponse, test.body, 'POST /v1/alerts/subscriptions/{id}/test');
    const hit = await until(() => receiver.hits.slice(before).find((h) => h.deliveryId === test.body.deliveryId));
    expect(hit.contentType).toMatch(/^application\/json/);
    expect(verifyWebhookSignature(subscription.secret, hit.body, hit.signature, new Date())).toBe(true);
    expect(JSON.parse(hit.body)).toMatchObject({ event: 'test', deliveryId: test.body.deliveryId, subscriptionId: subscription.id, title: 'Test alert from FrictionLens' });
    const log = await until(async () => {
      const { body } = await call('GET', `/v1/alerts/deliveries?subscription=${subscription.id}`, undefined, readKey);
      return parsedAnswer(AlertDeliveryList, body, 'GET /v1/alerts/deliveries')[0]?.status === 'delivered' ? body : undefined;
    });
    expect(log).toEqual([expect.objectContaining({ id: test.body.deliveryId, event: 'test', status: 'delivered', attempts: 1, lastResponseStatus: 200, lastError: null })]);
  });

  it('sends e-mail subscriptions their alerts over SMTP', async () => {
    const subscription = await subscribe({ kind: 'email', to: 'cx-team@example.com', events: ['weekly-digest'] });
    const test = await call('POST', `/v1/alerts/subscriptions/${subscription.id}/test`);
    const mail = await until(() => smtp.mails.find((m) => m.deliveryId === test.body.deliveryId));
    expect(mail.to).toEqual(['cx-team@example.com']);
    expect(mail.raw).toMatch(/^Subject: \[FrictionLens\] Update: Test alert from FrictionLens/m);
  });

  it('shapes bodies for Slack and Teams', async () => {
    const slack = await subscribe({ kind: 'slack', url: receiver.url, events: ['spike'] });
    const teams = await subscribe({ kind: 'teams', url: receiver.url, events: ['spike'] });
    const [a, b] = [await call('POST', `/v1/alerts/subscriptions/${slack.id}/test`), await call('POST', `/v1/alerts/subscriptions/${teams.id}/test`)];
    const slackHit = await until(() => receiver.hits.find((h) => h.deliveryId === a.body.deliveryId));
    const teamsHit = await until(() => receiver.hits.find((h) => h.deliveryId === b.body.deliveryId));
    expect(JSON.parse(slackHit.body)).toMatchObject({ text: 'Update: Test alert from FrictionLens', blocks: expect.any(Array) });
    expect(JSON.parse(teamsHit.body)).toMatchObject({ type: 'message', attachments: [expect.objectContaining({ contentType: 'application/vnd.microsoft.card.adaptive' })] });
  });

  it('refuses URLs that are not http or https, and a subscription without its target', async () => {
    const file = await call('POST', '/v1/alerts/subscriptions', { kind: 'webhook', url: 'file:///etc/passwd', events: ['spike'] });
    expect(file.status).toBe(400);
    expect(file.body.message).toBe('url: must be an http or https URL');
    const email = await call('POST', '/v1/alerts/subscriptions', { kind: 'email', events: ['spike'] });
    expect(email.status).toBe(400);
    expect(email.body.message).toMatch(/to: an email subscription needs an address/);
    expect((await call('POST', '/v1/alerts/subscriptions', { kind: 'webhook', url: receiver.url, events: ['everything'] })).status).toBe(400);
  });

  it('needs admin to change subscriptions and metrics:read to read them', async () => {
    expect((await call('POST', '/v1/alerts/subscriptions', { kind: 'webhook', url: receiver.url, events: ['spike'] }, readKey)).status).toBe(403);
    expect((await call('GET', '/v1/alerts/subscriptions', undefined, null)).status).toBe(401);
    expect((await call('GET', '/v1/alerts/deliveries', undefined, readKey)).status).toBe(200);
  });

  it('documents the routes in OpenAPI with the scope each needs', async () => {
    const doc = (await (await fetch(`${sut.url}/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, { 'x-required-scope'?: string; requestBody?: unknown }>> };
    expect(doc.paths['/v1/alerts/subscriptions']!.post!['x-required-scope']).toBe('admin');
    expect(doc.paths['/v1/alerts/subscriptions']!.post!.requestBody).toBeDefined();
    expect(doc.paths['/v1/alerts/subscriptions']!.get!['x-required-scope']).toBe('metrics:read');
    expect(doc.paths['/v1/alerts/subscriptions/{id}/test']!.post!['x-required-scope']).toBe('admin');
    expect(doc.paths['/v1/alerts/deliveries']!.get!['x-required-scope']).toBe('metrics:read');
  });

  it('deletes a subscription, and then it is gone', async () => {
    const subscription = await subscribe({ kind: 'webhook', url: receiver.url, events: ['spike'] });
    expect((await call('DELETE', `/v1/alerts/subscriptions/${subscription.id}`)).status).toBe(204);
    expect((await call('GET', `/v1/alerts/subscriptions/${subscription.id}`, undefined, readKey)).status).toBe(404);
    expect((await call('POST', `/v1/alerts/subscriptions/${subscription.id}/test`)).status).toBe(404);
  });
});
