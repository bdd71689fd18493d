import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CountermeasureList, type CountermeasureResponse } from '@frictionlens/contracts';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { parsedAnswer } from '../factories/api-client.js';
import { anApiKey } from '../factories/api-keys.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

const scenario = JSON.parse(readFileSync(resolve(process.cwd(), 'apps/all-in-one/demo/banking77-digital-bank.json'), 'utf8')) as Record<string, unknown>;

type CountermeasureBody = CountermeasureResponse;
type Json = Record<string, unknown>;

// Prevention work on value-stream steps, managed over HTTP on a real PostgreSQL, against the
// demo scenario's taxonomy and value streams.
describe('the countermeasures API (/v1/countermeasures)', () => {
  let database: TestDatabase;
  let sut: RunningService;
  let adminKey: string;
  let readKey: string;

  const delivery = {
    step: 'card-production-delivery',
    categories: ['card_arrival', 'card_delivery_estimate'],
    title: 'Send tracking links with every card',
    description: 'Customers chase cards because they cannot see where they are.',
    owner: 'Card logistics',
    startedOn: '2026-06-01',
    status: 'in-progress',
  };

  beforeAll(async () => {
    database = await freshDatabase();
    sut = await startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'countermeasures-test-key-0123456789' });
    [adminKey, readKey] = await Promise.all([anApiKey(database.url, ['admin']), anApiKey(database.url, ['metrics:read'])]);
    expect((await call('POST', '/v1/taxonomy/import', scenario)).status).toBe(201);
    expect((await call('POST', '/v1/value-streams/import', scenario)).status).toBe(201);
  });

  afterAll(async () => {
    await sut.close();
    await database.drop();
  });

  async function call<T = Json>(method: string, path: string, body?: unknown, key: string | null = adminKey) {
    const response = await fetch(`${sut.url}${path}`, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(key && { 'x-api-key': key }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
  // Parsed with the API's contract: a field added, dropped or retyped fails here.
  const list = async (query = '') => parsedAnswer(CountermeasureList, (await call('GET', `/v1/countermeasures${query}`, undefined, readKey)).body, `GET /v1/countermeasures${query}`);
  let created: CountermeasureBody;

  it('needs a key (401); metrics:read may read but not change (403)', async () => {
    expect((await call('GET', '/v1/countermeasures', undefined, null)).status).toBe(401);
    expect((await call('GET', '/v1/countermeasures', undefined, readKey)).status).toBe(200);
    expect((await call('POST', '/v1/countermeasures', delivery, readKey)).status).toBe(403);
    expect((await call('PUT', '/v1/countermeasures/1', delivery, readKey)).status).toBe(403);
    expect((await call('DELETE', '/v1/countermeasures/1', undefined, readKey)).status).toBe(403);
  });

  it('creates a countermeasure on a step, aimed at some of its categories', async () => {
    const { status, body } = await call<CountermeasureBody>('POST', '/v1/countermeasures', delivery);
    expect(status).toBe(201);
    expect(body).toEqual({ ...delivery, id: expect.any(Number), valueStream: 'card-issuing', createdAt: expect.any(String) });
    created = body;
    expect((await call('GET', `/v1/countermeasures/${body.id}`, undefined, readKey)).body).toEqual(body);
  });

  it('takes no categories (every category of the step) and leaves description and owner out', async () => {
    const { status, body } = await call<CountermeasureBody>('POST', '/v1/countermeasures', { step: 'payment-authorisation', title: 'Explain declines in the app', startedOn: '2026-05-01', status: 'planned' });
    expect(status).toBe(201);
    expect(body).toMatchObject({ step: 'payment-authorisation', valueStream: 'card-payments', categories: [], description: null, owner: null, status: 'planned' });
  });

  it('lists them by start date, for one step or in one status', async () => {
    expect((await list()).map((c) => c.step)).toEqual(['payment-authorisation', 'card-production-delivery']);
    expect((await list('?step=card-production-delivery')).map((c) => c.id)).toEqual([created.id]);
    expect((await list('?status=planned')).map((c) => c.step)).toEqual(['payment-authorisation']);
    expect(await list('?step=virtual-cards')).toEqual([]);
  });

  it('replaces every field with PUT', async () => {
    const update = { ...delivery, categories: ['card_arrival'], status: 'done', owner: null, description: undefined };
    const { status, body } = await call<CountermeasureBody>('PUT', `/v1/countermeasures/${created.id}`, update);
    expect(status).toBe(200);
    expect(body).toEqual({ ...created, categories: ['card_arrival'], status: 'done', owner: null, description: null });
    expect((await call('GET', `/v1/countermeasures/${created.id}`, undefined, readKey)).body).toEqual(body);
  });

  it('answers 400 naming the field for a bad body, an unknown step or category', async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...delivery, step: 'no-such-step' }, "step: no step has the key 'no-such-step' (GET /v1/value-streams lists them)"],
      [{ ...delivery, categories: ['card_arrival', 'no_such_category'] }, "categories.1: 'no_such_category' is not a category of the current taxonomy (version 1)"],
      [{ ...delivery, status: 'started' }, 'status: must be one of planned, in-progress, done, abandoned'],
      [{ ...delivery, startedOn: '01/06/2026' }, 'startedOn: must be a date as YYYY-MM-DD'],
      [{ ...delivery, title: '  ' }, 'title: must not be blank'],
      [{ ...delivery, step: "x'; DROP TABLE countermeasures; --" }, 'step: may hold only letters, digits, _, - and .'],
    ];
    for (const [body, message] of cases) {
      for (const [method, path] of [['POST', '/v1/countermeasures'], ['PUT', `/v1/countermeasures/${created.id}`]] as const) {
        const response = await call(method, path, body);
        expect({ method, status: response.status, message: response.body.message }).toEqual({ method, status: 400, message });
      }
    }
    expect(await list()).toHaveLength(2);
  });

  it('validates ids and filters in the path and query: 400 for a bad one, 404 for one that does not exist', async () => {
    for (const bad of ['abc', '0', '-1', '1.5', "1' OR '1'='1", '99999999999']) {
      const { status, body } = await call<Json & { problems: Array<{ field: string }> }>('GET', `/v1/countermeasures/${encodeURIComponent(bad)}`, undefined, readKey);
      expect({ bad, status, field: body.problems[0]!.field }).toEqual({ bad, status: 400, field: 'id' });
    }
    expect((await call('GET', '/v1/countermeasures/999999', undefined, readKey)).body).toMatchObject({ statusCode: 404, message: 'countermeasure 999999 does not exist' });
    expect((await call('PUT', '/v1/countermeasures/999999', delivery)).status).toBe(404);
    expect((await call('GET', `/v1/countermeasures?step=${encodeURIComponent("' OR 1=1 --")}`, undefined, readKey)).status).toBe(400);
    expect((await call('GET', '/v1/countermeasures?step=no-such-step', undefined, readKey)).status).toBe(404);
    expect((await call('GET', '/v1/countermeasures?status=maybe', undefined, readKey)).status).toBe(400);
  });

  it('deletes one (204), after which it is gone (404)', async () => {
    const other = (await list('?status=planned'))[0]!;
    expect(await call('DELETE', `/v1/countermeasures/${other.id}`)).toEqual({ status: 204, body: undefined });
    expect((await call('GET', `/v1/countermeasures/${other.id}`, undefined, readKey)).status).toBe(404);
    expect((await call('DELETE', `/v1/countermeasures/${other.id}`)).status).toBe(404);
  });

  it('keeps the countermeasures of the steps a re-import keeps, and drops those of the steps it removes', async () => {
    await call('POST', '/v1/countermeasures', { step: 'virtual-cards', title: 'Show the virtual card at once', startedOn: '2026-06-10', status: 'planned' });
    const document = { valueStreams: [{ key: 'card-issuing', name: 'Card issuing', steps: [{ key: 'card-ordering', order: 1 }, { key: 'card-production-delivery', order: 2 }] }] };
    expect((await call('POST', '/v1/value-streams/import', document)).status).toBe(201);
    expect((await list()).map((c) => c.id)).toEqual([created.id]);
  });
});
