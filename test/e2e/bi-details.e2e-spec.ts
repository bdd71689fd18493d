import pg from 'pg';
import type { DataSource } from 'typeorm';
import { twoSidedZ } from '@frictionlens/domain';
import { ClassificationRepository, createDataSource, type NewClassification } from '@frictionlens/persistence';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { aModelVersion, aTaxonomy } from '../factories/classifications.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

/** The textbook Wilson bounds, centre ± half-width, as the API computed them before. */
function textbookWilson(successes: number, trials: number): { low: number; high: number } {
  const z = twoSidedZ(0.95);
  const p = successes / trials;
  const denominator = 1 + (z * z) / trials;
  const centre = (p + (z * z) / (2 * trials)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials));
  return { low: centre - halfWidth, high: centre + halfWidth };
}

// A count of contacts at which the textbook form missed both 0 and 1 (7 of 7 gave a low of 2.8e-17).
const NOISY = Array.from({ length: 40 }, (_, i) => i + 2).find((n) => textbookWilson(0, n).low !== 0 && textbookWilson(n, n).high !== 1)!;

// What a BI analyst meets reading the API as CSV: booleans, figures that are exactly 0 or 1, the
// countermeasure impact, a study export's file name, and paging parameters out of range.
describe('BI details of the API (issue #19 item 5)', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let dataSource: DataSource;
  let api: RunningService;
  let readKey: string;
  let adminKey: string;
  let countermeasureId: number;
  const week1 = 'from=2026-05-04&to=2026-05-11';

  beforeAll(async () => {
    expect(NOISY).toBeDefined();
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    dataSource = createDataSource(database.url, { logging: ['error'] });
    await dataSource.initialize();
    const taxonomy = await aTaxonomy(db, [{ key: 'card_arrival' }, { key: 'charged_twice' }, { key: 'upgrade', demandType: 'value' }]);
    const model = { modelVersionId: await aModelVersion(db, taxonomy), taxonomyVersionId: taxonomy };
    await db.query(`INSERT INTO value_streams (key, name, position) VALUES ('cards', 'Card issuing', 1)`);
    await db.query(`INSERT INTO value_stream_steps (key, value_stream_key, name, position) VALUES ('delivery', 'cards', 'Card delivery', 1)`);
    await db.query(`INSERT INTO category_step_links (category_key, step_key, weight) VALUES ('card_arrival', 'delivery', 1), ('charged_twice', 'delivery', 1)`);
    await db.query(`INSERT INTO step_volumes (step_key, day, units) SELECT 'delivery', d, 1000 FROM generate_series('2026-04-27'::date, '2026-05-17'::date, interval '1 day') d`);
    // Week 1: NOISY failure contacts and nothing else (ratio exactly 1, no repeats); week 2: a value
    // contact and one failure; the week before week 1: two failures, for the countermeasure.
    const contacts: Array<[day: string, category: string, channel: string, text: string]> = [
      ...Array.from({ length: NOISY }, (_, i): [string, string, string, string] => [`2026-05-0${4 + (i % 5)}`, 'card_arrival', 'email', `Où est ma carte ? n° ${i}`]),
      ['2026-05-12', 'upgrade', 'chat', 'Upgrade please'],
      ['2026-05-13', 'charged_twice', 'phone', '=HYPERLINK("http://evil.example","refund")'],
      ['2026-04-28', 'card_arrival', 'email', 'before'],
      ['2026-04-29', 'card_arrival', 'email', 'before'],
    ];
    const rows: NewClassification[] = [];
    for (const [i, [day, category, channel, text]] of contacts.entries()) {
      const { rows: stored } = await db.query<{ id: string }>(
        `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text) VALUES ('ticket', 'zendesk', $1, $2, $3, $4) RETURNING id::text`,
        [`T-${i}`, `${day}T10:00:00Z`, channel, text],
      );
      const demandType = category === 'upgrade' ? 'value' : 'failure';
      rows.push({ contactId: stored[0]!.id, categoryKey: category, demandType, confidence: 0.9, top: [], explanation: {}, sentiment: 0, effortCues: [] });
    }
    await new ClassificationRepository(dataSource).storeBatch(model, rows);
    const { rows: [countermeasure] } = await db.query<{ id: number }>(
      `INSERT INTO countermeasures (step_key, category_keys, title, started_on, status) VALUES ('delivery', '{card_arrival}', 'Tracking link', '2026-05-04', 'done') RETURNING id`,
    );
    countermeasureId = countermeasure!.id;
    api = await startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'bi-details-test-key-0123456789', API_METRICS_CACHE_MAX_STALE_MS: '0' });
    [readKey, adminKey] = await Promise.all([anApiKey(database.url, ['metrics:read']), anApiKey(database.url, ['admin'])]);
  });

  afterAll(async () => {
    await api?.close();
    await dataSource?.destroy();
    await db?.end();
    await database?.drop();
  });

  const get = async (path: string, init: RequestInit = {}, key = readKey) => {
    const response = await fetch(`${api.url}${path}`, { ...init, headers: { 'x-api-key': key, ...(init.headers ?? {}) } });
    // The bytes as sent: fetch's text() would drop a byte-order mark.
    const bytes = Buffer.from(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, bytes, text: bytes.toString('utf8') };
  };
  const csvLines = (text: string) => text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  const csvRecords = (text: string): Array<Record<string, string>> => {
    const [header, ...lines] = csvLines(text);
    // Only for rows without quoted commas (numbers, keys and booleans).
    return lines.map((line) => Object.fromEntries(header!.split(',').map((name, i) => [name, line.split(',')[i]!])));
  };

  it('writes booleans as true and false in CSV, never as 1 and an empty cell', async () => {
    const { rows: [labelled] } = await db.query<{ id: string }>(`SELECT id::text FROM contacts WHERE source_id = 'T-0'`);
    const label = await fetch(`${api.url}/v1/contacts/${labelled!.id}/label`, { method: 'POST', headers: { 'x-api-key': adminKey, 'content-type': 'application/json' }, body: JSON.stringify({ category: 'charged_twice' }) });
    expect(label.status).toBeLessThan(300);
    const sut = await get(`/v1/contacts?${week1}&limit=200&format=csv`);
    expect(sut.status).toBe(200);
    const [header, ...lines] = csvLines(sut.text);
    const columns = header!.split(',');
    expect(lines).toHaveLength(NOISY);
    // Text cells hold commas here (the JSON ones), so booleans are read from the end of each line.
    expect(columns.slice(-5)).toEqual(['labelled', 'notForHere', 'repeat', 'failureType', 'modelVersion']);
    const flags = lines.map((line) => line.split(',').slice(-5, -2));
    expect(flags.filter(([labelledCell]) => labelledCell === 'true')).toEqual([['true', 'false', 'false']]);
    expect(flags.filter(([labelledCell]) => labelledCell === 'false')).toHaveLength(NOISY - 1);
    expect(flags.flat().every((cell) => cell === 'true' || cell === 'false')).toBe(true);
    // The accents arrive intact as UTF-8 after the byte-order mark (EF BB BF) that Excel needs.
    expect(sut.bytes.subarray(0, 12).toString('latin1')).toBe('\xEF\xBB\xBFcontactId');
    expect(sut.text).toContain('Où est ma carte ? n°');
  });

  it('gives a share of exactly 1 and a repeat rate interval from exactly 0, in JSON and in CSV', async () => {
    // The precondition: the textbook form was off at this count.
    expect(textbookWilson(0, NOISY).low).toBeGreaterThan(0);
    expect(textbookWilson(NOISY, NOISY).high).toBeLessThan(1);
    const json = JSON.parse((await get(`/v1/metrics/failure-demand?${week1}&interval=week`)).text) as { rows: Array<Record<string, unknown>> };
    expect(json.rows).toHaveLength(1);
    expect(json.rows[0]).toMatchObject({ contacts: NOISY, failureContacts: NOISY, failureDemandRatio: 1, failureDemandRatioHigh: 1, repeatContacts: 0, repeatRate: 0, repeatRateLow: 0 });
    const [csv] = csvRecords((await get(`/v1/metrics/failure-demand?${week1}&interval=week&format=csv`)).text);
    expect(csv).toMatchObject({ failureDemandRatio: '1', failureDemandRatioHigh: '1', repeatRate: '0', repeatRateLow: '0' });
    expect(Object.values(csv!).filter((cell) => /e-\d/.test(cell))).toEqual([]);
  });

  it('answers a countermeasure impact as one CSV row of the JSON figures, named impact.csv', async () => {
    const json = JSON.parse((await get(`/v1/metrics/countermeasures/${countermeasureId}/impact?weeks=1`)).text) as Record<string, any>;
    expect(json).toMatchObject({ beforeFrom: '2026-04-27', afterTo: '2026-05-11', basis: 'units', before: { count: 2, units: 7000 }, after: { count: NOISY - 1 } });
    expect(json).not.toHaveProperty('rows');
    for (const init of [{ query: '&format=csv' }, { query: '', headers: { accept: 'text/csv' } }]) {
      const sut = await get(`/v1/metrics/countermeasures/${countermeasureId}/impact?weeks=1${init.query}`, { headers: init.headers });
      expect(sut.status).toBe(200);
      expect(sut.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(sut.headers.get('content-disposition')).toBe('attachment; filename="impact.csv"');
      expect(sut.headers.get('x-reflects')).toMatch(/^taxonomyVersion=\d+&valueStreamVersion=\d+/);
      const lines = csvLines(sut.text);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toBe(
        'countermeasureId,countermeasureTitle,countermeasureStep,countermeasureCategories,countermeasureStartedOn,countermeasureStatus,beforeFrom,afterTo,' +
          'beforeCount,beforeWeeks,beforeUnits,beforePerWeek,beforePerWeekLow,beforePerWeekHigh,beforePer1000Units,beforePer1000UnitsLow,beforePer1000UnitsHigh,' +
          'afterCount,afterWeeks,afterUnits,afterPerWeek,afterPerWeekLow,afterPerWeekHigh,afterPer1000Units,afterPer1000UnitsLow,afterPer1000UnitsHigh,' +
          'basis,rateRatio,rateRatioLow,rateRatioHigh,verdict,summary,' +
          'rateRatioPerWeekRatio,rateRatioPerWeekLow,rateRatioPerWeekHigh,rateRatioPer1000UnitsRatio,rateRatioPer1000UnitsLow,rateRatioPer1000UnitsHigh',
      );
      expect(lines[1]).toMatch(new RegExp(`^${countermeasureId},Tracking link,delivery,"\\[""card_arrival""\\]",2026-05-04,done,2026-04-27,2026-05-11,2,1,7000,2,`));
      expect(lines[1]).toContain(`,${NOISY - 1},1,7000,`);
      expect(lines[1]).toContain(`,units,${json.rateRatio},${json.rateRatioLow},${json.rateRatioHigh},${json.verdict},`);
    }
    expect((await get(`/v1/metrics/countermeasures/${countermeasureId}/impact?format=xlsx`)).status).toBe(400);
  });

  it('names a study export after the study, accents kept in filename*', async () => {
    const created = await fetch(`${api.url}/v1/studies`, {
      method: 'POST',
      headers: { 'x-api-key': adminKey, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Cartes en retard : été 2026', from: '2026-05-04', to: '2026-05-18', stratifyBy: 'channel', size: 3, seed: 7 }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const sut = await get(`/v1/studies/${id}/export?format=csv`);
    expect(sut.status).toBe(200);
    expect(sut.headers.get('content-disposition')).toBe(
      `attachment; filename="study-${id}-cartes-en-retard-ete-2026.csv"; filename*=UTF-8''study-${id}-cartes-en-retard-%C3%A9t%C3%A9-2026.csv`,
    );
    const json = await get(`/v1/studies/${id}/export`);
    expect(json.headers.get('content-disposition')).toBeNull();
    expect(Object.keys(JSON.parse(json.text))).toEqual(['rows']);
  });

  it.each(
    ['/v1/models', '/v1/contacts', '/v1/review-queue', '/v1/discoveries'].flatMap((path) => ['-1', '0', '1000000', 'ten'].map((limit) => [path, limit])),
  )('answers %s?limit=%s with a 400 naming limit', async (path, limit) => {
    const key = path === '/v1/review-queue' ? adminKey : readKey;
    const sut = await get(`${path}?limit=${limit}`, {}, key);
    expect(sut.status).toBe(400);
    expect((JSON.parse(sut.text) as { problems: Array<{ field: string }> }).problems.map((p) => p.field)).toEqual(['limit']);
  });

  it('lists at most limit model versions', async () => {
    const { rows: [{ taxonomy }] } = await db.query<{ taxonomy: number }>('SELECT max(taxonomy_version_id) AS taxonomy FROM model_versions');
    await aModelVersion(db, taxonomy);
    expect((JSON.parse((await get('/v1/models')).text) as { models: unknown[] }).models).toHaveLength(2);
    const one = JSON.parse((await get('/v1/models?limit=1')).text) as { models: Array<{ version: number }> };
    expect(one.models).toHaveLength(1);
    expect(one.models[0]!.version).toBe(Number((await db.query('SELECT max(id) AS id FROM model_versions')).rows[0].id));
  });
});
