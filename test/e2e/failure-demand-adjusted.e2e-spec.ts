import pg from 'pg';
import type { DataSource } from 'typeorm';
import { ClassificationRepository, createDataSource, type NewClassification } from '@frictionlens/persistence';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { aModelVersion, aTaxonomy } from '../factories/classifications.js';
import { eventually } from '../setup/eventually.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// The failure-demand share corrected for classifier error (adjusted classify-and-count), on 100
// contacts of the week of Monday 2026-05-04: 40 classified failure demand, 50 value demand, 10
// unclassified. The model versions' held-out confusions are made by hand, and every figure below
// is worked out by hand from them.
describe('GET /v1/metrics/failure-demand, corrected for classifier error', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let dataSource: DataSource;
  let api: RunningService;
  let key: string;
  let taxonomy: number;
  const week = '/v1/metrics/failure-demand?from=2026-05-04&to=2026-05-11&interval=week';

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    dataSource = createDataSource(database.url, { logging: ['error'] });
    await dataSource.initialize();
    taxonomy = await aTaxonomy(db, [{ key: 'card_arrival' }, { key: 'upgrade', demandType: 'value' }]);
    // A model of rules alone: no held-out texts, so no confusion to correct with.
    const rules = await aModelVersion(db, taxonomy, 'rules');
    const rows: NewClassification[] = [];
    const categories = [...Array<string>(40).fill('card_arrival'), ...Array<string>(50).fill('upgrade'), ...Array<string>(10).fill('unclassified')];
    for (const [i, category] of categories.entries()) {
      const { rows: stored } = await db.query<{ id: string }>(
        `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text) VALUES ('ticket', 'zendesk', $1, '2026-05-06T10:00:00Z', 'email', 'text') RETURNING id::text`,
        [`T-${i}`],
      );
      const demandType = category === 'unclassified' ? null : category === 'upgrade' ? 'value' : 'failure';
      rows.push({ contactId: stored[0]!.id, categoryKey: category, demandType, confidence: 0.9, top: [], explanation: {}, sentiment: 0, effortCues: [] });
    }
    await new ClassificationRepository(dataSource).storeBatch({ modelVersionId: rules, taxonomyVersionId: taxonomy }, rows);
    // No stale answers: each figure is read after the write that changes it (the model_versions
    // trigger is what tells the cache).
    api = await startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'adjusted-test-key-0123456789', API_METRICS_CACHE_MAX_STALE_MS: '0' });
    key = await anApiKey(database.url, ['metrics:read']);
  });

  afterAll(async () => {
    await api?.close();
    await dataSource?.destroy();
    await db?.end();
    await database?.drop();
  });

  interface Answer {
    model: { version: number; kind: string; trainedAt: string; tpr: number | null; fpr: number | null } | null;
    rows: Array<Record<string, number | string | null>>;
  }
  const get = async (): Promise<Answer> => {
    const response = await fetch(`${api.url}${week}`, { headers: { 'x-api-key': key } });
    expect(response.status).toBe(200);
    return (await response.json()) as Answer;
  };
  /** A notification arrives just after the commit, on its own connection: wait for it, briefly. */
  const answerFrom = (version: number): Promise<Answer> => eventually(get, (answer) => answer.model?.version === version);
  async function aModelWithConfusion(confusion: unknown): Promise<number> {
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO model_versions (kind, taxonomy_version_id, example_count, label_count, evaluation, artefact, checksum)
       VALUES ('linear', $1, 200, 0, $2, $3, 'test') RETURNING id`,
      [taxonomy, JSON.stringify({ threshold: 0.2, demandTypeConfusion: confusion }), Buffer.from('not a real model')],
    );
    return rows[0]!.id;
  }

  it('reports the raw share and no correction when the newest model has no held-out confusion', async () => {
    const sut = await get();
    expect(sut.model).toMatchObject({ kind: 'rules', tpr: null, fpr: null, heldOutFailure: null, heldOutValue: null });
    expect(Date.parse(sut.model!.trainedAt)).not.toBeNaN();
    expect(sut.rows).toHaveLength(1);
    expect(sut.rows[0]).toMatchObject({ failureContacts: 40, valueContacts: 50, unclassifiedContacts: 10, adjustedFailureDemandRatio: null, adjustedFailureDemandRatioLow: null, adjustedFailureDemandRatioHigh: null });
    // 40 / 90 classified
    expect(sut.rows[0]!.failureDemandRatio).toBeCloseTo(0.444444, 6);
  });

  it('keeps the answer cached until a model version is stored', async () => {
    await get();
    const again = await fetch(`${api.url}${week}`, { headers: { 'x-api-key': key } });
    await again.arrayBuffer();
    // A hit: so the answers below that show a newer model came from the model_versions trigger.
    expect(again.headers.get('x-cache')).toBe('hit');
  });

  it("corrects the share with the newest model's held-out tpr and fpr, with its interval", async () => {
    // Held-out: of 100 texts truly failure, 80 called failure (tpr 0.8); of 100 truly value, 10
    // called failure (fpr 0.1).
    const version = await aModelWithConfusion({ failure: { failure: 80, value: 10, unclassified: 10 }, value: { failure: 10, value: 85, unclassified: 5 } });
    const sut = await answerFrom(version);
    expect(sut.model).toMatchObject({ version, kind: 'linear', tpr: 0.8, fpr: 0.1, heldOutFailure: 100, heldOutValue: 100 });
    const row = sut.rows[0]!;
    // Observed: 40 failure calls of all 100 contacts, q = 0.4. Corrected: (0.4 − 0.1) / (0.8 − 0.1) = 0.428571.
    expect(row.adjustedFailureDemandRatio).toBeCloseTo(0.428571, 6);
    // Wilson 95% of 40/100 (z = 1.959964): centre (0.4 + z²/200) / (1 + z²/100) = 0.403699, half-width
    // z / (1 + z²/100) · √(0.4 · 0.6 / 100 + z² / 40000) = 0.094298, so 0.309401–0.497997, corrected
    // (q − 0.1) / 0.7 to 0.299145–0.568568. tpr and fpr add in quadrature
    // z² · (0.428571² · 0.8 · 0.2 / 100 + 0.571429² · 0.1 · 0.9 / 100) / 0.7² = 0.00460783:
    // low 0.428571 − √(0.129427² + 0.00460783) = 0.282424, high 0.428571 + √(0.139996² + 0.00460783) = 0.584157.
    expect(row.adjustedFailureDemandRatioLow).toBeCloseTo(0.282424, 5);
    expect(row.adjustedFailureDemandRatioHigh).toBeCloseTo(0.584157, 5);
    // The raw share stays beside it, unchanged.
    expect(row.failureDemandRatio).toBeCloseTo(0.444444, 6);
  });

  it('gives no correction when the model barely tells failure from value demand (tpr − fpr < 0.2)', async () => {
    // tpr 55 / 100 = 0.55, fpr 40 / 100 = 0.4: a margin of 0.15.
    const version = await aModelWithConfusion({ failure: { failure: 55, value: 40, unclassified: 5 }, value: { failure: 40, value: 55, unclassified: 5 } });
    const sut = await answerFrom(version);
    expect(sut.model).toMatchObject({ version, tpr: 0.55, fpr: 0.4 });
    expect(sut.rows[0]).toMatchObject({ adjustedFailureDemandRatio: null, adjustedFailureDemandRatioLow: null, adjustedFailureDemandRatioHigh: null, failureContacts: 40 });
  });

  it('has the corrected columns in the CSV too', async () => {
    const response = await fetch(`${api.url}${week}&format=csv`, { headers: { 'x-api-key': key } });
    const header = (await response.text()).replace(/^\uFEFF/, '').split('\r\n')[0] ?? '';
    expect(header.split(',')).toEqual(expect.arrayContaining(['adjustedFailureDemandRatio', 'adjustedFailureDemandRatioLow', 'adjustedFailureDemandRatioHigh']));
  });
});
