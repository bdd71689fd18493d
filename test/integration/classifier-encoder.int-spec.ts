import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { Producer } from 'kafkajs';
import { topicName } from '@frictionlens/contracts';
import { startService, type RunningService } from '@frictionlens/platform';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { ingestService } from '../../apps/ingest/src/ingest.service-definition.js';
import { anApiKey } from '../factories/api-keys.js';
import { aBankingTaxonomy } from '../factories/demo-taxonomy.js';
import { freePort, waitFor } from '../factories/ingest-process.js';
import { aTicket } from '../factories/source-events.js';
import { freshDatabase, freshTopicPrefix, testKafka, testKafkaBrokers, type TestDatabase } from '../setup/test-env.js';

// The accurate mode on the real broker and database: with the sentence encoder's files the
// classifier trains an `encoder` model, embeds each contact once and stores the embedding beside
// its classification; re-deliveries read it back. Pointed at an empty models folder, the same
// database gets a TF-IDF model and /health says why. (Needs `npm run models:fetch`, as CI does.)
// The classifier runs compiled in a process of its own, as deployed (npm test builds first):
// onnxruntime cannot run inside Jest's module sandbox (its tensors' typed arrays come from
// another JavaScript realm), and so training goes through its worker thread as in production.
const ENCODER = 'all-minilm-l6-v2-q';
const CLASSIFIER_ENTRY = 'dist/apps/classifier/src/main.js';
const modelsFolder = resolve(process.env['FRICTIONLENS_MODELS_HOME'] ?? '.frictionlens/models');
const clearCases: Array<[string, string]> = [
  ['My new card still has not arrived, it has been two weeks now', 'card_arrival'],
  ['The ATM swallowed my card and did not give it back', 'card_swallowed'],
  ['How can I change my PIN?', 'change_pin'],
  ['Someone stole my card, please block it', 'lost_or_stolen_card'],
];

/** The compiled classifier service in a child process; its output is kept for the assertions. */
interface ClassifierProcess {
  url: string;
  output(): string;
  close(): Promise<void>;
}

