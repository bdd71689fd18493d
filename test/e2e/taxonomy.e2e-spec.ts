import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { TaxonomyVersionResponse } from '@frictionlens/contracts';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { parsedAnswer } from '../factories/api-client.js';
import { anApiKey } from '../factories/api-keys.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// The demo scenario the project ships (apps/all-in-one/demo).
const scenario = JSON.parse(readFileSync(resolve(process.cwd(), 'apps/all-in-one/demo/banking77-digital-bank.json'), 'utf8')) as { categories: Array<Record<string, unknown>> };

type VersionBody = TaxonomyVersionResponse;

// The friction taxonomy managed over HTTP: imported, read, edited one category at a time (each
// change a new immutable version), exported and imported again, on a real PostgreSQL.
describe('the taxonomy API (/v1/taxonomy)', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let sut: RunningService;
  let adminKey: string;
  let readKey: string;
  let ingestKey: string;

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    sut = await startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'taxonomy-test-key-0123456789' });
    [adminKey, readKey, ingestKey] = await Promise.all([anApiKey(database.url, ['admin']), anApiKey(database.url, ['metrics:read']), anApiKey(database.url, ['ingest:write'])]);
  });

  afterAll(async () => {
    await sut.close();
    await db.end();
    await database.drop();
  });

  const call = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown, key: string | null = adminKey) => {
    const response = await fetch(`${sut.url}${path}`, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(key && { 'x-api-key': key }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  // Parsed with the API's contract: a field added, dropped or retyped fails here.
  const current = async () => parsedAnswer(TaxonomyVersionResponse, (await call('GET', '/v1/taxonomy', undefined, readKey)).body, 'GET /v1/taxonomy');
  const withoutVersion = ({ categories }: VersionBody) => categories;

  describe('before anything was imported', () => {
    it('answers 404 saying how to import one', async () => {
      const { status, body } = await call('GET', '/v1/taxonomy');
      expect(status).toBe(404);
      expect(body.message).toBe('no taxonomy has been imported yet: POST a taxonomy document to /v1/taxonomy/import');
      expect((await call('GET', '/v1/taxonomy/export')).status).toBe(404);
      expect((await call('GET', '/v1/taxonomy/versions')).body).toEqual([]);
    });
  });

  describe('access', () => {
    it('needs a key: 401 without one', async () => {
      expect((await call('GET', '/v1/taxonomy', undefined, null)).status).toBe(401);
      expect((await call('POST', '/v1/taxonomy/import', scenario, null)).status).toBe(401);
    });

    it('lets a metrics:read key read but not change, and an ingest:write key do neither (403)', async () => {
      expect((await call('GET', '/v1/taxonomy/versions', undefined, readKey)).status).toBe(200);
      expect((await call('POST', '/v1/taxonomy/import', scenario, readKey)).status).toBe(403);
      expect((await call('PUT', '/v1/taxonomy/categories/x', { demandType: 'value' }, readKey)).status).toBe(403);
      expect((await call('DELETE', '/v1/taxonomy/categories/x', undefined, readKey)).status).toBe(403);
      expect((await call('POST', '/v1/taxonomy/categories/x/examples', { texts: ['a'] }, readKey)).status).toBe(403);
      expect((await call('GET', '/v1/taxonomy/versions', undefined, ingestKey)).status).toBe(403);
      expect(Number((await db.query('SELECT count(*) AS n FROM taxonomy_versions')).rows[0].n)).toBe(0);
    });
  });

  describe('import', () => {
    it('creates version 1 with the 77 categories of the BANKING77 scenario, keeping their value-stream fields', async () => {
      const { status, body } = await call('POST', '/v1/taxonomy/import', scenario);
      expect(status).toBe(201);
      expect(body).toEqual({ version: 1, categories: 77, examplesAdded: 0 });

      const taxonomy = await current();
      expect(taxonomy).toMatchObject({ version: 1, summary: 'imported 77 categories' });
      expect(taxonomy.categories).toHaveLength(77);
      expect(taxonomy.categories.find((c) => c.key === 'card_arrival')).toEqual({
        key: 'card_arrival',
        name: 'Card arrival',
        description: null,
        demandType: 'failure',
        parent: null,
        failureType: 'progress-chasing',
        rules: [],
        attributes: { valueStream: 'card-issuing', step: expect.any(String), note: expect.any(String) },
        exampleCount: 0,
      });
      expect(taxonomy.categories[0]!.name).toBe('Refund not showing up');
      const { rows } = await db.query('SELECT count(*)::int AS n FROM taxonomy_categories WHERE taxonomy_version_id = 1');
      expect(rows[0].n).toBe(77);
    });

    it('names each bad field: a key used twice, an unknown parent, a parent cycle, a reserved key', async () => {
      const a = { key: 'a', demandType: 'value' };
      const cases: Array<[unknown, string]> = [
        [{ categories: [a, { ...a }] }, "categories.1.key: 'a' is already the key of category 0"],
        [{ categories: [{ ...a, parent: 'nope' }] }, "categories.0.parent: no category has the key 'nope'"],
        [{ categories: [{ ...a, parent: 'b' }, { key: 'b', demandType: 'value', parent: 'a' }] }, 'categories.0.parent: the parents make a cycle: a → b → a'],
        [{ categories: [{ key: 'unclassified', demandType: 'value' }] }, "categories.0.key: 'unclassified' is reserved for contacts the classifier is not confident about"],
        [{ categories: [{ key: 'a' }] }, "categories.0.demandType: must be 'failure' or 'value'"],
        [{ description: 'no categories' }, 'categories: Invalid input: expected array, received undefined'],
      ];
      for (const [document, message] of cases) {
        const { status, body } = await call('POST', '/v1/taxonomy/import', document);
        expect({ status, message: body.message }).toEqual({ status: 400, message });
      }
      expect((await current()).version).toBe(1);
    });
  });

  describe('editing one category', () => {
    it('PUT creates version 2 with that category changed and the other 76 as they were', async () => {
      const before = await current();
      const { status, body } = await call('PUT', '/v1/taxonomy/categories/card_arrival', {
        name: 'Card not arrived',
        description: 'The customer is waiting for a card',
        demandType: 'failure',
        failureType: 'progress-chasing',
        rules: ['card not arrived', 'where is my card'],
        valueStream: 'card-issuing',
        step: 'card-delivery',
      });
      expect(status).toBe(200);
      expect(body).toEqual({ version: 2, changed: true, examplesAdded: 0 });

      const after = await current();
      expect(after).toMatchObject({ version: 2, summary: 'edited card_arrival' });
      const changed = after.categories.filter((c) => !before.categories.some((b) => JSON.stringify(b) === JSON.stringify(c)));
      expect(changed.map((c) => c.key)).toEqual(['card_arrival']);
      expect(changed[0]).toMatchObject({ name: 'Card not arrived', rules: ['card not arrived', 'where is my card'], attributes: { valueStream: 'card-issuing', step: 'card-delivery' } });
      expect(after.categories).toHaveLength(77);
      // Version 1 is immutable.
      expect(parsedAnswer(TaxonomyVersionResponse, (await call('GET', '/v1/taxonomy/versions/1', undefined, readKey)).body, 'GET /v1/taxonomy/versions/1')).toEqual(before);
    });

    it('PUT of the category as GET shows it changes nothing and makes no version', async () => {
      const { key: _key, exampleCount: _count, attributes, ...fields } = (await current()).categories.find((c) => c.key === 'card_arrival')!;
      const { body } = await call('PUT', '/v1/taxonomy/categories/card_arrival', { ...fields, ...attributes });
      expect(body).toEqual({ version: 2, changed: false, examplesAdded: 0 });
    });

    it('PUT of a new key adds it, with a parent, and DELETE of that parent is refused while the child names it (409)', async () => {
      const added = await call('PUT', '/v1/taxonomy/categories/card_arrival.abroad', { demandType: 'failure', parent: 'card_arrival', examples: ['my card never came to my address in Spain'] });
      expect(added.body).toEqual({ version: 3, changed: true, examplesAdded: 1 });
      const child = (await current()).categories.find((c) => c.key === 'card_arrival.abroad');
      expect(child).toMatchObject({ name: 'Card arrival abroad', parent: 'card_arrival', exampleCount: 1 });

      const refused = await call('DELETE', '/v1/taxonomy/categories/card_arrival');
      expect(refused.status).toBe(409);
      expect(refused.body.message).toBe("'card_arrival' is the parent of 'card_arrival.abroad': give them another parent or remove them first");

      const removed = await call('DELETE', '/v1/taxonomy/categories/card_arrival.abroad');
      expect(removed).toEqual({ status: 200, body: { version: 4 } });
      const after = await current();
      expect(after).toMatchObject({ version: 4, summary: 'removed card_arrival.abroad' });
      expect(after.categories.map((c) => c.key)).not.toContain('card_arrival.abroad');
      expect(after.categories).toHaveLength(77);
    });

    it('answers 400 naming the field for a bad parent, a cycle, a key that differs from the path, a bad key', async () => {
      const cases: Array<[string, unknown, string]> = [
        ['/v1/taxonomy/categories/new_one', { demandType: 'value', parent: 'nope' }, "parent: no category has the key 'nope'"],
        ['/v1/taxonomy/categories/card_arrival', { demandType: 'failure', parent: 'card_arrival' }, 'parent: a category cannot be its own parent'],
        ['/v1/taxonomy/categories/new_one', { key: 'other', demandType: 'value' }, "key: must be the key in the path ('new_one') or left out"],
        ['/v1/taxonomy/categories/unclassified', { demandType: 'value' }, "key: 'unclassified' is reserved for contacts the classifier is not confident about"],
        [`/v1/taxonomy/categories/${encodeURIComponent("x'; DROP TABLE taxonomy_versions; --")}`, { demandType: 'value' }, 'key: may hold only letters, digits, _, -, . and ?'],
        ['/v1/taxonomy/categories/new_one', { demandType: 'maybe' }, "demandType: must be 'failure' or 'value'"],
      ];
      for (const [path, body, message] of cases) {
        const response = await call('PUT', path, body);
        expect({ path, status: response.status, message: response.body.message }).toEqual({ path, status: 400, message });
      }
      expect((await current()).version).toBe(4);
    });

    it('rejects a parent cycle made by an edit', async () => {
      await call('PUT', '/v1/taxonomy/categories/cards', { demandType: 'value' });
      await call('PUT', '/v1/taxonomy/categories/cards.lost', { demandType: 'failure', parent: 'cards' });
      const { status, body } = await call('PUT', '/v1/taxonomy/categories/cards', { demandType: 'value', parent: 'cards.lost' });
      expect(status).toBe(400);
      expect(body.message).toMatch(/^parent: the parents make a cycle: /);
      await call('DELETE', '/v1/taxonomy/categories/cards.lost');
      await call('DELETE', '/v1/taxonomy/categories/cards');
    });

    it('answers 404 for removing a category the current version does not have', async () => {
      const { status, body } = await call('DELETE', '/v1/taxonomy/categories/no_such_category');
      expect(status).toBe(404);
      expect(body.message).toMatch(/^taxonomy version \d+ has no category 'no_such_category'$/);
    });

    it('makes concurrent edits one after the other, so none is lost', async () => {
      const keys = ['c1', 'c2', 'c3', 'c4', 'c5'];
      const answers = await Promise.all(keys.map((key) => call<{ version: number }>('PUT', `/v1/taxonomy/categories/${key}`, { demandType: 'value' })));
      const versions = answers.map((a) => a.body.version).sort((x, y) => x - y);
      expect(new Set(versions).size).toBe(5);
      const latest = await current();
      expect(latest.version).toBe(versions[4]);
      expect(latest.categories.map((c) => c.key)).toEqual(expect.arrayContaining(keys));
      for (const key of keys) await call('DELETE', `/v1/taxonomy/categories/${key}`);
    });
  });

  describe('versions', () => {
    it('lists every version newest first with its category count', async () => {
      const { body } = await call<Array<Record<string, unknown>>>('GET', '/v1/taxonomy/versions', undefined, readKey);
      const numbers = body.map((v) => Number(v.version));
      expect(numbers[0]).toBe((await current()).version);
      expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
      expect(body.at(-1)).toEqual({ version: 1, createdAt: expect.any(String), summary: 'imported 77 categories', categoryCount: 77 });
    });

    it('answers 404 for a version that does not exist and 400 for one that is not a number', async () => {
      expect((await call('GET', '/v1/taxonomy/versions/999', undefined, readKey)).status).toBe(404);
      for (const bad of ['abc', '0', '-1', '1.5', "1' OR '1'='1", '99999999999']) {
        const { status, body } = await call('GET', `/v1/taxonomy/versions/${encodeURIComponent(bad)}`, undefined, readKey);
        expect({ bad, status, field: (body.problems as Array<{ field: string }>)[0]!.field }).toEqual({ bad, status: 400, field: 'version' });
      }
    });
  });

  describe('examples', () => {
    it('adds examples to a category without a new version; the same text twice is one example', async () => {
      const version = (await current()).version;
      const first = await call('POST', '/v1/taxonomy/categories/card_arrival/examples', { texts: ['Where is my new card?', 'My card still has not come', 'Where is my new card?'] });
      expect(first).toEqual({ status: 201, body: { category: 'card_arrival', examplesAdded: 2, exampleCount: 2 } });
      const again = await call('POST', '/v1/taxonomy/categories/card_arrival/examples', { texts: [' Where is my new card? ', 'It was sent to jane.doe@example.com'] });
      expect(again.body).toEqual({ category: 'card_arrival', examplesAdded: 1, exampleCount: 3 });
      const { rows } = await db.query("SELECT text, origin FROM labelled_examples WHERE category_key = 'card_arrival' ORDER BY id");
      expect(rows.map((r) => r.text)).toEqual(['Where is my new card?', 'My card still has not come', 'It was sent to [EMAIL]']);
      expect(rows[0].origin).toBe('import');
      expect((await current()).version).toBe(version);
    });

    it('answers 404 for an unknown category and 400 naming texts for too few, too many or too long', async () => {
      const unknown = await call('POST', '/v1/taxonomy/categories/no_such/examples', { texts: ['x'] });
      expect(unknown.status).toBe(404);
      const cases: Array<[unknown, string]> = [
        [{ texts: [] }, 'texts: must hold at least one text'],
        [{ texts: Array(1001).fill('x') }, 'texts: must hold at most 1000 texts'],
        [{ texts: ['x'.repeat(4097)] }, 'texts.0: must be at most 4096 characters'],
        [{ texts: ['ok', '  '] }, 'texts.1: must not be blank'],
        [{}, 'texts: Invalid input: expected array, received undefined'],
      ];
      for (const [body, message] of cases) {
        const response = await call('POST', '/v1/taxonomy/categories/card_arrival/examples', body);
        expect({ status: response.status, message: response.body.message }).toEqual({ status: 400, message });
      }
    });
  });

  describe('export', () => {
    it('exports the current version with its examples, and importing the export gives the same taxonomy', async () => {
      const before = await current();
      const exported = await call<{ version: number; categories: Array<Record<string, unknown>> }>('GET', '/v1/taxonomy/export', undefined, readKey);
      expect(exported.status).toBe(200);
      expect(exported.body.version).toBe(before.version);
      expect(exported.body.categories.find((c) => c.key === 'card_arrival')).toEqual({
        key: 'card_arrival',
        name: 'Card not arrived',
        description: 'The customer is waiting for a card',
        demandType: 'failure',
        failureType: 'progress-chasing',
        rules: ['card not arrived', 'where is my card'],
        examples: ['Where is my new card?', 'My card still has not come', 'It was sent to [EMAIL]'],
        valueStream: 'card-issuing',
        step: 'card-delivery',
      });

      const imported = await call('POST', '/v1/taxonomy/import', exported.body);
      expect(imported.body).toEqual({ version: before.version + 1, categories: 77, examplesAdded: 0 });
      expect(withoutVersion(await current())).toEqual(withoutVersion(before));
    });
  });
});
