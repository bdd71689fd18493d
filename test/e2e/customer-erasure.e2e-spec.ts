import pg from 'pg';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { ingestService } from '../../apps/ingest/src/ingest.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { aComplaint, aTicket } from '../factories/source-events.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// The right to erasure: one request removes every contact of a customer, found by the keyed
// hash of their id, and nothing of anyone else.
describe('DELETE /v1/customers/:customerId/contacts', () => {
  const hashKey = 'erasure-test-key-0123456789';
  let database: TestDatabase;
  let db: pg.Pool;
  let sut: RunningService;
  let ingest: RunningService;
  let adminKey: string;

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    const env = { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: hashKey };
    sut = await startService(apiService, env);
    ingest = await startService(ingestService, env);
    adminKey = await anApiKey(database.url, ['admin']);
    const events = [aTicket({ customerId: 'alice' }), aComplaint({ customerId: 'alice' }), aTicket({ customerId: 'bob' }), aTicket({ customerId: undefined })];
    for (const event of events) {
      const kind = 'text' in event ? 'complaint' : 'ticket';
      const response = await fetch(`${ingest.url}/v1/contacts/${kind}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': adminKey }, body: JSON.stringify(event) });
      expect(response.status).toBe(200);
    }
  });

  afterAll(async () => {
    await ingest.close();
    await sut.close();
    await db.end();
    await database.drop();
  });

  const erase = (customerId: string, key?: string) =>
    fetch(`${sut.url}/v1/customers/${encodeURIComponent(customerId)}/contacts`, { method: 'DELETE', headers: key ? { 'x-api-key': key } : {} });
  const contactCount = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM contacts')).rows[0]!.n);

  it('needs an admin key: 401 without one, 403 with a read-only one', async () => {
    expect((await erase('alice')).status).toBe(401);
    expect((await erase('alice', await anApiKey(database.url, ['metrics:read']))).status).toBe(403);
    expect(await contactCount()).toBe(4);
  });

  it("deletes the customer's contacts and no one else's", async () => {
    const response = await erase('alice', adminKey);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ deletedContacts: 2 });
    expect(await contactCount()).toBe(2);
    expect(await (await erase('alice', adminKey)).json()).toEqual({ deletedContacts: 0 });
  });
});
