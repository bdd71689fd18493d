import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { StepResponse, ValueStreamList } from '@frictionlens/contracts';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { parsedAnswer } from '../factories/api-client.js';
import { anApiKey } from '../factories/api-keys.js';
import { aClassification, aModelVersion, aStoredContact } from '../factories/classifications.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// The demo scenario the project ships: a taxonomy document that also holds the value streams.
const scenario = JSON.parse(readFileSync(resolve(process.cwd(), 'apps/all-in-one/demo/banking77-digital-bank.json'), 'utf8')) as {
  valueStreams: Array<{ key: string; name: string; steps: Array<{ key: string; order: number }> }>;
  categories: Array<{ key: string; valueStream: string; step: string }>;
};

type StepBody = StepResponse;
type Json = Record<string, unknown>;

// The value-stream model managed over HTTP on a real PostgreSQL: imported from the demo scenario,
// read, edited, linked to categories (which recounts the demand rollups), exported and imported
// again; step volumes by JSON and CSV; handling costs.
describe('the value-streams API (/v1/value-streams, /v1/categories/:category/steps, /v1/handling-costs)', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let sut: RunningService;
  let adminKey: string;
  let readKey: string;
  let ingestKey: string;

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    sut = await startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'value-streams-test-key-0123456789' });
    [adminKey, readKey, ingestKey] = await Promise.all([anApiKey(database.url, ['admin']), anApiKey(database.url, ['metrics:read']), anApiKey(database.url, ['ingest:write'])]);
  });

  afterAll(async () => {
    await sut.close();
    await db.end();
    await database.drop();
  });

  const send = async <T = Json>(method: string, path: string, body?: unknown, key: string | null = adminKey, contentType = 'application/json') => {
    const response = await fetch(`${sut.url}${path}`, {
      method,
      headers: { ...(body !== undefined && { 'content-type': contentType }), ...(key && { 'x-api-key': key }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const call = <T = Json>(method: string, path: string, body?: unknown, key: string | null = adminKey) => send<T>(method, path, body, key);
  const csv = (text: string, key: string | null = adminKey) => send('POST', '/v1/value-streams/volumes.csv', text, key, 'text/csv');
  // Parsed with the API's contract: a field added, dropped or retyped fails here.
  const streams = async () => parsedAnswer(ValueStreamList, (await call('GET', '/v1/value-streams', undefined, readKey)).body, 'GET /v1/value-streams');
  const stepOf = async (key: string) => (await streams()).flatMap((s) => s.steps).find((s) => s.key === key)!;
  const count = async (table: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
  const rollupsOf = async (category: string) => {
    const { rows } = await db.query<{ step_key: string; n: string }>('SELECT step_key, sum(contacts)::text AS n FROM demand_rollups WHERE category_key = $1 GROUP BY 1 ORDER BY 1', [category]);
    return Object.fromEntries(rows.map((r) => [r.step_key || '(none)', Number(r.n)]));
  };
  const expectMessages = async (cases: Array<[string, string, unknown, string]>) => {
    for (const [method, path, body, message] of cases) {
      const response = await call(method, path, body);
      expect({ path, status: response.status, message: response.body.message }).toEqual({ path, status: 400, message });
    }
  };

  describe('before anything was imported', () => {
    it('lists no streams, has nothing to export, and refuses links before a taxonomy exists', async () => {
      expect(await streams()).toEqual([]);
      const exported = await call('GET', '/v1/value-streams/export', undefined, readKey);
      expect(exported).toEqual({ status: 404, body: expect.objectContaining({ message: 'no value streams have been imported yet: POST a value-stream document to /v1/value-streams/import' }) });
      const refused = await call('POST', '/v1/value-streams/import', scenario);
      expect(refused.status).toBe(400);
      expect(refused.body.message).toBe('categories: no taxonomy has been imported yet: import one (POST /v1/taxonomy/import) before linking its categories to steps');
      expect(await count('value_streams')).toBe(0);
    });
  });

  describe('access', () => {
    it('needs a key (401), lets metrics:read read but not change, and ingest:write do neither (403)', async () => {
      expect((await call('GET', '/v1/value-streams', undefined, null)).status).toBe(401);
      expect((await call('POST', '/v1/value-streams/import', scenario, null)).status).toBe(401);
      expect((await call('GET', '/v1/value-streams/export', undefined, readKey)).status).toBe(404);
      expect((await call('GET', '/v1/handling-costs', undefined, readKey)).status).toBe(200);
      for (const [method, path] of [
        ['POST', '/v1/value-streams/import'],
        ['PUT', '/v1/value-streams/steps/eligibility'],
        ['PUT', '/v1/value-streams/steps/eligibility/volumes'],
        ['PUT', '/v1/categories/card_arrival/steps'],
        ['PUT', '/v1/handling-costs'],
      ] as const) {
        expect({ path, status: (await call(method, path, {}, readKey)).status }).toEqual({ path, status: 403 });
      }
      expect((await csv('step,day,units\n', readKey)).status).toBe(403);
      expect((await call('GET', '/v1/value-streams', undefined, ingestKey)).status).toBe(403);
    });
  });

  describe('import', () => {
    it('imports the demo scenario as it is once its taxonomy is in: 7 streams, 32 steps, 77 links', async () => {
      expect((await call('POST', '/v1/taxonomy/import', scenario)).status).toBe(201);
      const { status, body } = await call('POST', '/v1/value-streams/import', scenario);
      expect({ status, body }).toEqual({ status: 201, body: { valueStreams: 7, steps: 32, links: 77 } });

      const listed = await streams();
      expect(listed.map((s) => s.key)).toEqual(scenario.valueStreams.map((s) => s.key));
      const issuing = listed.find((s) => s.key === 'card-issuing')!;
      expect(issuing).toMatchObject({ name: 'Card issuing', description: null, owner: null });
      expect(issuing.steps.map((s) => s.key)).toEqual(['card-ordering', 'card-production-delivery', 'card-activation-pin', 'card-renewal-replacement', 'virtual-cards']);
      expect(issuing.steps[1]).toEqual({
        key: 'card-production-delivery',
        valueStream: 'card-issuing',
        name: 'Card production & delivery',
        order: 2,
        owner: null,
        processTimeMinutes: null,
        leadTimeHours: null,
        targetCompleteAccurate: null,
        unitName: null,
        categories: [
          { category: 'card_arrival', weight: 1 },
          { category: 'card_delivery_estimate', weight: 1 },
        ],
      });
      expect(await count('category_step_links')).toBe(77);
    });

    it('names each bad field, and changes nothing', async () => {
      const cards = { key: 'cards', name: 'Cards', steps: [{ key: 'ordering', order: 1 }, { key: 'delivery', order: 2 }] };
      const other = { key: 'other', name: 'Other', steps: [{ key: 'x', order: 1 }] };
      const imp = (document: unknown, message: string): [string, string, unknown, string] => ['POST', '/v1/value-streams/import', document, message];
      await expectMessages([
        imp({ valueStreams: [cards, other, { ...other, key: 'third', steps: [{ key: 'bad key', order: 1 }] }] }, 'valueStreams.2.steps.0.key: may hold only letters, digits, _, - and .'),
        imp({ valueStreams: [cards, { ...other, steps: [{ key: 'delivery', order: 1 }] }] }, "valueStreams.1.steps.0.key: 'delivery' is already the key of valueStreams.0.steps.1 (step keys are unique across value streams)"),
        imp({ valueStreams: [cards], categories: [{ key: 'card_arrival', step: 'nowhere' }] }, "categories.0.step: no step has the key 'nowhere'"),
        imp({ valueStreams: [cards], categories: [{ key: 'no_such_category', step: 'delivery' }] }, "categories.0.key: 'no_such_category' is not a category of the current taxonomy (version 1)"),
        imp(
          { valueStreams: [cards], categories: [{ key: 'card_arrival', steps: [{ step: 'delivery', weight: 0.5 }, { step: 'ordering', weight: 0.4 }] }] },
          'categories.0.steps: the weights must add up to 1 (they add up to 0.9)',
        ),
        imp({ valueStreams: [{ ...cards, steps: [{ key: 'a', order: 1, targetCompleteAccurate: 95 }] }] }, 'valueStreams.0.steps.0.targetCompleteAccurate: must be at most 1 (0.98 = 98%)'),
        imp({ valueStreams: [cards], handlingCosts: [{ channel: 'fax', costPerContact: 2 }] }, 'handlingCosts.0.channel: must be one of email, phone, chat, web, social, store, letter, other'),
        imp({ categories: [] }, 'valueStreams: Invalid input: expected array, received undefined'),
      ]);
      expect([await count('value_streams'), await count('value_stream_steps'), await count('category_step_links')]).toEqual([7, 32, 77]);
    });
  });

  describe('editing a step', () => {
    it('replaces its name, owner, times, target and unit name; its stream, order and links stay', async () => {
      const update = { name: 'Card production & delivery', owner: 'Card logistics', processTimeMinutes: 12.5, leadTimeHours: 96, targetCompleteAccurate: 0.97, unitName: 'cards shipped' };
      const { status, body } = await call<StepBody>('PUT', '/v1/value-streams/steps/card-production-delivery', update);
      parsedAnswer(StepResponse, body, 'PUT /v1/value-streams/steps/card-production-delivery');
      expect(status).toBe(200);
      expect(body).toMatchObject({ ...update, key: 'card-production-delivery', valueStream: 'card-issuing', order: 2 });
      expect(body.categories).toHaveLength(2);
      expect(await stepOf('card-production-delivery')).toEqual(body);
    });

    it('clears what is left out (the name derived from the key again), and takes the step as GET shows it', async () => {
      const before = await stepOf('card-production-delivery');
      expect((await call('PUT', '/v1/value-streams/steps/card-production-delivery', before)).body).toEqual(before);
      const cleared = await call<StepBody>('PUT', '/v1/value-streams/steps/eligibility', { owner: 'KYC team' });
      expect(cleared.body).toMatchObject({ name: 'Eligibility', owner: 'KYC team', leadTimeHours: null });
    });

    it('answers 404 for a step that does not exist and 400 naming the field for bad values or keys', async () => {
      const missing = await call('PUT', '/v1/value-streams/steps/no-such-step', { owner: 'x' });
      expect(missing).toEqual({ status: 404, body: expect.objectContaining({ message: "no step has the key 'no-such-step' (GET /v1/value-streams lists them)" }) });
      await expectMessages([
        ['PUT', '/v1/value-streams/steps/eligibility', { leadTimeHours: -2 }, 'leadTimeHours: must not be negative'],
        ['PUT', '/v1/value-streams/steps/eligibility', { targetCompleteAccurate: '98%' }, 'targetCompleteAccurate: must be a fraction from 0 to 1'],
        ['PUT', '/v1/value-streams/steps/eligibility', { key: 'other' }, "key: must be the key in the path ('eligibility') or left out"],
        ['PUT', `/v1/value-streams/steps/${encodeURIComponent("x'; DROP TABLE value_stream_steps; --")}`, {}, 'step: may hold only letters, digits, _, - and .'],
      ]);
      expect(await count('value_stream_steps')).toBe(32);
    });
  });

  describe('linking a category to steps', () => {
    let contact: string;

    beforeAll(async () => {
      // A classified contact, written as the classifier would (without the rollups: the next
      // link change recounts them from the contact rows).
      const model = await aModelVersion(db, 1);
      contact = await aStoredContact(db, { text: 'Where is my card?' });
      await aClassification(db, contact, { modelVersionId: model, taxonomyVersionId: 1, category: 'card_arrival', confidence: 0.9 });
    });

    it('splits a category across steps by weight and recounts the rollups at the new steps', async () => {
      const { status, body } = await call('PUT', '/v1/categories/card_arrival/steps', { steps: [{ step: 'card-production-delivery', weight: 0.7 }, { step: 'card-ordering', weight: 0.3 }] });
      expect({ status, body }).toEqual({
        status: 200,
        body: {
          category: 'card_arrival',
          steps: [
            { step: 'card-ordering', valueStream: 'card-issuing', weight: 0.3 },
            { step: 'card-production-delivery', valueStream: 'card-issuing', weight: 0.7 },
          ],
        },
      });
      expect(await rollupsOf('card_arrival')).toEqual({ 'card-ordering': 0.3, 'card-production-delivery': 0.7 });
      expect((await stepOf('card-ordering')).categories).toContainEqual({ category: 'card_arrival', weight: 0.3 });
    });

    it('moves the rollups when the category is linked elsewhere, and to no step when unlinked', async () => {
      await call('PUT', '/v1/categories/card_arrival/steps', { steps: [{ step: 'virtual-cards', weight: 1 }] });
      expect(await rollupsOf('card_arrival')).toEqual({ 'virtual-cards': 1 });
      const unlinked = await call('PUT', '/v1/categories/card_arrival/steps', { steps: [] });
      expect(unlinked.body).toEqual({ category: 'card_arrival', steps: [] });
      expect(await rollupsOf('card_arrival')).toEqual({ '(none)': 1 });
    });

    it('answers 404 for a category not in the current taxonomy and 400 naming the field', async () => {
      const missing = await call('PUT', '/v1/categories/no_such_category/steps', { steps: [{ step: 'virtual-cards', weight: 1 }] });
      expect(missing).toEqual({ status: 404, body: expect.objectContaining({ message: "taxonomy version 1 has no category 'no_such_category'" }) });
      const put = (body: unknown, message: string): [string, string, unknown, string] => ['PUT', '/v1/categories/card_arrival/steps', body, message];
      await expectMessages([
        put({ steps: [{ step: 'virtual-cards', weight: 0.5 }] }, 'steps: the weights must add up to 1 (they add up to 0.5)'),
        put({ steps: [{ step: 'nowhere', weight: 1 }] }, "steps.0.step: no step has the key 'nowhere'"),
        put({ steps: [{ step: 'virtual-cards', weight: 0.5 }, { step: 'virtual-cards', weight: 0.5 }] }, "steps.1.step: 'virtual-cards' is already listed at steps.0"),
        put({ steps: [{ step: 'virtual-cards', weight: 0 }] }, 'steps.0.weight: must be above 0 (at least 0.0001)'),
        put({}, 'steps: must be a list of { step, weight } (empty: not linked)'),
        ['PUT', `/v1/categories/${encodeURIComponent("x' OR '1'='1")}/steps`, { steps: [] }, 'category: may hold only letters, digits, _, -, . and ?'],
      ]);
      expect(await rollupsOf('card_arrival')).toEqual({ '(none)': 1 });
    });

    it('makes concurrent link changes one after the other, so none fails and none is lost', async () => {
      const categories = ['card_arrival', 'card_delivery_estimate', 'activate_my_card', 'lost_or_stolen_card', 'Refund_not_showing_up'];
      const answers = await Promise.all(categories.map((c) => call('PUT', `/v1/categories/${c}/steps`, { steps: [{ step: 'virtual-cards', weight: 1 }] })));
      expect(answers.map((a) => a.status)).toEqual(categories.map(() => 200));
      const linked = (await stepOf('virtual-cards')).categories.map((c) => c.category);
      expect(linked).toEqual(expect.arrayContaining(categories));
      expect(await rollupsOf('card_arrival')).toEqual({ 'virtual-cards': 1 });
    });

    it('recounts the rollups on import, back at the scenario step', async () => {
      await call('POST', '/v1/value-streams/import', scenario);
      expect(await rollupsOf('card_arrival')).toEqual({ 'card-production-delivery': 1 });
    });
  });

  describe('step volumes', () => {
    it('stores units per day by JSON, over what a day had, and lists them in a range (to exclusive)', async () => {
      const first = await call('PUT', '/v1/value-streams/steps/card-ordering/volumes', { volumes: [{ day: '2026-05-04', units: 120 }, { day: '2026-05-05', units: 98 }, { day: '2026-05-06', units: 101 }] });
      expect(first).toEqual({ status: 200, body: { step: 'card-ordering', stored: 3 } });
      await call('PUT', '/v1/value-streams/steps/card-ordering/volumes', { volumes: [{ day: '2026-05-05', units: 99 }] });
      const listed = await call('GET', '/v1/value-streams/steps/card-ordering/volumes?from=2026-05-05&to=2026-05-07', undefined, readKey);
      expect(listed.body).toEqual({ step: 'card-ordering', unitName: null, from: '2026-05-05', to: '2026-05-07', volumes: [{ day: '2026-05-05', units: 99 }, { day: '2026-05-06', units: 101 }] });
      expect((await call<Json & { volumes: unknown[] }>('GET', '/v1/value-streams/steps/card-ordering/volumes', undefined, readKey)).body.volumes).toHaveLength(3);
    });

    it('answers 404 for an unknown step and 400 naming the field', async () => {
      expect((await call('PUT', '/v1/value-streams/steps/no-such-step/volumes', { volumes: [{ day: '2026-05-04', units: 1 }] })).status).toBe(404);
      expect((await call('GET', '/v1/value-streams/steps/no-such-step/volumes', undefined, readKey)).status).toBe(404);
      const put = (body: unknown, message: string): [string, string, unknown, string] => ['PUT', '/v1/value-streams/steps/card-ordering/volumes', body, message];
      await expectMessages([
        put({ volumes: [] }, 'volumes: must hold at least one day'),
        put({ volumes: [{ day: '2026-02-30', units: 1 }] }, 'volumes.0.day: must be a date as YYYY-MM-DD'),
        put({ volumes: [{ day: '2026-05-04', units: -1 }] }, 'volumes.0.units: must not be negative'),
        put({ volumes: [{ day: '2026-05-04', units: 1.5 }] }, 'volumes.0.units: must be a whole number'),
        put({ volumes: [{ day: '2026-05-04', units: 1 }, { day: '2026-05-04', units: 2 }] }, 'volumes.1.day: 2026-05-04 is already given at volumes.0'),
        put({ volumes: Array.from({ length: 10_001 }, (_, i) => ({ day: '2026-05-04', units: i })) }, 'volumes: must hold at most 10000 days'),
        ['GET', '/v1/value-streams/steps/card-ordering/volumes?from=2026-05-07&to=2026-05-01', undefined, 'to: must be after from'],
        ['GET', `/v1/value-streams/steps/card-ordering/volumes?from=${encodeURIComponent("2026-05-01' OR 1=1 --")}`, undefined, 'from: must be a date as YYYY-MM-DD'],
      ]);
    });

    it('stores the valid rows of a CSV file and names each rejected line and field', async () => {
      const file = ['step,day,units', 'card-ordering,2026-05-07,130', 'virtual-cards,2026-05-07,40', 'no-such-step,2026-05-07,1', 'virtual-cards,2026-13-01,1', 'virtual-cards,2026-05-08,many', 'card-ordering,2026-05-04,121'].join('\r\n');
      const { status, body } = await csv(file);
      expect({ status, body }).toEqual({
        status: 200,
        body: {
          stored: 3,
          rejected: [
            { line: 4, field: 'step', problem: "no step has the key 'no-such-step'" },
            { line: 5, field: 'day', problem: 'must be a date as YYYY-MM-DD' },
            { line: 6, field: 'units', problem: 'must be a whole number of 0 or more' },
          ],
        },
      });
      const { rows } = await db.query("SELECT step_key, day::text AS day, units::int AS units FROM step_volumes WHERE day IN ('2026-05-04', '2026-05-07') ORDER BY 1, 2");
      expect(rows).toEqual([
        { step_key: 'card-ordering', day: '2026-05-04', units: 121 },
        { step_key: 'card-ordering', day: '2026-05-07', units: 130 },
        { step_key: 'virtual-cards', day: '2026-05-07', units: 40 },
      ]);
    });

    it('answers 400 with the list when nothing in the file is valid, the header is wrong, or the body is not CSV', async () => {
      const nothing = await csv('step,day,units\nno-such-step,2026-05-07,1\n');
      expect(nothing.status).toBe(400);
      expect(nothing.body).toMatchObject({ message: "no row of the file could be stored: line 2: step: no step has the key 'no-such-step'", stored: 0, rejected: [{ line: 2, field: 'step', problem: "no step has the key 'no-such-step'" }] });
      const header = await csv('card-ordering,2026-05-07,1\n');
      expect(header.body.message).toBe('no row of the file could be stored: line 1: (header): the first row must be a header naming the columns step, day and units');
      const json = await call('POST', '/v1/value-streams/volumes.csv', { step: 'card-ordering' });
      expect({ status: json.status, message: json.body.message }).toEqual({ status: 400, message: '(body): must be a CSV file sent with content-type: text/csv' });
    });
  });

  describe('handling costs', () => {
    it('replaces every channel cost and lists them; a channel left out has none', async () => {
      const costs = [{ channel: 'phone', costPerContact: 6.4, currency: 'GBP' }, { channel: 'email', costPerContact: 3.125, currency: 'GBP' }];
      const put = await call('PUT', '/v1/handling-costs', { costs });
      expect(put).toEqual({ status: 200, body: { costs: [{ channel: 'email', costPerContact: 3.13, currency: 'GBP' }, { channel: 'phone', costPerContact: 6.4, currency: 'GBP' }] } });
      await call('PUT', '/v1/handling-costs', { costs: [{ channel: 'chat', costPerContact: 2 }] });
      expect((await call('GET', '/v1/handling-costs', undefined, readKey)).body).toEqual({ costs: [{ channel: 'chat', costPerContact: 2, currency: 'EUR' }] });
    });

    it('answers 400 naming the field for a channel costed twice, two currencies, an unknown channel, a negative cost', async () => {
      const put = (costs: unknown, message: string): [string, string, unknown, string] => ['PUT', '/v1/handling-costs', { costs }, message];
      await expectMessages([
        put([{ channel: 'chat', costPerContact: 2 }, { channel: 'chat', costPerContact: 3 }], "costs.1.channel: 'chat' already has a cost at costs.0"),
        put([{ channel: 'chat', costPerContact: 2 }, { channel: 'web', costPerContact: 1, currency: 'USD' }], "costs.1.currency: must be EUR as at costs.0: every channel's cost is in one currency, so costs add up"),
        put([{ channel: 'pigeon', costPerContact: 2 }], 'costs.0.channel: must be one of email, phone, chat, web, social, store, letter, other'),
        put([{ channel: 'chat', costPerContact: -1 }], 'costs.0.costPerContact: must not be negative'),
      ]);
      expect((await call('GET', '/v1/handling-costs', undefined, readKey)).body).toEqual({ costs: [{ channel: 'chat', costPerContact: 2, currency: 'EUR' }] });
    });
  });

  describe('export and re-import', () => {
    it('exports a document that imports as the same model, keeping the volumes of the steps that stay', async () => {
      await call('PUT', '/v1/categories/card_arrival/steps', { steps: [{ step: 'card-production-delivery', weight: 0.6 }, { step: 'payment-authorisation', weight: 0.4 }] });
      const before = await streams();
      const exported = await call<Json & { valueStreams: Json[]; categories: Json[] }>('GET', '/v1/value-streams/export', undefined, readKey);
      expect(exported.status).toBe(200);
      expect(exported.body.categories).toContainEqual({ key: 'card_arrival', steps: [{ step: 'card-production-delivery', weight: 0.6 }, { step: 'payment-authorisation', weight: 0.4 }] });
      expect(exported.body.categories).toContainEqual({ key: 'card_delivery_estimate', valueStream: 'card-issuing', step: 'card-production-delivery' });
      expect(exported.body.handlingCosts).toEqual([{ channel: 'chat', costPerContact: 2, currency: 'EUR' }]);

      const volumes = await count('step_volumes');
      expect((await call('POST', '/v1/value-streams/import', exported.body)).body).toEqual({ valueStreams: 7, steps: 32, links: 78 });
      expect(await streams()).toEqual(before);
      expect((await call('GET', '/v1/value-streams/export', undefined, readKey)).body).toEqual(exported.body);
      expect(await count('step_volumes')).toBe(volumes);
    });

    it('deletes the steps and streams a new document leaves out, with their volumes and links', async () => {
      const document = {
        valueStreams: [{ key: 'card-issuing', name: 'Cards', owner: 'Card ops', steps: [{ key: 'card-ordering', order: 1 }, { key: 'card-delivery', order: 2, unitName: 'cards shipped' }] }],
        categories: [{ key: 'card_arrival', step: 'card-delivery' }],
      };
      expect((await call('POST', '/v1/value-streams/import', document)).body).toEqual({ valueStreams: 1, steps: 2, links: 1 });
      const listed = await streams();
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ key: 'card-issuing', name: 'Cards', owner: 'Card ops' });
      const { rows } = await db.query('SELECT DISTINCT step_key FROM step_volumes');
      expect(rows).toEqual([{ step_key: 'card-ordering' }]);
      expect(await rollupsOf('card_arrival')).toEqual({ 'card-delivery': 1 });
      // Handling costs are kept when the document has none.
      expect((await call('GET', '/v1/handling-costs', undefined, readKey)).body).toEqual({ costs: [{ channel: 'chat', costPerContact: 2, currency: 'EUR' }] });
    });
  });
});
