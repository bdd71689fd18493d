import { startService, type RunningService } from '@frictionlens/platform';
import { allInOneService } from '../../apps/all-in-one/src/all-in-one.service-definition.js';
import { DemoSeeder, type DemoOutcome } from '../../apps/all-in-one/src/demo/demo-seeder.js';
import { IngestService } from '../../apps/ingest/src/ingest.service.js';
import { anApiKey } from '../factories/api-keys.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

type Json = Record<string, unknown>;
interface FailureDemandRow {
  contacts: number;
  failureContacts: number;
  valueContacts: number;
}

// The all-in-one process loads the digital-bank demo into an empty database (small, to stay
// fast), the classifier trains and classifies it by itself, and the metrics API tells its story.
describe('the demo (npm start on an empty database)', () => {
  const CONTACTS = 4_000;
  let database: TestDatabase;
  let sut: RunningService;
  let key: string;
  let outcome: DemoOutcome;

  const env = () => ({
    PORT: '0',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
    CUSTOMER_HASH_KEY: 'demo-test-key-0123456789',
    FRICTIONLENS_DEMO: 'true',
    FRICTIONLENS_DEMO_CONTACTS: String(CONTACTS),
    CLASSIFIER_CHECK_SECONDS: '0.5',
    // The TF-IDF model: the test is about the demo, not the encoders.
    CLASSIFIER_ENCODER: 'none',
    // The study's codes are labels; no retraining in the middle of the test.
    CLASSIFIER_RETRAIN_AFTER_LABELS: '0',
  });

  beforeAll(async () => {
    database = await freshDatabase();
    sut = await startService(allInOneService, env());
    key = await anApiKey(database.url, ['metrics:read']);
  });

  afterAll(async () => {
    await sut?.close();
    await database.drop();
  });

  async function get<T = Json>(path: string): Promise<T> {
    const response = await fetch(`${sut.url}${path}`, { headers: { 'x-api-key': key } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  }

  it('answers /health at once, while the demo loads in the background, and the dashboard says it is loading', async () => {
    const response = await fetch(`${sut.url}/health`);
    expect(response.status).toBe(200);
    const dashboard = await fetch(`${sut.url}/`);
    expect(dashboard.status).toBe(503);
    expect(await dashboard.text()).toMatch(/Loading the demo|Starting up/);
  });

  it('loads and classifies every generated contact, and names the dashboard', async () => {
    outcome = (await sut.app.get(DemoSeeder).done())!;
    expect(outcome).toBeDefined();
    expect(sut.app.get(DemoSeeder).pending()).toBeUndefined();
    expect(outcome.contacts).toBe(CONTACTS);
    expect(outcome.dashboardUrl).toBe(`${sut.url}/`);
    const { rows } = await get<{ rows: FailureDemandRow[] }>(`/v1/metrics/failure-demand?interval=month&from=${outcome.story.from}&to=${outcome.story.to}`);
    expect(rows.reduce((a, r) => a + r.contacts, 0)).toBe(CONTACTS);
  }, 180_000);

  it('shows a failure-demand ratio between 0 and 1 (over half: most contacts are customers chasing)', async () => {
    const { rows } = await get<{ rows: FailureDemandRow[] }>(`/v1/metrics/failure-demand?interval=month&from=${outcome.story.from}&to=${outcome.story.to}`);
    const failure = rows.reduce((a, r) => a + r.failureContacts, 0);
    const value = rows.reduce((a, r) => a + r.valueContacts, 0);
    const ratio = failure / (failure + value);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(0.8);
  });

  it("judges the card-delivery countermeasure: the step's failure demand was reduced", async () => {
    // Fourteen weeks on each side (the default eight need a larger demo to be sure).
    const impact = await get<{ verdict: string; rateRatio: number; rateRatioHigh: number; countermeasure: { step: string } }>(`/v1/metrics/countermeasures/${outcome.countermeasureId}/impact?weeks=14`);
    expect(impact.countermeasure.step).toBe('card-production-delivery');
    expect(impact.verdict).toBe('reduced');
    expect(impact.rateRatio).toBeGreaterThan(0.3);
    expect(impact.rateRatio).toBeLessThan(0.8);
  });

  it('finds the outage week of declined card payments among the spikes', async () => {
    const { rows } = await get<{ rows: Array<{ category: string; period: string }> }>('/v1/metrics/spikes');
    expect(rows).toContainEqual(expect.objectContaining({ category: outcome.story.spike.category, period: outcome.story.spike.week }));
  });

  it('leaves a completed sample-and-listen study, read in the customers\' words, that agrees with the model', async () => {
    type Study = { status: string; sampleSize: number; results: { coded: number; failureShare: number; failureShareLow: number; failureShareHigh: number; agreement: { category: { accuracy: number; kappa: number } } } };
    const study = await get<Study>(`/v1/studies/${outcome.studyId}`);
    expect(study.status).toBe('complete');
    expect(study.results.coded).toBe(study.sampleSize);
    expect(study.results.coded).toBeGreaterThan(50);
    expect(study.results.failureShareLow).toBeLessThan(study.results.failureShare);
    expect(study.results.failureShareHigh).toBeGreaterThan(study.results.failureShare);
    // The TF-IDF model on BANKING77's test texts is right about nine times in ten.
    expect(study.results.agreement.category.accuracy).toBeGreaterThan(0.75);
    expect(study.results.agreement.category.kappa).toBeGreaterThan(0.7);
  });

  it('gives every step its volumes, so friction rates and %C&A are known', async () => {
    const { rows } = await get<{ rows: Array<{ step: string; units: number | null; observedCompleteAccurate: number | null }> }>(`/v1/metrics/steps?from=${outcome.story.from}&to=${outcome.story.to}`);
    expect(rows).toHaveLength(32);
    for (const row of rows) expect(row.units).toBeGreaterThan(0);
    const delivery = rows.find((r) => r.step === 'card-production-delivery')!;
    expect(delivery.observedCompleteAccurate).toBeGreaterThan(0.9);
    expect(delivery.observedCompleteAccurate).toBeLessThan(1);
  });

  it('shows customers chasing the same problem again: repeat contacts per step with intervals, and repeat as a failure type', async () => {
    const { rows } = await get<{ rows: Array<{ step: string; repeatContacts: number; repeatRate: number | null; repeatRateLow: number; repeatRateHigh: number }> }>(
      `/v1/metrics/steps?from=${outcome.story.from}&to=${outcome.story.to}`,
    );
    const delivery = rows.find((r) => r.step === 'card-production-delivery')!;
    expect(delivery.repeatContacts).toBeGreaterThan(0);
    expect(delivery.repeatRateLow).toBeLessThan(delivery.repeatRate!);
    expect(delivery.repeatRateHigh).toBeGreaterThan(delivery.repeatRate!);
    const byType = await get<{ rows: Array<{ failureType: string | null; count: number }> }>(`/v1/metrics/pareto?from=${outcome.story.from}&to=${outcome.story.to}&by=failureType`);
    expect(byType.rows.find((r) => r.failureType === 'repeat')?.count).toBeGreaterThan(0);
  });

  it('leaves a database that holds data alone: a restart loads nothing more, and contacts sent again are duplicates', async () => {
    await sut.close();
    sut = await startService(allInOneService, env());
    expect(await sut.app.get(DemoSeeder).done()).toBeUndefined();
    const again = outcome.story.contacts.slice(0, 500).map((c) => ({ kind: c.kind, value: c.event }));
    expect(await sut.app.get(IngestService, { strict: false }).ingest(again, 'import')).toMatchObject({ inserted: 0, duplicates: 500, rejected: [] });
    const { rows } = await get<{ rows: FailureDemandRow[] }>(`/v1/metrics/failure-demand?interval=month&from=${outcome.story.from}&to=${outcome.story.to}`);
    expect(rows.reduce((a, r) => a + r.contacts, 0)).toBe(CONTACTS);
  });
});