async function startClassifier(env: Record<string, string>): Promise<ClassifierProcess> {
  const port = await freePort();
  // The test runner's NODE_OPTIONS (--experimental-vm-modules) would only add warnings here.
  const { NODE_OPTIONS: _nodeOptions, ...inherited } = process.env;
  const child = spawn(process.execPath, [CLASSIFIER_ENTRY], {
    env: { ...inherited, ...env, PORT: String(port), DATABASE_MIGRATE_ON_START: 'false', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/health`)).status, () => true, 30_000, 100).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw new Error(`the classifier did not start: ${String(error)}\n${output.slice(-2_000)}`);
  });
  return {
    url,
    output: () => output,
    close: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

interface ClassifierHealth {
  status: string;
  modelVersion: number | null;
  kind?: string;
  mode: string | null;
  encoder: string | null;
  reason?: string;
}

describe('the classifier with a sentence encoder', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let api: RunningService;
  let ingest: RunningService;
  let classifier: ClassifierProcess | undefined;
  let producer: Producer;
  let ingestKey: string;
  let env: Record<string, string>;
  const emptyFolder = mkdtempSync(join(tmpdir(), 'frictionlens-no-models-'));
  const kafka = testKafka();

  beforeAll(async () => {
    if (!existsSync(join(modelsFolder, ENCODER, 'model.onnx'))) throw new Error(`the sentence encoder is not in ${modelsFolder}: run npm run models:fetch first`);
    if (!existsSync(CLASSIFIER_ENTRY)) throw new Error(`${CLASSIFIER_ENTRY} is not built: run npm run build first (npm test does)`);
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    env = {
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      CUSTOMER_HASH_KEY: 'encoder-test-key-0123456789',
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: freshTopicPrefix(),
      KAFKA_TOPIC_PARTITIONS: '2',
      CLASSIFIER_CHECK_SECONDS: '0.5',
      CLASSIFIER_ENCODER: ENCODER,
      CLASSIFIER_MODELS_DIR: modelsFolder,
    };
    api = await startService(apiService, { ...env, KAFKA_BROKERS: '' });
    const adminKey = await anApiKey(database.url, ['admin']);
    ingestKey = await anApiKey(database.url, ['ingest:write']);
    // Ten examples a category (770 texts) keep training to a few seconds.
    const imported = await fetch(`${api.url}/v1/taxonomy/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': adminKey },
      body: JSON.stringify(aBankingTaxonomy({ examplesPerCategory: 10 })),
    });
    expect(imported.status).toBe(201);
    ingest = await startService(ingestService, env);
    classifier = await startClassifier(env);
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await classifier?.close();
    await ingest?.close();
    await api?.close();
    await db?.end();
    await database?.drop();
    rmSync(emptyFolder, { recursive: true, force: true });
  });

  const postTickets = async (texts: string[]): Promise<string[]> => {
    const response = await fetch(`${ingest.url}/v1/contacts/ticket`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': ingestKey },
      body: JSON.stringify(texts.map((text) => aTicket({ subject: undefined, description: text, customerId: undefined }))),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { contacts: Array<{ index: number; contactId: string }> };
    return body.contacts.sort((a, b) => a.index - b.index).map((c) => String(c.contactId));
  };
  const classified = (ids: string[]) =>
    waitFor(
      async () =>
        (
          await db.query<{ contact_id: string; category_key: string; model_version_id: number; kind: string; explanation: { terms: Array<{ term: string }> } }>(
            `SELECT x.contact_id, x.category_key, x.model_version_id, m.kind, x.explanation
             FROM classifications x JOIN model_versions m ON m.id = x.model_version_id
             WHERE x.current AND x.contact_id = ANY($1::bigint[])`,
            [ids],
          )
        ).rows,
      (rows) => rows.length === ids.length,
      60_000,
      250,
    ).then((rows) => ids.map((id) => rows.find((r) => String(r.contact_id) === id)!));
  const embeddings = async () =>
    (
      await db.query<{ contact_id: string; encoder: string; encoder_checksum: string; dimensions: number; bytes: number; created_at: Date }>(
        'SELECT contact_id, encoder, encoder_checksum, dimensions, octet_length(vector) AS bytes, created_at FROM contact_embeddings ORDER BY contact_id, encoder_checksum',
      )
    ).rows;
  const health = async (): Promise<ClassifierHealth> => {
    const body = (await (await fetch(`${classifier!.url}/health`)).json()) as { info?: { classifier?: ClassifierHealth }; error?: { classifier?: ClassifierHealth } };
    return (body.info?.classifier ?? body.error?.classifier)!;
  };
  const counter = async (name: string): Promise<number> => {
    const text = await (await fetch(`${classifier!.url}/metrics`)).text();
    // `name{service="classifier"} 4`
    const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };
  const redeliver = async (ids: string[]) => {
    const { rows } = await db.query<{ id: string; kind: string; source: string; source_id: string; occurred_at: Date; received_at: Date }>(
      'SELECT id, kind, source, source_id, occurred_at, received_at FROM contacts WHERE id = ANY($1::bigint[])',
      [ids],
    );
    await producer.send({
      topic: topicName('contacts', env['KAFKA_TOPIC_PREFIX']),
      messages: rows.map((c) => ({
        key: String(c.id),
        value: JSON.stringify({
          contactId: String(c.id), kind: c.kind, source: c.source, sourceId: c.source_id, occurredAt: c.occurred_at.toISOString(),
          receivedAt: c.received_at.toISOString(), channel: 'email', productSku: null, language: null, customerHash: null,
        }),
      })),
    });
  };

  let firstIds: string[] = [];

  it('classifies contacts with an encoder model and stores each contact’s embedding once', async () => {
    firstIds = await postTickets(clearCases.map(([text]) => text));
    const rows = await classified(firstIds);
    expect(rows.map((r) => r.kind)).toEqual(clearCases.map(() => 'encoder'));
    expect(rows.map((r) => r.category_key)).toEqual(clearCases.map(([, category]) => category));
    expect(rows.some((r) => r.explanation.terms.some((t) => t.term === '(meaning of the whole text)'))).toBe(true);

    const { rows: models } = await db.query<{ kind: string; evaluation: { encoder: { name: string; checksum: string }; embedded: number } }>('SELECT kind, evaluation FROM model_versions');
    expect(models).toHaveLength(1);
    const { encoder } = models[0]!.evaluation;
    expect(encoder.name).toBe(ENCODER);
    expect(models[0]!.evaluation.embedded).toBeGreaterThan(0);

    const stored = await embeddings();
    expect(stored.map((e) => String(e.contact_id))).toEqual([...firstIds].sort((a, b) => Number(a) - Number(b)));
    for (const e of stored) expect(e).toMatchObject({ encoder: ENCODER, encoder_checksum: encoder.checksum, dimensions: 384, bytes: 384 * 4 });
    // The examples' embeddings are kept too, so a retrain embeds only new texts.
    const { rows: examples } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM example_embeddings');
    expect(examples[0]!.n).toBe(models[0]!.evaluation.embedded);

    expect(await health()).toMatchObject({ status: 'up', kind: 'encoder', mode: 'encoder', encoder: ENCODER });
    expect((await health()).reason).toBeUndefined();
  });

  it('reads the stored embeddings back on re-delivery instead of running the encoder again', async () => {
    const before = await embeddings();
    const embeddedBefore = await counter('frictionlens_classifier_embedded_total');
    const reusedBefore = await counter('frictionlens_classifier_embeddings_reused_total');
    expect(embeddedBefore).toBe(firstIds.length); // each contact embedded once when first classified
    await redeliver(firstIds);
    const reused = await waitFor(() => counter('frictionlens_classifier_embeddings_reused_total'), (n) => n >= reusedBefore + firstIds.length, 30_000, 200);
    expect(reused).toBe(reusedBefore + firstIds.length);
    expect(await counter('frictionlens_classifier_embedded_total')).toBe(embeddedBefore);
    expect(await embeddings()).toEqual(before);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM classifications');
    expect(rows[0]!.n).toBe(firstIds.length);
  });

  it('erases a contact’s embedding with the contact', async () => {
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await client.query('DELETE FROM contacts WHERE id = $1', [firstIds[0]]);
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM contact_embeddings WHERE contact_id = $1', [firstIds[0]]);
      expect(rows[0]!.n).toBe(0);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('serves a TF-IDF model when the models folder is empty, and /health says why', async () => {
    await classifier!.close();
    classifier = undefined;
    classifier = await startClassifier({ ...env, CLASSIFIER_MODELS_DIR: emptyFolder });
    // The encoder model cannot be served here and there is no older one: a TF-IDF model is trained.
    const status = await waitFor(health, (h) => h.mode === 'linear', 60_000, 250);
    expect(status).toMatchObject({ status: 'up', kind: 'linear', encoder: null });
    expect(status.reason).toContain(`is not in ${join(emptyFolder, ENCODER)}`);
    expect(status.reason).toContain('npm run models:fetch');
    const saysWhy = classifier.output().split('\n').filter((line) => line.includes('classifying with the TF-IDF model alone'));
    expect(saysWhy).toHaveLength(1);
    expect(saysWhy[0]).toContain(join(emptyFolder, ENCODER));

    const embeddingsBefore = (await embeddings()).length;
    const ids = await postTickets(['How can I change my PIN?', 'my card has still not been delivered']);
    const rows = await classified(ids);
    expect(rows.map((r) => r.kind)).toEqual(['linear', 'linear']);
    expect(rows[0]!.category_key).toBe('change_pin');
    expect((await embeddings()).length).toBe(embeddingsBefore);
  });
});
