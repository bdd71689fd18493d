import pg from 'pg';
import type { DataSource } from 'typeorm';
import { ContactsResponse } from '@frictionlens/contracts';
import { ClassificationRepository, ContactLabelRepository, createDataSource, type NewClassification } from '@frictionlens/persistence';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { parsedAnswer } from '../factories/api-client.js';
import { anApiKey } from '../factories/api-keys.js';
import { aModelVersion, aTaxonomy } from '../factories/classifications.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

type Page = ContactsResponse;
type Row = ContactsResponse['rows'][number];

// GET /v1/contacts on known contacts in the week of Monday 2026-05-04. card_arrival starts at card
// delivery, charged_twice is split between billing and delivery, upgrade is value demand at no
// step. Two contacts share one instant (to the microsecond), so only the id tells them apart.
describe('GET /v1/contacts', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let dataSource: DataSource;
  let api: RunningService;
  let readKey: string;
  let modelVersion: number;
  const ids: Record<string, string> = {};
  const week = 'from=2026-05-04&to=2026-05-11';

  const contacts: Array<{ name: string; at: string; channel: string; kind?: string; source?: string; product?: string; category?: string }> = [
    { name: 'card e-mail', at: '2026-05-04T09:00:00Z', channel: 'email', product: 'CARD-1', category: 'card_arrival' },
    { name: 'double charge call', at: '2026-05-05T10:00:00Z', channel: 'phone', kind: 'complaint', source: 'salesforce', category: 'charged_twice' },
    { name: 'upgrade chat', at: '2026-05-06T10:00:00.123456Z', channel: 'chat', category: 'upgrade' },
    { name: 'unsure e-mail', at: '2026-05-06T10:00:00.123456Z', channel: 'email', category: 'unclassified' },
    { name: 'relabelled e-mail', at: '2026-05-07T08:00:00Z', channel: 'email', category: 'upgrade' },
    { name: 'not classified yet', at: '2026-05-08T08:00:00Z', channel: 'email' },
    { name: 'the week before', at: '2026-04-28T08:00:00Z', channel: 'email', category: 'card_arrival' },
  ];
  // Newest first, then by id (the unsure e-mail was stored after the upgrade chat).
  const newestFirst = ['relabelled e-mail', 'unsure e-mail', 'upgrade chat', 'double charge call', 'card e-mail'];

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    dataSource = createDataSource(database.url, { logging: ['error'] });
    await dataSource.initialize();
    const taxonomy = await aTaxonomy(db, [{ key: 'card_arrival' }, { key: 'charged_twice' }, { key: 'upgrade', demandType: 'value' }]);
    modelVersion = await aModelVersion(db, taxonomy);
    await db.query(`INSERT INTO value_streams (key, name, position) VALUES ('cards', 'Card issuing', 1), ('payments', 'Payments', 2)`);
    await db.query(`INSERT INTO value_stream_steps (key, value_stream_key, name, position) VALUES ('delivery', 'cards', 'Card delivery', 1), ('billing', 'payments', 'Billing', 1)`);
    await db.query(`INSERT INTO category_step_links (category_key, step_key, weight) VALUES ('card_arrival', 'delivery', 1), ('charged_twice', 'billing', 0.6), ('charged_twice', 'delivery', 0.4)`);
    const classifications: NewClassification[] = [];
    for (const [i, c] of contacts.entries()) {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, product_sku, text) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::text`,
        [c.kind ?? 'ticket', c.source ?? 'zendesk', `S-${i}`, c.at, c.channel, c.product ?? null, `${c.name}, write to [EMAIL]`],
      );
      ids[c.name] = rows[0]!.id;
      if (!c.category) continue;
      const demandType = c.category === 'unclassified' ? null : c.category === 'upgrade' ? 'value' : 'failure';
      classifications.push({
        contactId: rows[0]!.id,
        categoryKey: c.category,
        demandType,
        confidence: c.category === 'unclassified' ? 0.3 : 0.8,
        top: [{ category: c.category === 'unclassified' ? 'card_arrival' : c.category, probability: 0.8 }],
        explanation: { decidedBy: 'model', terms: [{ term: 'card', weight: 0.4 }] },
        sentiment: 0,
        effortCues: [],
      });
    }
    await new ClassificationRepository(dataSource).storeBatch({ modelVersionId: modelVersion, taxonomyVersionId: taxonomy }, classifications);
    // The model said upgrade; the reviewer says the card has not arrived.
    await new ContactLabelRepository(dataSource).upsert({ contactId: ids['relabelled e-mail']!, categoryKey: 'card_arrival', taxonomyVersionId: taxonomy, reviewer: 'sam' });
    api = await startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'drill-down-test-key-0123456789' });
    readKey = await anApiKey(database.url, ['metrics:read']);
  });

  afterAll(async () => {
    await api?.close();
    await dataSource.destroy();
    await db.end();
    await database.drop();
  });

  const get = async (query: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${api.url}/v1/contacts?${query}`, { headers: { 'x-api-key': readKey, ...headers } });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const page = async (query: string): Promise<Page> => {
    const response = await get(query);
    expect(response.status).toBe(200);
    return parsedAnswer(ContactsResponse, JSON.parse(response.text), `GET /v1/contacts?${query}`);
  };
  const names = (rows: Row[]) => rows.map((r) => Object.keys(ids).find((name) => ids[name] === r.contactId));

  it('lists the contacts the metrics count, newest first, with what decided each', async () => {
    const sut = await page(week);
    expect(sut).toMatchObject({ from: '2026-05-04', to: '2026-05-11', nextCursor: null });
    expect(names(sut.rows)).toEqual(newestFirst);
    expect(sut.rows[1]).toEqual({
      contactId: ids['unsure e-mail'],
      occurredAt: '2026-05-06T10:00:00.123Z',
      kind: 'ticket',
      channel: 'email',
      productSku: null,
      source: 'zendesk',
      text: 'unsure e-mail, write to [EMAIL]',
      category: 'unclassified',
      demandType: 'unclassified',
      confidence: expect.closeTo(0.3, 6),
      top: [{ category: 'card_arrival', probability: 0.8 }],
      explanation: { decidedBy: 'model', terms: [{ term: 'card', weight: 0.4 }] },
      labelled: false,
      notForHere: false,
      repeat: false,
      failureType: null,
      modelVersion,
    });
  });

  it("counts a reviewer's label above the model's category", async () => {
    const [relabelled] = (await page(week)).rows;
    expect(relabelled).toMatchObject({ contactId: ids['relabelled e-mail'], category: 'card_arrival', demandType: 'failure', labelled: true, top: [{ category: 'upgrade', probability: 0.8 }] });
    expect(names((await page(`${week}&category=card_arrival`)).rows)).toEqual(['relabelled e-mail', 'card e-mail']);
    expect(names((await page(`${week}&demandType=value`)).rows)).toEqual(['upgrade chat']);
  });

  it.each([
    ['channel=phone', ['double charge call']],
    ['channel=email,chat', ['relabelled e-mail', 'unsure e-mail', 'upgrade chat', 'card e-mail']],
    ['kind=complaint', ['double charge call']],
    ['source=salesforce', ['double charge call']],
    ['product=CARD-1', ['card e-mail']],
    ['demandType=unclassified', ['unsure e-mail']],
    ['demandType=failure', ['relabelled e-mail', 'double charge call', 'card e-mail']],
    ['category=unclassified', ['unsure e-mail']],
    ['step=billing', ['double charge call']],
    ['step=delivery', ['relabelled e-mail', 'double charge call', 'card e-mail']],
    ['valueStream=payments', ['double charge call']],
    ['valueStream=cards&channel=email', ['relabelled e-mail', 'card e-mail']],
  ])('filters by %s as the metrics do', async (filter, expected) => {
    expect(names((await page(`${week}&${filter}`)).rows)).toEqual(expected);
  });

  it('takes the period from inclusive to exclusive', async () => {
    expect(names((await page('from=2026-04-27&to=2026-05-05')).rows)).toEqual(['card e-mail', 'the week before']);
    expect((await page('from=2026-05-11&to=2026-05-18')).rows).toEqual([]);
  });

  it.each([1, 2, 3])('pages through everything %i at a time, without duplicates or gaps, even between contacts of one instant', async (limit) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await get(`${week}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      const body = JSON.parse(response.text) as Page;
      expect(body.rows.length).toBeLessThanOrEqual(limit);
      expect(response.headers.get('x-next-cursor')).toBe(body.nextCursor);
      seen.push(...(names(body.rows) as string[]));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual(newestFirst);
    expect(pages).toBe(Math.ceil(newestFirst.length / limit));
  });

  it('answers CSV with the rows, and the next page in a header', async () => {
    const sut = await get(`${week}&limit=2&format=csv`);
    expect(sut.status).toBe(200);
    expect(sut.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(sut.headers.get('x-next-cursor')).toMatch(/^[A-Za-z0-9_-]+$/);
    const lines = sut.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('contactId,occurredAt,kind,channel,productSku,source,text,category,demandType,confidence,top,explanation,labelled,notForHere,repeat,failureType,modelVersion');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`${ids['relabelled e-mail']},2026-05-07T08:00:00.000Z,ticket,email,,zendesk,"relabelled e-mail, write to [EMAIL]",card_arrival,failure`);
  });

  it.each([
    ['cursor=nonsense!', 'cursor'],
    [`cursor=${Buffer.from('["yesterday","1"]').toString('base64url')}`, 'cursor'],
    [`cursor=${Buffer.from(JSON.stringify(['2026-05-06T10:00:00.123456Z', "1 OR 1=1"])).toString('base64url')}`, 'cursor'],
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=ten', 'limit'],
    ['demandType=both', 'demandType'],
  ])('answers %s with a 400 naming %s', async (query, field) => {
    const sut = await get(`${week}&${query}`);
    expect(sut.status).toBe(400);
    expect((JSON.parse(sut.text) as { problems: Array<{ field: string }> }).problems.map((p) => p.field)).toEqual([field]);
  });

  it('needs a key with metrics:read', async () => {
    expect((await fetch(`${api.url}/v1/contacts`)).status).toBe(401);
    const ingestOnly = await anApiKey(database.url, ['ingest:write']);
    expect((await fetch(`${api.url}/v1/contacts`, { headers: { 'x-api-key': ingestOnly } })).status).toBe(403);
  });
});
