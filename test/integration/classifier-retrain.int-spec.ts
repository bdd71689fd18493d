import pg from 'pg';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { classifierService } from '../../apps/classifier/src/classifier.service-definition.js';
import { ingestService } from '../../apps/ingest/src/ingest.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { aBankingTaxonomy } from '../factories/demo-taxonomy.js';
import { waitFor } from '../factories/ingest-process.js';
import { aTicket } from '../factories/source-events.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// Reviewers teach the model: a category with no examples cannot be predicted until reviewers
// label contacts with it; enough labels retrain the model, and the running classifier picks the
// new version up and predicts the category for similar new texts. Without Kafka, as `npm start`
// runs: the classifier finds new contacts in the database.
const swallowed = [
  'The ATM swallowed my card',
  'the cash machine kept my card and will not give it back',
  'My card got stuck in the ATM',
  'an ATM ate my card last night',
  'The machine took my card and never returned it',
];

describe('retraining on reviewers’ labels', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let services: RunningService[] = [];
  let adminKey: string;
  let urls: { api: string; ingest: string };

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    const env = {
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      CUSTOMER_HASH_KEY: 'retrain-test-key-0123456789',
      CLASSIFIER_CHECK_SECONDS: '0.5',
      // The TF-IDF model: these tests are about delivery and retraining, not the encoder (classifier-encoder.int-spec.ts).
      CLASSIFIER_ENCODER: 'none',
      CLASSIFIER_RETRAIN_AFTER_LABELS: String(swallowed.length),
    };
    const api = await startService(apiService, env);
    adminKey = await anApiKey(database.url, ['admin']);
    const imported = await fetch(`${api.url}/v1/taxonomy/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': adminKey },
      body: JSON.stringify(aBankingTaxonomy({ examplesPerCategory: 30, withoutExamples: ['card_swallowed'] })),
    });
    expect(imported.status).toBe(201);
    const ingest = await startService(ingestService, env);
    services = [api, ingest, await startService(classifierService, env)];
    urls = { api: api.url, ingest: ingest.url };
  });

  afterAll(async () => {
    for (const service of services.reverse()) await service.close();
    await db.end();
    await database.drop();
  });

  const post = async (texts: string[]): Promise<string[]> => {
    const response = await fetch(`${urls.ingest}/v1/contacts/ticket`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': adminKey },
      body: JSON.stringify(texts.map((text) => aTicket({ subject: undefined, description: text, customerId: undefined }))),
    });
    const body = (await response.json()) as { contacts: Array<{ index: number; contactId: string }> };
    return body.contacts.sort((a, b) => a.index - b.index).map((c) => c.contactId);
  };
  const classified = (ids: string[]) =>
    waitFor(
      async () => (await db.query<{ contact_id: string; category_key: string; model_version_id: number }>('SELECT contact_id, category_key, model_version_id FROM classifications WHERE current AND contact_id = ANY($1::bigint[])', [ids])).rows,
      (rows) => rows.length === ids.length,
      60_000,
      250,
    ).then((rows) => ids.map((id) => rows.find((r) => String(r.contact_id) === id)!));

  it('predicts a category it had no examples of once reviewers labelled enough contacts with it', async () => {
    const before = await classified(await post(swallowed));
    expect(before.map((r) => r.category_key)).not.toContain('card_swallowed');
    const firstModel = before[0]!.model_version_id;

    for (const row of before) {
      const response = await fetch(`${urls.api}/v1/contacts/${row.contact_id}/label`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': adminKey },
        body: JSON.stringify({ category: 'card_swallowed', reviewer: 'test' }),
      });
      expect(response.status).toBeLessThan(300);
    }
    const models = await waitFor(
      async () => (await db.query<{ id: number; label_count: number }>('SELECT id, label_count FROM model_versions ORDER BY id')).rows,
      (rows) => rows.length >= 2,
      60_000,
      250,
    );
    expect(models.at(-1)).toMatchObject({ label_count: swallowed.length });
    // The classifier swaps in the new version within a check interval.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const after = await classified(await post(['the atm swallowed my card this morning', 'my card is stuck inside the cash machine']));
    expect(after.map((r) => r.category_key)).toEqual(['card_swallowed', 'card_swallowed']);
    expect(after[0]!.model_version_id).toBeGreaterThan(firstModel);
  });
});
