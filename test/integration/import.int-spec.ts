import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runImport } from '../../apps/ingest/src/import/run-import.js';
import { aComplaint, aTicket, personalData } from '../factories/source-events.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// `npm run import` in-process against real PostgreSQL: the same validation, redaction and
// idempotent write as Kafka and HTTP, with rejections named by their line in the file.
describe('importing an export file', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    dir = mkdtempSync(join(tmpdir(), 'frictionlens-import-'));
    // No KAFKA_BROKERS: an import needs only the database.
    env = { DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'integration-test-key-0123456789', LOG_LEVEL: 'warn' };
  });

  afterAll(async () => {
    await db.end();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = async (kind: string) => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM contacts WHERE kind = $1', [kind])).rows[0]!.n);

  describe('JSON Lines', () => {
    // 30 tickets, then 5 of them again, a malformed line, a ticket without its description and a blank line.
    const tickets = Array.from({ length: 30 }, () => aTicket());
    const { description: _description, ...withoutDescription } = aTicket();
    const lines = [
      ...tickets.slice(0, 10).map((t) => JSON.stringify(t)),
      '{"id": "T-broken", "description": "mail jane.doe@example.com", ',
      ...tickets.slice(10).map((t) => JSON.stringify(t)),
      '',
      JSON.stringify(withoutDescription),
      ...tickets.slice(0, 5).map((t) => JSON.stringify(t)),
    ];
    let file: string;

    beforeAll(() => {
      file = join(dir, 'tickets.jsonl');
      writeFileSync(file, `${lines.join('\n')}\n`);
    });

    it('stores each valid ticket once and names each rejected line', async () => {
      const sut = await runImport({ file, kind: 'ticket', batchSize: 7 }, env);
      expect(sut).toEqual({
        read: 37,
        stored: 30,
        duplicates: 5,
        rejected: 2,
        rejectedByCode: { invalid_json: 1, missing_field: 1 },
        firstRejections: [
          { line: 11, code: 'invalid_json', problem: expect.stringMatching(/^the line is not valid JSON/), expected: 'one UTF-8 JSON object per line' },
          { line: 33, code: 'missing_field', field: 'description', problem: expect.any(String), expected: expect.any(String) },
        ],
        lastLine: 38,
      });
      expect(await count('ticket')).toBe(30);
    });

    it('stores nothing new when the same file is imported again', async () => {
      const sut = await runImport({ file, kind: 'ticket', batchSize: 1_000 }, env);
      expect(sut).toMatchObject({ read: 37, stored: 0, duplicates: 35, rejected: 2 });
      expect(await count('ticket')).toBe(30);
    });
  });

  describe('CSV', () => {
    const header = ['id', 'createdAt', 'text', 'channel', 'severity', 'customerId', 'tags'];
    const complaints = Array.from({ length: 20 }, (_, i) =>
      aComplaint(i === 3 ? { text: `Called ${personalData.phone} three times.\nStill no answer, write to ${personalData.email}` } : { tags: 'billing|refund' }),
    );
    const cell = (value: unknown) => (value === undefined ? '' : `"${(typeof value === 'string' ? value : JSON.stringify(value)).replace(/"/g, '""')}"`);
    const row = (c: Record<string, unknown>) => header.map((name) => cell(c[name])).join(',');
    const rows = [
      header.join(','),
      ...complaints.slice(0, 12).map(row), // lines 2-14: the fourth complaint takes two (5-6)
      `C-broken,2026-05-06,"card ${personalData.card}"oops,phone,,,`, // line 15
      ...complaints.slice(12).map(row), // lines 16-23
      row({ ...aComplaint(), createdAt: 'last Tuesday' }), // line 24
      ...complaints.slice(0, 3).map(row), // lines 25-27, duplicates (the multi-line one is not among them)
    ];
    let file: string;

    beforeAll(() => {
      file = join(dir, 'complaints.csv');
      writeFileSync(file, `${rows.join('\r\n')}\r\n`);
    });

    it('stores each valid complaint once, with --source for rows that name none, and names each rejected line', async () => {
      const sut = await runImport({ file, kind: 'complaint', batchSize: 5, source: 'crm' }, env);
      expect(sut).toMatchObject({
        read: 25,
        stored: 20,
        duplicates: 3,
        rejected: 2,
        rejectedByCode: { invalid_json: 1, invalid_date: 1 },
        lastLine: 27,
      });
      expect(sut.firstRejections.map((r) => [r.line, r.code, r.field])).toEqual([
        [15, 'invalid_json', undefined],
        [24, 'invalid_date', 'createdAt'],
      ]);
      expect(await count('complaint')).toBe(20);
      const { rows: stored } = await db.query<{ source: string; text: string; tags: unknown }>(
        `SELECT source, text, attributes->'tags' AS tags FROM contacts WHERE kind = 'complaint' ORDER BY id`,
      );
      expect(new Set(stored.map((c) => c.source))).toEqual(new Set(['crm']));
      expect(stored[0]!.tags).toEqual(['billing', 'refund']);
      expect(stored[3]!.text).toBe('Called [PHONE] three times.\nStill no answer, write to [EMAIL]');
    });

    it('stores nothing new when the same file is imported again', async () => {
      const sut = await runImport({ file, kind: 'complaint', batchSize: 1_000, source: 'crm' }, env);
      expect(sut).toMatchObject({ read: 25, stored: 0, duplicates: 23, rejected: 2 });
      expect(await count('complaint')).toBe(20);
    });
  });

  it('keeps no raw email, phone, card number or customer id from the files in the contacts table', async () => {
    const { rows } = await db.query<{ row: string }>('SELECT row_to_json(c)::text AS row FROM contacts c');
    expect(rows).toHaveLength(50);
    const compact = (s: string) => s.replace(/[\s-]/g, '');
    for (const { row } of rows) {
      for (const secret of [personalData.email, personalData.phone, personalData.card, personalData.customerId]) {
        expect(row).not.toContain(secret);
        expect(compact(row)).not.toContain(compact(secret));
      }
    }
  });

  it('refuses a file that is not there before opening the database', async () => {
    await expect(runImport({ file: join(dir, 'missing.jsonl'), kind: 'ticket', batchSize: 10 }, {})).rejects.toThrow('missing.jsonl: no such file');
  });
});
