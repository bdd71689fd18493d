import { Writable } from 'node:stream';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// Issue #16: an erasure's customer id, and values in query strings, stay out of the request log.
// A file of its own: nestjs-pino keeps one logger per process, set up by the first app.
describe('the request log', () => {
  let database: TestDatabase;
  let api: RunningService;
  let readKey: string;
  let adminKey: string;
  const logLines: string[] = [];
  const week = 'from=2026-05-04&to=2026-05-11';

  beforeAll(async () => {
    database = await freshDatabase();
    const logs = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    api = await startService(apiService, { PORT: '0', LOG_LEVEL: 'info', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'request-log-test-key-0123456789' }, logs);
    readKey = await anApiKey(database.url, ['metrics:read']);
    adminKey = await anApiKey(database.url, ['admin'], 'admin');
  });

  afterAll(async () => {
    await api?.close();
    await database.drop();
  });

  it('logs request paths without the customer id of an erasure, and query strings without values', async () => {
    const customer = 'jane.doe@example.com';
    expect((await fetch(`${api.url}/v1/customers/${encodeURIComponent(customer)}/contacts`, { method: 'DELETE', headers: { 'x-api-key': adminKey } })).status).toBe(200);
    await (await fetch(`${api.url}/v1/contacts?${week}&channel=email&cursor=jane.doe%40example.com`, { headers: { 'x-api-key': readKey } })).arrayBuffer();
    await (await fetch(`${api.url}/v1/customers/${encodeURIComponent(customer)}/contactz`, { headers: { 'x-api-key': adminKey } })).arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 200));

    const requests = logLines.map((line) => JSON.parse(line) as { req?: { method: string; url: string } }).flatMap((entry) => (entry.req ? [entry.req] : []));
    expect(requests).toEqual(
      expect.arrayContaining([
        { method: 'DELETE', url: '/v1/customers/:customerId/contacts' },
        { method: 'GET', url: '/v1/contacts?from&to&channel&cursor' },
        { method: 'GET', url: '/v1/[REDACTED]/[REDACTED]/[REDACTED]' },
      ]),
    );
    const all = logLines.join('\n');
    expect(all).not.toMatch(/jane|example\.com|2026-05-04/);
  });
});
