import pg from 'pg';
import type { DataSource } from 'typeorm';
import { NextContactResponse, StudyCreatedResponse, StudyExportResponse, StudyResponse } from '@frictionlens/contracts';
import { ClassificationRepository, createDataSource, type NewClassification } from '@frictionlens/persistence';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { parsedAnswer } from '../factories/api-client.js';
import { anApiKey } from '../factories/api-keys.js';
import { aModelVersion, aTaxonomy } from '../factories/classifications.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

type Category = 'card_arrival' | 'charged_twice' | 'upgrade' | 'unclassified';

interface Sampled {
  position: number;
  contactId: string;
  stratum: string;
}
interface CreatedStudy {
  id: number;
  population: number;
  sampleSize: number;
  marginOfError: number;
  seed: number;
  status: string;
  strata: Array<{ stratum: string; population: number; sampleSize: number }>;
  sample: Sampled[];
}

// A sample-and-listen study on 200 known contacts from the two weeks from Monday 2026-05-04.
// Contact i: e-mail for i < 120, phone for i < 180, chat after; the model said unclassified when
// i % 20 = 19 (10 contacts), else upgrade (value) when i % 4 = 0 (50), charged_twice when
// i % 4 = 1 (50), card_arrival otherwise (90). card_arrival starts at card delivery,
// charged_twice at billing, upgrade at no step. Every expected figure is worked out by hand.
describe('sample-and-listen studies (/v1/studies)', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let dataSource: DataSource;
  let api: RunningService;
  let adminKey: string;
  let readKey: string;
  const modelSaid = new Map<string, Category>();
  const channelOf = new Map<string, string>();
  const period = { from: '2026-05-04', to: '2026-05-18' };

  const categoryOf = (i: number): Category => (i % 20 === 19 ? 'unclassified' : i % 4 === 0 ? 'upgrade' : i % 4 === 1 ? 'charged_twice' : 'card_arrival');
  const channelAt = (i: number) => (i < 120 ? 'email' : i < 180 ? 'phone' : 'chat');

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    dataSource = createDataSource(database.url, { logging: ['error'] });
    await dataSource.initialize();
    const taxonomy = await aTaxonomy(db, [{ key: 'card_arrival' }, { key: 'charged_twice' }, { key: 'upgrade', demandType: 'value' }]);
    await db.query(`UPDATE taxonomy_categories SET failure_type = CASE key WHEN 'card_arrival' THEN 'progress-chasing' WHEN 'charged_twice' THEN 'done-wrong' END WHERE taxonomy_version_id = $1`, [taxonomy]);
    const model = { modelVersionId: await aModelVersion(db, taxonomy), taxonomyVersionId: taxonomy };
    await db.query(`INSERT INTO value_streams (key, name, position) VALUES ('cards', 'Card issuing', 1), ('payments', 'Payments', 2)`);
    await db.query(`INSERT INTO value_stream_steps (key, value_stream_key, name, position) VALUES ('delivery', 'cards', 'Card delivery', 1), ('billing', 'payments', 'Billing', 1)`);
    await db.query(`INSERT INTO category_step_links (category_key, step_key, weight) VALUES ('card_arrival', 'delivery', 1), ('charged_twice', 'billing', 1)`);

    const { rows: ids } = await db.query<{ id: string; i: number }>(
      `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text)
       SELECT 'ticket', 'zendesk', 'T-' || i, '2026-05-04T08:00:00Z'::timestamptz + (i * interval '90 minutes'), ch, 'Customer words ' || i
       FROM unnest($1::text[]) WITH ORDINALITY AS t(ch, n), LATERAL (SELECT (n - 1)::int AS i) AS k
       RETURNING id::text, (substring(source_id from 3))::int AS i`,
      [Array.from({ length: 200 }, (_, i) => channelAt(i))],
    );
    const rows: NewClassification[] = ids.map(({ id, i }) => {
      modelSaid.set(id, categoryOf(i));
      channelOf.set(id, channelAt(i));
      return aClassification(id, categoryOf(i));
    });
    // Outside the population: a contact before the period, and one no model has classified yet.
    const { rows: outside } = await db.query<{ id: string }>(`INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text) VALUES ('ticket', 'zendesk', 'OLD', '2026-04-01T10:00:00Z', 'email', 'old') RETURNING id::text`);
    rows.push(aClassification(outside[0]!.id, 'card_arrival'));
    await db.query(`INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text) VALUES ('ticket', 'zendesk', 'NEW', '2026-05-05T10:00:00Z', 'email', 'not classified yet')`);
    await new ClassificationRepository(dataSource).storeBatch(model, rows);

    api = await startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'studies-test-key-0123456789' });
    adminKey = await anApiKey(database.url, ['admin']);
    readKey = await anApiKey(database.url, ['metrics:read']);
  });

  afterAll(async () => {
    await api?.close();
    await dataSource.destroy();
    await db.end();
    await database.drop();
  });

  function aClassification(contactId: string, category: Category): NewClassification {
    const demandType = category === 'unclassified' ? null : category === 'upgrade' ? 'value' : 'failure';
    return { contactId, categoryKey: category, demandType, confidence: category === 'unclassified' ? 0.2 : 0.9, top: [{ category, probability: 0.9 }], explanation: { terms: [{ term: 'card', weight: 0.5 }] }, sentiment: 0, effortCues: [] };
  }
  const call = async <T = Record<string, any>>(method: string, path: string, body?: unknown, key: string | null = adminKey) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(key && { 'x-api-key': key }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type') ?? '', disposition: response.headers.get('content-disposition'), text, body: (text.startsWith('{') ? JSON.parse(text) : undefined) as T };
  };
  const createStudy = (body: Record<string, unknown>) => call<CreatedStudy>('POST', '/v1/studies', { title: 'Card demand in May', ...period, ...body });

  let study: CreatedStudy;

  it('draws 66 contacts for a ±10-point margin on 200 (96.04 / (1 + 95.04/200) = 65.1), 40/20/6 across e-mail, phone and chat', async () => {
    const { status, body } = await createStudy({ stratifyBy: 'channel', marginOfError: 0.1, seed: 12345 });
    expect(status).toBe(201);
    study = parsedAnswer(StudyCreatedResponse, body, 'POST /v1/studies');
    expect(body).toMatchObject({ population: 200, sampleSize: 66, marginOfError: 0.1, seed: 12345, status: 'open', stratifyBy: 'channel', priorShare: 0.5, progress: { coded: 0, remaining: 66 } });
    // 66 × 0.6, 0.3, 0.1 = 39.6, 19.8, 6.6: floors 39 + 19 + 6 = 64; the two left go to phone (.8), then e-mail (.6, the larger stratum)
    expect(body.strata).toEqual([
      { stratum: 'chat', population: 20, sampleSize: 6 },
      { stratum: 'email', population: 120, sampleSize: 40 },
      { stratum: 'phone', population: 60, sampleSize: 20 },
    ]);
    expect(body.sample).toHaveLength(66);
    expect(new Set(body.sample.map((s) => s.contactId)).size).toBe(66);
    expect(body.sample.map((s) => s.position)).toEqual(Array.from({ length: 66 }, (_, i) => i + 1));
    for (const s of body.sample) expect({ contact: s.contactId, channel: channelOf.get(s.contactId) }).toEqual({ contact: s.contactId, channel: s.stratum });
    for (const [stratum, n] of [['email', 40], ['phone', 20], ['chat', 6]] as const) expect(body.sample.filter((s) => s.stratum === stratum)).toHaveLength(n);
  });

  it('draws the same sample again from the same seed, and a blind study shows no model answer', async () => {
    const { body } = await createStudy({ title: 'Same, blind', stratifyBy: 'channel', marginOfError: 0.1, seed: 12345, blind: true });
    expect(body.sample).toEqual(study.sample);
    const next = await call('GET', `/v1/studies/${body.id}/next`, undefined, readKey);
    expect(next.body.contact).toMatchObject({ position: 1, contactId: study.sample[0]!.contactId, model: null });
    const other = await createStudy({ title: 'Another seed', stratifyBy: 'channel', marginOfError: 0.1, seed: 54321 });
    expect(other.body.sample.map((s) => s.contactId)).not.toEqual(study.sample.map((s) => s.contactId));
  });

  it('stratifies by step (the step of the contact’s category) with a requested size, and gives the margin it achieves', async () => {
    const { status, body } = await createStudy({ stratifyBy: 'step', size: 20, seed: 7 });
    expect(status).toBe(201);
    // delivery 90, billing 50, no step 60 (50 upgrade + 10 unclassified): 20 × 0.45, 0.25, 0.3 = 9, 5, 6
    expect(body.strata).toEqual([
      { stratum: '(none)', population: 60, sampleSize: 6 },
      { stratum: 'billing', population: 50, sampleSize: 5 },
      { stratum: 'delivery', population: 90, sampleSize: 9 },
    ]);
    // 1.959964 × √(0.25/20 × 180/199) = 0.20841
    expect(body.marginOfError).toBeCloseTo(0.20841, 4);
    const expectedStep = (c: Category) => (c === 'card_arrival' ? 'delivery' : c === 'charged_twice' ? 'billing' : '(none)');
    for (const s of body.sample) expect(s.stratum).toBe(expectedStep(modelSaid.get(s.contactId)!));
  });

  it('filters the population as the metrics do, and stratifies by week', async () => {
    const { body } = await createStudy({ stratifyBy: 'period', size: 10, seed: 1, filters: { channel: ['phone'], step: ['delivery'] } });
    // phone contacts 120..179 with card_arrival: i % 4 in {2, 3}, minus i % 20 = 19 (139, 159, 179) = 30 − 3 = 27.
    // Contact i arrives 1.5 h × i after 08:00 on 2026-05-04: i ≤ 106 in the first week, so all of them in the second.
    expect(body).toMatchObject({ population: 27, sampleSize: 10, strata: [{ stratum: '2026-05-11', population: 27, sampleSize: 10 }] });
    for (const s of body.sample) expect([channelOf.get(s.contactId), modelSaid.get(s.contactId)]).toEqual(['phone', 'card_arrival']);
  });

  it.each([
    [{ stratifyBy: 'channel' }, 'marginOfError'],
    [{ stratifyBy: 'channel', marginOfError: 0.1, size: 10 }, 'size'],
    [{ stratifyBy: 'customer', size: 10 }, 'stratifyBy'],
    [{ stratifyBy: 'channel', marginOfError: 0.001 }, 'marginOfError'],
    [{ stratifyBy: 'channel', size: 10, seed: -1 }, 'seed'],
    [{ stratifyBy: 'channel', size: 10, filters: { step: ['no_such_step'] } }, 'filters.step.0'],
    [{ stratifyBy: 'channel', size: 10, filters: { channel: ['fax'] } }, 'filters.channel.0'],
    [{ stratifyBy: 'channel', size: 10, filters: { colour: ['red'] } }, 'filters'],
    [{ stratifyBy: 'channel', size: 201 }, 'size'],
    [{ stratifyBy: 'channel', size: 10, filters: { channel: ['letter'] } }, 'filters'],
    [{ stratifyBy: 'channel', size: 10, to: '2026-05-01' }, 'to'],
  ])('answers 400 naming the field for %j', async (body, field) => {
    const { status, body: answer } = await call('POST', '/v1/studies', { title: 'Card demand in May', ...period, ...body });
    expect(status).toBe(400);
    expect(answer.problems.map((p: { field: string }) => p.field)).toEqual([field]);
  });

  it('needs admin to create a study and to code, metrics:read to read', async () => {
    expect((await call('POST', '/v1/studies', { title: 'x' }, null)).status).toBe(401);
    expect((await call('POST', '/v1/studies', { ...period, title: 'x', stratifyBy: 'channel', size: 5 }, readKey)).status).toBe(403);
    expect((await call('PUT', `/v1/studies/${study.id}/contacts/${study.sample[0]!.contactId}`, { demandType: 'value' }, readKey)).status).toBe(403);
    expect((await call('GET', `/v1/studies/${study.id}`, undefined, readKey)).status).toBe(200);
    expect((await call('GET', '/v1/studies', undefined, readKey)).body.rows.map((s: { id: number }) => s.id)).toContain(study.id);
    const ingestOnly = await anApiKey(database.url, ['ingest:write']);
    expect((await call('GET', `/v1/studies/${study.id}`, undefined, ingestOnly)).status).toBe(403);
  });

  it('documents the routes in the OpenAPI document, with their scopes and the bodies they take', async () => {
    const document = (await (await fetch(`${api.url}/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, Record<string, any>>> };
    const create = document.paths['/v1/studies']!.post!;
    expect(create['x-required-scope']).toBe('admin');
    expect(Object.keys(create.requestBody.content['application/json'].schema.properties)).toEqual(expect.arrayContaining(['title', 'from', 'to', 'filters', 'stratifyBy', 'marginOfError', 'size', 'seed']));
    const code = document.paths['/v1/studies/{id}/contacts/{contactId}']!.put!;
    expect(code['x-required-scope']).toBe('admin');
    expect(code.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['contactId', 'id']);
    expect(document.paths['/v1/studies/{id}']!.get!['x-required-scope']).toBe('metrics:read');
    expect(Object.keys(document.paths['/v1/studies/{id}/export']!.get!.responses['200'].content)).toEqual(['application/json', 'text/csv']);
  });

  it('gives the first contact of the coding order with its redacted text and what the model said', async () => {
    const { status, body } = await call('GET', `/v1/studies/${study.id}/next`, undefined, readKey);
    expect(status).toBe(200);
    parsedAnswer(NextContactResponse, body, 'GET /v1/studies/{id}/next');
    const first = study.sample[0]!;
    const category = modelSaid.get(first.contactId)!;
    expect(body).toEqual({
      studyId: study.id,
      progress: { coded: 0, remaining: 66 },
      contact: {
        position: 1,
        contactId: first.contactId,
        stratum: first.stratum,
        occurredAt: expect.stringMatching(/^2026-05-/),
        kind: 'ticket',
        channel: first.stratum,
        text: expect.stringMatching(/^Customer words \d+$/),
        model: {
          category,
          demandType: category === 'unclassified' ? null : category === 'upgrade' ? 'value' : 'failure',
          confidence: category === 'unclassified' ? 0.2 : 0.9,
          modelVersion: expect.any(Number),
          top: [{ category, probability: 0.9 }],
          explanation: { terms: [{ term: 'card', weight: 0.5 }] },
        },
      },
    });
  });

  describe('coding the sample', () => {
    const code = (contactId: string, body: unknown, studyId = study.id) => call('PUT', `/v1/studies/${studyId}/contacts/${contactId}`, body);
    const sampledWith = (category: Category, n: number) => {
      const found = study.sample.filter((s) => modelSaid.get(s.contactId) === category).slice(0, n).map((s) => s.contactId);
      expect(found).toHaveLength(n);
      return found;
    };
    let modelFailure: string[];
    let modelCharged: string[];
    let modelValue: string[];
    let modelUnsure: string[];
    let rollupsBefore: Record<string, number>;
    const rollups = async () => {
      const { rows } = await db.query<{ key: string; n: string }>(
        `SELECT category_key || '@' || step_key AS key, sum(contacts)::text AS n FROM demand_rollups WHERE day >= '2026-05-04' GROUP BY 1 ORDER BY 1`,
      );
      return Object.fromEntries(rows.map((r) => [r.key, Number(r.n)]));
    };

    beforeAll(async () => {
      modelFailure = sampledWith('card_arrival', 5);
      modelCharged = sampledWith('charged_twice', 1);
      modelValue = sampledWith('upgrade', 4);
      modelUnsure = sampledWith('unclassified', 1);
      rollupsBefore = await rollups();
    });

    it.each([
      [{}, 'demandType'],
      [{ demandType: 'maybe' }, 'demandType'],
      [{ demandType: 'value', failureType: 'done-wrong' }, 'failureType'],
      [{ demandType: 'failure', failureType: 'bad-luck' }, 'failureType'],
      [{ demandType: 'failure', category: 'no_such_category' }, 'category'],
      [{ demandType: 'value', category: 'card_arrival' }, 'category'],
      [{ demandType: 'failure', category: 'unclassified' }, 'category'],
      [{ demandType: 'failure', step: 'no_such_step' }, 'step'],
      [{ notForHere: true, demandType: 'value' }, 'demandType'],
      [{ notForHere: 'yes' }, 'notForHere'],
      [{ demandType: 'failure', coder: '' }, 'coder'],
    ])('answers 400 naming the field for %j', async (body, field) => {
      const { status, body: answer } = await code(study.sample[0]!.contactId, body);
      expect(status).toBe(400);
      expect(answer.problems.map((p: { field: string }) => p.field)).toEqual([field]);
    });

    it('answers 404 for a contact outside the study or a study that does not exist, and 400 for a bad id', async () => {
      const outside = [...modelSaid.keys()].find((id) => !study.sample.some((s) => s.contactId === id))!;
      expect((await code(outside, { demandType: 'value' })).body.message).toBe(`contact ${outside} is not in study ${study.id}`);
      expect((await code(study.sample[0]!.contactId, { demandType: 'value' }, 99999)).status).toBe(404);
      expect((await call('PUT', `/v1/studies/abc/contacts/1`, { demandType: 'value' })).body.problems[0].field).toBe('id');
      expect((await call('PUT', `/v1/studies/${study.id}/contacts/1.5`, { demandType: 'value' })).body.problems[0].field).toBe('contactId');
    });

    it('stores each code, turning a code with a category into a reviewer’s label', async () => {
      const first = await code(modelFailure[0]!, { demandType: 'failure', category: 'card_arrival', coder: 'sam' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        studyId: study.id,
        contactId: modelFailure[0],
        code: { demandType: 'failure', failureType: 'progress-chasing', step: null, category: 'card_arrival', notForHere: false, coder: 'sam' },
        label: { category: 'card_arrival', notForHere: false, previous: 'card_arrival' },
        status: 'open',
        progress: { coded: 1, remaining: 65 },
      });
      for (const id of modelFailure.slice(1, 3)) expect((await code(id, { demandType: 'failure', category: 'card_arrival', coder: 'sam' })).status).toBe(200);
      // The person read it as a double charge: the label moves the contact to charged_twice, at billing.
      expect((await code(modelFailure[3]!, { demandType: 'failure', category: 'charged_twice', coder: 'sam' })).body).toMatchObject({
        code: { failureType: 'done-wrong' },
        label: { category: 'charged_twice', previous: 'card_arrival' },
      });
      const noCategory = await code(modelFailure[4]!, { demandType: 'failure', failureType: 'did-not-work', step: 'delivery' });
      expect(noCategory.body).toMatchObject({ code: { failureType: 'did-not-work', step: 'delivery', category: null }, label: null });
      expect((await code(modelCharged[0]!, { demandType: 'value' })).body).toMatchObject({ code: { demandType: 'value', failureType: null }, label: null });
      // The demand type follows from the category when only the category is given.
      expect((await code(modelValue[0]!, { category: 'upgrade' })).body).toMatchObject({ code: { demandType: 'value' }, label: { category: 'upgrade' } });
      for (const id of modelValue.slice(1, 3)) expect((await code(id, { demandType: 'value' })).status).toBe(200);
      expect((await code(modelValue[3]!, { demandType: 'failure', failureType: 'not-understood' })).status).toBe(200);
      const notForHere = await code(modelUnsure[0]!, { notForHere: true, coder: 'kim' });
      expect(notForHere.body).toMatchObject({ code: { demandType: 'failure', failureType: 'not-for-here', notForHere: true, coder: 'kim' }, label: null, progress: { coded: 11, remaining: 55 } });

      const { rows } = await db.query<{ contact_id: string; category_key: string; reviewer: string | null }>('SELECT contact_id::text, category_key, reviewer FROM contact_labels ORDER BY contact_labels.contact_id');
      expect(rows).toEqual(
        [
          ...modelFailure.slice(0, 3).map((id) => ({ contact_id: id, category_key: 'card_arrival', reviewer: 'sam' })),
          { contact_id: modelFailure[3], category_key: 'charged_twice', reviewer: 'sam' },
          { contact_id: modelValue[0], category_key: 'upgrade', reviewer: null },
        ].sort((a, b) => Number(a.contact_id) - Number(b.contact_id)),
      );
    });

    it('moves the rollups with the labels: one contact from card_arrival at delivery to charged_twice at billing', async () => {
      const after = await rollups();
      expect(after).toEqual({
        ...rollupsBefore,
        'card_arrival@delivery': rollupsBefore['card_arrival@delivery']! - 1,
        'charged_twice@billing': rollupsBefore['charged_twice@billing']! + 1,
      });
      expect(rollupsBefore['card_arrival@delivery']).toBe(90);
      const pareto = await call('GET', `/v1/metrics/pareto?from=${period.from}&to=${period.to}&by=category`, undefined, readKey);
      expect(pareto.body.rows).toMatchObject([
        { category: 'card_arrival', count: 89 },
        { category: 'charged_twice', count: 51 },
      ]);
    });

    it('reports the coded failure share 7/11 with its Wilson interval, and the model’s agreement (accuracy 0.8, κ 0.583)', async () => {
      const { status, body } = await call('GET', `/v1/studies/${study.id}`, undefined, readKey);
      expect(status).toBe(200);
      parsedAnswer(StudyResponse, body, 'GET /v1/studies/{id}');
      expect(body).toMatchObject({ id: study.id, status: 'open', sampleSize: 66, progress: { coded: 11, remaining: 55 } });
      const r = body.results;
      expect(r).toMatchObject({ coded: 11, failureContacts: 7, valueContacts: 4, notForHereContacts: 1 });
      // Wilson 95% for 7 of 11: (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n) = 0.3538–0.8483
      expect(r.failureShare).toBeCloseTo(7 / 11, 12);
      expect(r.failureShareLow).toBeCloseTo(0.35380117, 6);
      expect(r.failureShareHigh).toBeCloseTo(0.84833529, 6);
      // The model said failure for 6 of the 10 coded contacts it decided: Wilson 0.3127–0.8318.
      expect(r.modelFailureShare).toBeCloseTo(0.6, 12);
      expect(r.modelFailureShareLow).toBeCloseTo(0.31267377, 6);
      expect(r.modelFailureShareHigh).toBeCloseTo(0.83181967, 6);
      // Demand type, person against model: 5 failure/failure, 1 value/failure, 3 value/value, 1 failure/value
      // (the unclassified one left out): pₒ = 0.8, pₑ = 0.6·0.6 + 0.4·0.4 = 0.52, κ = 0.28/0.48 = 0.5833.
      expect(r.agreement.demandType).toMatchObject({ compared: 10, agreements: 8, accuracy: 0.8, modelUnclassified: 1 });
      expect(r.agreement.demandType.kappa).toBeCloseTo(0.28 / 0.48, 12);
      // Category, where both gave one: 3 card_arrival/card_arrival, 1 charged_twice/card_arrival, 1 upgrade/upgrade:
      // pₒ = 0.8, pₑ = 0.6·0.8 + 0.2·0 + 0.2·0.2 = 0.52, κ = 0.5833.
      expect(r.agreement.category).toMatchObject({ compared: 5, agreements: 4, accuracy: 0.8 });
      expect(r.agreement.category.kappa).toBeCloseTo(0.28 / 0.48, 12);
      expect(r.failureTypes).toEqual([
        { failureType: 'progress-chasing', contacts: 3 },
        { failureType: 'did-not-work', contacts: 1 },
        { failureType: 'done-wrong', contacts: 1 },
        { failureType: 'not-for-here', contacts: 1 },
        { failureType: 'not-understood', contacts: 1 },
      ]);
      expect(r.strata.map((s: { stratum: string; population: number; sampleSize: number }) => [s.stratum, s.population, s.sampleSize])).toEqual([
        ['chat', 20, 6],
        ['email', 120, 40],
        ['phone', 60, 20],
      ]);
      const coded = [...modelFailure, ...modelCharged, ...modelValue, ...modelUnsure];
      for (const s of r.strata) expect(s.coded).toBe(coded.filter((id) => channelOf.get(id) === s.stratum).length);
    });

    it('replaces a code when coded again, and hands on the first uncoded contact of the coding order next', async () => {
      expect((await code(modelValue[2]!, { demandType: 'value', coder: 'kim' })).body).toMatchObject({ code: { coder: 'kim' }, progress: { coded: 11 } });
      const coded = new Set([...modelFailure, ...modelCharged, ...modelValue, ...modelUnsure]);
      const firstUncoded = study.sample.find((s) => !coded.has(s.contactId))!;
      const { body } = await call('GET', `/v1/studies/${study.id}/next`, undefined, readKey);
      expect(body.contact).toMatchObject({ position: firstUncoded.position, contactId: firstUncoded.contactId });
    });

    it('exports the study as CSV, one row per sampled contact in coding order, codes beside the model’s answers', async () => {
      const csv = await call('GET', `/v1/studies/${study.id}/export?format=csv`, undefined, readKey);
      expect(csv.status).toBe(200);
      expect(csv.type).toMatch(/^text\/csv/);
      // Named after the study, so exports of several studies do not all land as export.csv.
      expect(csv.disposition).toBe(`attachment; filename="study-${study.id}-card-demand-in-may.csv"`);
      const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('position,contactId,stratum,occurredAt,kind,channel,text,modelCategory,modelDemandType,modelConfidence,demandType,failureType,step,category,notForHere,coder,codedAt');
      expect(lines).toHaveLength(67);
      const row = lines.find((l) => l.split(',')[1] === modelFailure[3])!.split(',');
      expect(row.slice(7, 16)).toEqual(['card_arrival', 'failure', '0.9', 'failure', 'done-wrong', '', 'charged_twice', 'false', 'sam']);
      // Booleans read true and false; an empty cell is only "not coded yet".
      expect(lines.find((l) => l.split(',')[1] === modelUnsure[0])!.split(',').slice(10, 16)).toEqual(['failure', 'not-for-here', '', '', 'true', 'kim']);
      const coded = new Set([...modelFailure, ...modelCharged, ...modelValue, ...modelUnsure]);
      const uncoded = lines.find((l) => !coded.has(l.split(',')[1]!) && l !== lines[0])!;
      expect(uncoded.split(',').slice(10, 17)).toEqual(['', '', '', '', '', '', '']);
      const json = await call('GET', `/v1/studies/${study.id}/export`, undefined, readKey);
      expect(parsedAnswer(StudyExportResponse, json.body, 'GET /v1/studies/{id}/export').rows).toHaveLength(66);
    });

    it('loses a sampled contact when its customer’s contacts are erased', async () => {
      const coded = new Set([...modelFailure, ...modelCharged, ...modelValue, ...modelUnsure]);
      const gone = study.sample.find((s) => !coded.has(s.contactId))!.contactId;
      await db.query('DELETE FROM contacts WHERE id = $1', [gone]);
      const { body } = await call('GET', `/v1/studies/${study.id}`, undefined, readKey);
      expect(body.progress).toEqual({ coded: 11, remaining: 54 });
      expect((await db.query('SELECT 1 FROM study_contacts WHERE contact_id = $1', [gone])).rowCount).toBe(0);
    });
  });
});
