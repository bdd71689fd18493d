import pg from 'pg';
import { startService, type RunningService } from '@frictionlens/platform';
import { ingestService } from '../../apps/ingest/src/ingest.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { aComplaint, aTicket, aWarrantyClaim, personalData } from '../factories/source-events.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// Webhooks and the embedded mode post source events over HTTP; they get the same validation,
// redaction and idempotent write as Kafka, and a 400 that names the field when nothing is valid.
describe('POST /v1/contacts/:kind', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let sut: RunningService;
  let ingestKey: string;

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    sut = await startService(ingestService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'http-test-key-0123456789' });
    ingestKey = await anApiKey(database.url, ['ingest:write']);
  });

  afterAll(async () => {
    await sut.close();
    await db.end();
    await database.drop();
  });

  const post = async (kind: string, body: unknown, key: string | null = ingestKey) => {
    const response = await fetch(`${sut.url}/v1/contacts/${kind}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('stores a single ticket and returns its contact id', async () => {
    const ticket = aTicket();
    const { status, body } = await post('ticket', ticket);
    expect(status).toBe(200);
    expect(body).toMatchObject({ stored: 1, duplicates: 0, rejected: 0 });
    const [contact] = body.contacts as Array<{ contactId: string }>;
    const { rows } = await db.query('SELECT kind, source, source_id, text FROM contacts WHERE id = $1', [contact!.contactId]);
    expect(rows[0]).toMatchObject({ kind: 'ticket', source: 'zendesk', source_id: ticket.id });
    expect(rows[0].text).not.toContain(personalData.email);
    expect(rows[0].text).toContain('[EMAIL]');
  });

  it('stores a re-posted event once and reports it as a duplicate with the same contact id', async () => {
    const claim = aWarrantyClaim();
    const first = await post('warranty_claim', claim);
    const second = await post('warranty_claim', claim);
    expect(second.body).toMatchObject({ stored: 0, duplicates: 1 });
    expect((second.body.contacts as unknown[])[0]).toEqual((first.body.contacts as unknown[])[0]);
  });

  it('stores the valid events of an array and lists each rejected one by index and field', async () => {
    const { status, body } = await post('complaint', [aComplaint(), aComplaint({ channel: 'fax' }), aComplaint()]);
    expect(status).toBe(200);
    expect(body).toMatchObject({ stored: 2, rejected: 1 });
    expect(body.rejections).toEqual([expect.objectContaining({ index: 1, code: 'unknown_channel', field: 'channel' })]);
  });

  it('answers 400 naming the field and why when nothing in the request is valid', async () => {
    const { createdAt: _createdAt, ...withoutDate } = aTicket();
    const { status, body } = await post('ticket', withoutDate);
    expect(status).toBe(400);
    expect(body.message).toMatch(/createdAt/);
    expect(body.rejections).toEqual([expect.objectContaining({ index: 0, code: 'missing_field', field: 'createdAt' })]);
  });

  it('answers 400 for an unknown kind, listing the kinds it accepts', async () => {
    const { status, body } = await post('fax', aTicket());
    expect(status).toBe(400);
    expect(body.message).toMatch(/kind/);
    expect(body.message).toMatch(/ticket/);
  });

  it('answers 400 for an empty array and for more events than one request may carry', async () => {
    expect((await post('ticket', [])).status).toBe(400);
    const tooMany = await post('ticket', Array.from({ length: 1_001 }, () => ({})));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toMatch(/at most 1000/);
  });

  it('answers 401 without a key or with a wrong one, and 403 for a key without ingest:write', async () => {
    expect((await post('ticket', aTicket(), null)).status).toBe(401);
    expect((await post('ticket', aTicket(), `${ingestKey.slice(0, -4)}AAAA`)).status).toBe(401);
    const readOnly = await anApiKey(database.url, ['metrics:read']);
    const { status, body } = await post('ticket', aTicket(), readOnly);
    expect(status).toBe(403);
    expect(body.message).toMatch(/ingest:write/);
    expect(Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM contacts WHERE source = 'zendesk'")).rows[0]!.n)).toBe(1);
  });

  it('stores text with tabs, line breaks, backslashes and quotes exactly as sent', async () => {
    const description = 'Line one\nLine two\twith a tab, a \\ backslash, a literal \\N and "quotes" \u00e9\u4e2d';
    const { body } = await post('ticket', aTicket({ subject: undefined, description, tags: ['a\tb'] }));
    const [contact] = body.contacts as Array<{ contactId: string }>;
    const { rows } = await db.query('SELECT text, attributes FROM contacts WHERE id = $1', [contact!.contactId]);
    expect(rows[0].text).toBe(description);
    expect(rows[0].attributes.tags).toEqual(['a\tb']);
  });
});
