import pg from 'pg';
import type { DataSource } from 'typeorm';
import { LabelResponse, ReviewQueueResponse } from '@frictionlens/contracts';
import { ClassificationRepository, createDataSource, TaxonomyRepository } from '@frictionlens/persistence';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { parsedAnswer } from '../factories/api-client.js';
import { anApiKey } from '../factories/api-keys.js';
import { aClassification, aModelVersion, aStoredContact, aTaxonomy } from '../factories/classifications.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

type QueueBody = ReviewQueueResponse;

// Contacts the classifier was unsure of wait for a reviewer, least certain first; a reviewer's
// label takes a contact out of the queue and becomes a training example.
describe('the review queue and reviewers’ labels', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let dataSource: DataSource;
  let sut: RunningService;
  let adminKey: string;
  let taxonomyVersion: number;
  let model: { modelVersionId: number; taxonomyVersionId: number };
  // Unclassified contacts by confidence, as the queue must list them.
  const queued: string[] = [];
  let confident: string;
  let lowButClassified: string;

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    dataSource = createDataSource(database.url, { logging: ['error'] });
    await dataSource.initialize();
    sut = await startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'review-test-key-0123456789' });
    adminKey = await anApiKey(database.url, ['admin']);

    taxonomyVersion = await aTaxonomy(db, ['card_arrival', 'lost_or_stolen_card', 'Refund_not_showing_up']);
    const older = await aModelVersion(db, taxonomyVersion);
    model = { modelVersionId: await aModelVersion(db, taxonomyVersion), taxonomyVersionId: taxonomyVersion };
    // Seven unclassified contacts; two share a confidence, so the contact id breaks the tie.
    const confidences = [0.41, 0.12, 0.3, 0.3, 0.05, 0.44, 0.2];
    const made: Array<{ id: string; confidence: number }> = [];
    for (const confidence of confidences) {
      const id = await aStoredContact(db, { text: `unsure at ${confidence}` });
      await aClassification(db, id, { ...model, confidence });
      made.push({ id, confidence });
    }
    made.sort((a, b) => a.confidence - b.confidence || Number(a.id) - Number(b.id));
    queued.push(...made.map((m) => m.id));
    confident = await aStoredContact(db);
    await aClassification(db, confident, { ...model, category: 'card_arrival', confidence: 0.93 });
    lowButClassified = await aStoredContact(db);
    await aClassification(db, lowButClassified, { ...model, category: 'lost_or_stolen_card', confidence: 0.48 });
    // Unclassified by an older model only: its current classification is confident.
    const reclassified = await aStoredContact(db);
    await aClassification(db, reclassified, { modelVersionId: older, taxonomyVersionId: taxonomyVersion, confidence: 0.01, current: false });
    await aClassification(db, reclassified, { ...model, category: 'card_arrival', confidence: 0.9 });
  });

  afterAll(async () => {
    await sut.close();
    await dataSource.destroy();
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
  // A 200 is parsed with the API's contract: a field added, dropped or retyped fails here.
  const queue = async (query = '') => {
    const answer = await call<QueueBody>('GET', `/v1/review-queue${query}`);
    if (answer.status === 200) parsedAnswer(ReviewQueueResponse, answer.body, `GET /v1/review-queue${query}`);
    return answer;
  };
  const label = async (contactId: string, body: unknown) => {
    const answer = await call(`POST`, `/v1/contacts/${encodeURIComponent(contactId)}/label`, body);
    if (answer.status === 200) parsedAnswer(LabelResponse, answer.body, 'POST /v1/contacts/{id}/label');
    return answer;
  };

  it('needs an admin key: 401 without one, 403 with a metrics:read one', async () => {
    const reader = await anApiKey(database.url, ['metrics:read']);
    expect((await call('GET', '/v1/review-queue', undefined, null)).status).toBe(401);
    expect((await call('GET', '/v1/review-queue', undefined, reader)).status).toBe(403);
    expect((await call('POST', `/v1/contacts/${queued[0]}/label`, { category: 'card_arrival' }, null)).status).toBe(401);
    expect((await call('POST', `/v1/contacts/${queued[0]}/label`, { category: 'card_arrival' }, reader)).status).toBe(403);
  });

  it('lists the unclassified contacts, least certain first, with their stored text and classification', async () => {
    const { status, body } = await queue();
    expect(status).toBe(200);
    expect(body.items.map((i) => i.contactId)).toEqual(queued);
    expect(body.nextCursor).toBeNull();
    expect(body.items[0]).toEqual({
      contactId: queued[0],
      kind: 'ticket',
      channel: 'email',
      occurredAt: '2026-05-04T09:30:00.000Z',
      text: 'unsure at 0.05',
      classification: {
        category: 'unclassified',
        confidence: 0.05,
        top: [{ category: 'card_arrival', probability: 0.05 }],
        explanation: { decidedBy: 'model', terms: [{ term: 'card', weight: 0.4 }] },
        modelVersion: model.modelVersionId,
        taxonomyVersion,
        classifiedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    });
  });

  it('pages through the queue with an opaque cursor, each contact once, ending with a null cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { body } = await queue(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((i) => i.contactId));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(seen).toEqual(queued);
  });

  it('with below, lists every current classification under that confidence, classified or not', async () => {
    const { body } = await queue('?below=0.5');
    expect(body.items.map((i) => i.contactId)).toEqual([...queued, lowButClassified]);
    expect(body.items.map((i) => i.contactId)).not.toContain(confident);
    const under = await queue('?below=0.2');
    expect(under.body.items.map((i) => i.contactId)).toEqual(queued.slice(0, 2));
  });

  it('with from and to, lists only the contacts that occurred in the period (from inclusive, to exclusive), paged as before', async () => {
    // Classified at 0.6, so only below=0.7 shows them and the tests above and below never see them.
    const at = async (occurredAt: string) => {
      const id = await aStoredContact(db, { occurredAt, text: `in March? ${occurredAt}` });
      await aClassification(db, id, { ...model, category: 'card_arrival', confidence: 0.6 });
      return id;
    };
    const [, firstInstant, lastInstant] = [await at('2026-02-28T23:59:59Z'), await at('2026-03-01T00:00:00Z'), await at('2026-03-31T23:59:59Z'), await at('2026-04-01T00:00:00Z')];
    const march = 'from=2026-03-01&to=2026-04-01';

    const { status, body } = await queue(`?below=0.7&${march}`);
    expect(status).toBe(200);
    expect(body.items.map((i) => i.contactId)).toEqual([firstInstant, lastInstant]);
    const first = await queue(`?below=0.7&${march}&limit=1`);
    expect(first.body.items.map((i) => i.contactId)).toEqual([firstInstant]);
    const second = await queue(`?below=0.7&${march}&limit=1&cursor=${encodeURIComponent(first.body.nextCursor!)}`);
    expect({ ids: second.body.items.map((i) => i.contactId), next: second.body.nextCursor }).toEqual({ ids: [lastInstant], next: null });
    // The unclassified queue too: all seven occurred on 4 May 2026.
    expect((await queue('?from=2026-05-04&to=2026-05-05')).body.items.map((i) => i.contactId)).toEqual(queued);
    expect((await queue('?from=2026-05-05&to=2026-06-01')).body.items).toEqual([]);
    expect((await queue(`?${march}`)).body.items).toEqual([]);
  });

  it.each([
    ['?from=2026-13-01', 'from', 'must be a date as YYYY-MM-DD'],
    ['?from=1899-12-31&to=2026-01-01', 'from', 'must be a date from 1900-01-01 to 2999-12-31, not 1899-12-31'],
    ['?from=2026-03-01&to=2026-03-01', 'to', 'must be after from'],
    ['?from=2020-01-01&to=2026-01-01', 'to', 'must be at most 1100 days after from'],
    ['?to=March', 'to', 'must be a date as YYYY-MM-DD'],
  ])('answers 400 naming the date for %s, as the metrics do', async (query, field, problem) => {
    const { status, body } = await call<{ problems: Array<{ field: string; problem: string }> }>('GET', `/v1/review-queue${query}`);
    expect(status).toBe(400);
    expect(body.problems).toEqual([{ field, problem }]);
    const metrics = await call<{ problems: Array<{ field: string; problem: string }> }>('GET', `/v1/metrics/steps${query}`);
    expect(metrics.body.problems).toEqual(body.problems);
  });

  it.each([
    ['?limit=0', 'limit'],
    ['?limit=201', 'limit'],
    ['?limit=abc', 'limit'],
    ['?limit=1.5', 'limit'],
    ['?below=2', 'below'],
    ['?below=0', 'below'],
    ['?below=x', 'below'],
    ['?cursor=not-a-cursor', 'cursor'],
    [`?cursor=${Buffer.from(JSON.stringify(["0.1'; DROP TABLE contacts; --", '1'])).toString('base64url')}`, 'cursor'],
    [`?cursor=${Buffer.from(JSON.stringify(['1e', '1'])).toString('base64url')}`, 'cursor'],
    [`?cursor=${Buffer.from(JSON.stringify(['0.5', '9999999999999999999'])).toString('base64url')}`, 'cursor'],
    ['?cursor=a&cursor=b', 'cursor'],
  ])('answers 400 naming the parameter for %s', async (query, field) => {
    const { status, body } = await call<{ problems: Array<{ field: string }> }>('GET', `/v1/review-queue${query}`);
    expect(status).toBe(400);
    expect(body.problems.map((p) => p.field)).toEqual([field]);
  });

  describe('labelling a contact', () => {
    it('stores the label against the current taxonomy, says what the model had said, and takes the contact out of the queue', async () => {
      const contactId = queued[0]!;
      const { status, body } = await label(contactId, { category: 'card_arrival', reviewer: 'sam' });
      expect(status).toBe(200);
      expect(body).toEqual({ contactId, category: 'card_arrival', taxonomyVersion, notForHere: false, previous: 'unclassified' });
      expect((await queue()).body.items.map((i) => i.contactId)).toEqual(queued.slice(1));
      const { rows } = await db.query('SELECT category_key, reviewer, taxonomy_version_id FROM contact_labels WHERE contact_id = $1', [contactId]);
      expect(rows).toEqual([{ category_key: 'card_arrival', reviewer: 'sam', taxonomy_version_id: taxonomyVersion }]);
    });

    it('replaces an earlier label: one label per contact, the newest standing', async () => {
      const contactId = queued[0]!;
      const { body } = await label(contactId, { category: 'lost_or_stolen_card' });
      expect(body).toMatchObject({ category: 'lost_or_stolen_card', previous: 'unclassified' });
      const { rows } = await db.query('SELECT category_key, reviewer FROM contact_labels WHERE contact_id = $1', [contactId]);
      expect(rows).toEqual([{ category_key: 'lost_or_stolen_card', reviewer: null }]);
    });

    it('labels a contact the model classified confidently too, answering its category as previous', async () => {
      expect((await label(confident, { category: 'Refund_not_showing_up' })).body).toMatchObject({ previous: 'card_arrival' });
    });

    it('answers previous: null for a contact no model has classified yet', async () => {
      const fresh = await aStoredContact(db);
      expect((await label(fresh, { category: 'card_arrival' })).body).toMatchObject({ contactId: fresh, previous: null });
    });

    it('answers 404 for a contact that does not exist', async () => {
      const { status, body } = await label('987654321', { category: 'card_arrival' });
      expect(status).toBe(404);
      expect(body.message).toBe('contact 987654321 does not exist');
    });

    it.each([
      [{ category: 'not_in_taxonomy' }, `category: 'not_in_taxonomy' is not a category of the current taxonomy (version 1)`],
      [{ category: 'unclassified' }, "category: 'unclassified' is not a label: choose the category the contact belongs to"],
      [{}, 'category: is required: the key of a category of the current taxonomy (or notForHere: true, keeping the category the contact has)'],
      [{ category: 'card_arrival', notForHere: 'yes' }, 'notForHere: must be true or false'],
      [{ category: 'card_arrival', reviewer: '' }, 'reviewer: must not be blank'],
    ])('answers 400 naming the field for %j', async (request, message) => {
      const { status, body } = await label(queued[1]!, request);
      expect({ status, message: body.message }).toEqual({ status: 400, message });
    });

    it.each(['abc', '0', '-1', '1.5', '1 OR 1=1', "1'; DROP TABLE contacts; --", '99999999999999999999'])('answers 400 naming id for the contact id %s, never a 500', async (id) => {
      const { status, body } = await call<{ problems: Array<{ field: string }> }>('POST', `/v1/contacts/${encodeURIComponent(id)}/label`, { category: 'card_arrival' });
      expect(status).toBe(400);
      expect(body.problems[0]!.field).toBe('id');
    });
  });

  describe('what the classifier trains on (TaxonomyRepository)', () => {
    it('takes the examples and the reviewers’ labels of the current version’s categories, and counts labels since a date', async () => {
      const sut = new TaxonomyRepository(dataSource);
      const since = new Date();
      await db.query("INSERT INTO labelled_examples (category_key, text, origin) VALUES ('card_arrival', 'where is my card', 'taxonomy'), ('gone_category', 'old', 'taxonomy')");
      await label(queued[2]!, { category: 'Refund_not_showing_up' });
      // Given last, first in alphabetical order.
      await db.query("INSERT INTO labelled_examples (category_key, text, origin) VALUES ('card_arrival', 'anything about my card?', 'taxonomy')");

      const examples = await sut.trainingExamples();
      expect(examples).toEqual(
        expect.arrayContaining([
          { text: 'where is my card', label: 'card_arrival' },
          { text: 'unsure at 0.05', label: 'lost_or_stolen_card' },
          { text: 'unsure at 0.2', label: 'Refund_not_showing_up' },
        ]),
      );
      expect(examples.map((e) => e.label)).not.toContain('gone_category');
      // Each label's oldest first: training holds out each category's newest examples.
      const cardArrival = examples.filter((e) => e.label === 'card_arrival').map((e) => e.text);
      expect(cardArrival.slice(-2)).toEqual(['where is my card', 'anything about my card?']);
      expect(examples.map((e) => e.label)).toEqual([...examples.map((e) => e.label)].sort());
      expect(await sut.labelCountSince(since)).toBe(1);
      expect(await sut.labelCountSince(new Date(0))).toBe(4);

      // A new version without Refund_not_showing_up: its labels no longer train the model.
      const current = (await sut.currentVersion())!;
      await sut.createVersionFrom(current.id, 'removed Refund_not_showing_up', { remove: 'Refund_not_showing_up' });
      expect((await sut.trainingExamples()).map((e) => e.label)).not.toContain('Refund_not_showing_up');
      expect((await sut.currentVersion())!.categories.map((c) => c.key)).toEqual(['card_arrival', 'lost_or_stolen_card']);
    });
  });
  // A contact sent to the wrong place is failure demand of its own type, 'not-for-here', whatever
  // its category; the reviewer need not name a category, the contact keeps the one it has. These
  // run after the training examples above, on the taxonomy version without Refund_not_showing_up.
  describe('not for here', () => {
    const storedClassification = async (occurredAt: string, category: string): Promise<string> => {
      const id = await aStoredContact(db, { occurredAt, text: `sent here by mistake, ${category}` });
      // Through the classifier's own path, so the rollups count the contact as it would.
      await new ClassificationRepository(dataSource).storeBatch(model, [
        { contactId: id, categoryKey: category, demandType: 'failure', confidence: 0.45, top: [{ category, probability: 0.45 }], explanation: {}, sentiment: 0, effortCues: [] },
      ]);
      return id;
    };
    const rollupsOn = async (day: string) =>
      (await db.query('SELECT category_key, demand_type, contact_failure_type, contacts::float8 AS contacts FROM demand_rollups WHERE day = $1 ORDER BY contact_failure_type', [day])).rows;

    it("keeps the model's category when no category is given, and the metrics count the contact as failure demand of the type not-for-here", async () => {
      const contactId = await storedClassification('2026-06-10T10:00:00Z', 'card_arrival');
      expect(await rollupsOn('2026-06-10')).toEqual([{ category_key: 'card_arrival', demand_type: 'failure', contact_failure_type: '', contacts: 1 }]);
      const version = (await new TaxonomyRepository(dataSource).currentVersion())!.id;

      const { status, body } = await label(contactId, { notForHere: true, reviewer: 'sam' });
      expect(status).toBe(200);
      expect(body).toEqual({ contactId, category: 'card_arrival', taxonomyVersion: version, notForHere: true, previous: 'card_arrival' });
      const { rows } = await db.query('SELECT category_key, not_for_here, reviewer FROM contact_labels WHERE contact_id = $1', [contactId]);
      expect(rows).toEqual([{ category_key: 'card_arrival', not_for_here: true, reviewer: 'sam' }]);
      expect(await rollupsOn('2026-06-10')).toEqual([{ category_key: 'card_arrival', demand_type: 'failure', contact_failure_type: 'not-for-here', contacts: 1 }]);
      // Where it should have gone is no lesson about what it is: the model neither trains on it nor counts it towards a retrain.
      const taxonomy = new TaxonomyRepository(dataSource);
      const { rows: [contact] } = await db.query<{ text: string }>('SELECT text FROM contacts WHERE id = $1', [contactId]);
      expect((await taxonomy.trainingExamples()).map((e) => e.text)).not.toContain(contact!.text);
      const labelledSince = new Date(Date.now() - 60_000);
      const countedBefore = await taxonomy.labelCountSince(labelledSince);

      const week = 'from=2026-06-08&to=2026-06-15';
      const byType = await call<{ rows: Array<{ failureType: string | null; count: number }> }>('GET', `/v1/metrics/pareto?${week}&by=failureType&demandType=failure`);
      expect(byType.status).toBe(200);
      expect(byType.body.rows.map((r) => [r.failureType, r.count])).toEqual([['not-for-here', 1]]);
      const byCategory = await call<{ rows: Array<{ category: string; count: number }> }>('GET', `/v1/metrics/pareto?${week}&by=category&demandType=failure`);
      expect(byCategory.body.rows.map((r) => [r.category, r.count])).toEqual([['card_arrival', 1]]);

      // A later label without notForHere takes it back: the contact counts under its category's type again.
      expect((await label(contactId, { category: 'card_arrival' })).body).toMatchObject({ category: 'card_arrival', notForHere: false });
      expect(await rollupsOn('2026-06-10')).toEqual([{ category_key: 'card_arrival', demand_type: 'failure', contact_failure_type: '', contacts: 1 }]);
      expect((await taxonomy.trainingExamples()).map((e) => e.text)).toContain(contact!.text);
      expect(await taxonomy.labelCountSince(labelledSince)).toBe(countedBefore + 1);
    });

    it('takes a category given with it, and keeps a label’s category over the model’s', async () => {
      const contactId = await storedClassification('2026-06-11T10:00:00Z', 'card_arrival');
      expect((await label(contactId, { category: 'lost_or_stolen_card', notForHere: true })).body).toMatchObject({ category: 'lost_or_stolen_card', notForHere: true, previous: 'card_arrival' });
      expect((await label(contactId, { category: 'lost_or_stolen_card' })).body).toMatchObject({ category: 'lost_or_stolen_card', notForHere: false });
      expect((await label(contactId, { notForHere: true })).body).toMatchObject({ category: 'lost_or_stolen_card', notForHere: true, previous: 'card_arrival' });
      expect(await rollupsOn('2026-06-11')).toEqual([{ category_key: 'lost_or_stolen_card', demand_type: 'failure', contact_failure_type: 'not-for-here', contacts: 1 }]);
    });

    it('answers 400 naming category for a contact with no category to keep, and 404 for one that does not exist', async () => {
      const version = (await new TaxonomyRepository(dataSource).currentVersion())!.id;
      const unclassified = queued[3]!;
      const noCategory = 'category: is required: the contact has no category to keep (it is unclassified, or not classified yet)';
      const answered = await call<{ message: string; problems: Array<{ field: string }> }>('POST', `/v1/contacts/${unclassified}/label`, { notForHere: true });
      expect({ status: answered.status, message: answered.body.message, fields: answered.body.problems.map((p) => p.field) }).toEqual({ status: 400, message: noCategory, fields: ['category'] });
      expect((await label(await aStoredContact(db), { notForHere: true })).body.message).toBe(noCategory);
      // Labelled Refund_not_showing_up, a category the current version no longer has.
      expect((await label(confident, { notForHere: true })).body.message).toBe(
        `category: is required: the contact's category 'Refund_not_showing_up' is not a category of the current taxonomy (version ${version}) to keep`,
      );
      expect((await db.query('SELECT 1 FROM contact_labels WHERE contact_id = $1', [unclassified])).rows).toEqual([]);
      const missing = await label('987654321', { notForHere: true });
      expect({ status: missing.status, message: missing.body.message }).toEqual({ status: 404, message: 'contact 987654321 does not exist' });
    });

    it('feeds a study code of not for here back as a label saying so, keeping the model’s category', async () => {
      const contactId = await storedClassification('2026-07-07T10:00:00Z', 'lost_or_stolen_card');
      const study = await call<{ id: number; sample: Array<{ contactId: string }> }>('POST', '/v1/studies', { title: 'July', from: '2026-07-06', to: '2026-07-13', stratifyBy: 'channel', size: 1 });
      expect(study.status).toBe(201);
      expect(study.body.sample.map((s) => s.contactId)).toEqual([contactId]);

      const coded = await call('PUT', `/v1/studies/${study.body.id}/contacts/${contactId}`, { notForHere: true, coder: 'kim' });
      expect(coded.status).toBe(200);
      expect(coded.body).toMatchObject({ code: { notForHere: true, failureType: 'not-for-here', category: null }, label: { category: 'lost_or_stolen_card', notForHere: true, previous: 'lost_or_stolen_card' } });
      const { rows } = await db.query('SELECT category_key, not_for_here, reviewer FROM contact_labels WHERE contact_id = $1', [contactId]);
      expect(rows).toEqual([{ category_key: 'lost_or_stolen_card', not_for_here: true, reviewer: 'kim' }]);
      expect(await rollupsOn('2026-07-07')).toEqual([{ category_key: 'lost_or_stolen_card', demand_type: 'failure', contact_failure_type: 'not-for-here', contacts: 1 }]);

      // Coded again as failure with a category: the label says so, and is not for here no more.
      await call('PUT', `/v1/studies/${study.body.id}/contacts/${contactId}`, { demandType: 'failure', category: 'card_arrival', coder: 'kim' });
      expect((await db.query('SELECT category_key, not_for_here FROM contact_labels WHERE contact_id = $1', [contactId])).rows).toEqual([{ category_key: 'card_arrival', not_for_here: false }]);
    });

    it('documents the label body: category optional, notForHere a boolean defaulting to false', async () => {
      const response = await fetch(`${sut.url}/docs/openapi.json`);
      const document = (await response.json()) as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, { type?: string; default?: unknown; description?: string }>; required?: string[] } }> } }>> };
      const schema = document.paths['/v1/contacts/{id}/label']!.post!.requestBody!.content['application/json']!.schema;
      expect(Object.keys(schema.properties).sort()).toEqual(['category', 'notForHere', 'reviewer']);
      expect(schema.properties.notForHere).toMatchObject({ type: 'boolean', default: false, description: expect.stringContaining('not-for-here') });
      expect(schema.required ?? []).not.toContain('category');
    });
  });
});
