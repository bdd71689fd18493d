import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { ClassificationRepository, createDataSource, type NewClassification } from '@frictionlens/persistence';
import { aModelVersion, aTaxonomy } from '../factories/classifications.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// The bi_* views a BI tool reads straight from PostgreSQL, on known rows: one card_arrival e-mail
// at card delivery and one charged_twice call split 0.6 billing / 0.4 delivery, one upgrade chat
// (value demand at no step), the steps' volumes and a countermeasure.
describe('BI views', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    dataSource = createDataSource(database.url, { logging: ['error'] });
    await dataSource.initialize();
    const taxonomy = await aTaxonomy(db, [{ key: 'card_arrival' }, { key: 'charged_twice' }, { key: 'upgrade', demandType: 'value' }]);
    const model = { modelVersionId: await aModelVersion(db, taxonomy), taxonomyVersionId: taxonomy };
    await db.query(`INSERT INTO value_streams (key, name, owner, position) VALUES ('cards', 'Card issuing', 'Ana', 1), ('payments', 'Payments', NULL, 2)`);
    await db.query(
      `INSERT INTO value_stream_steps (key, value_stream_key, name, position, owner, process_time_minutes, lead_time_hours, target_complete_accurate, unit_name)
       VALUES ('delivery', 'cards', 'Card delivery', 1, 'Ben', 5, 72, 0.999, 'card'), ('billing', 'payments', 'Billing', 1, NULL, NULL, NULL, NULL, NULL)`,
    );
    await db.query(`INSERT INTO category_step_links (category_key, step_key, weight) VALUES ('card_arrival', 'delivery', 1), ('charged_twice', 'billing', 0.6), ('charged_twice', 'delivery', 0.4)`);
    await db.query(`INSERT INTO step_volumes (step_key, day, units) VALUES ('delivery', '2026-05-04', 1000), ('billing', '2026-05-04', 500)`);
    await db.query(`INSERT INTO countermeasures (step_key, category_keys, title, owner, started_on, status) VALUES ('delivery', '{card_arrival,charged_twice}', 'Tracking link', 'Ben', '2026-05-11', 'in-progress')`);
    const contacts: Array<[channel: string, product: string | null, category: string, demandType: 'failure' | 'value']> = [
      ['email', 'CARD-1', 'card_arrival', 'failure'],
      ['phone', null, 'charged_twice', 'failure'],
      ['chat', null, 'upgrade', 'value'],
    ];
    const rows: NewClassification[] = [];
    for (const [i, [channel, product, category, demandType]] of contacts.entries()) {
      const { rows: stored } = await db.query<{ id: string }>(
        `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, product_sku, text) VALUES ('ticket', 'zendesk', $1, '2026-05-04T10:00:00Z', $2, $3, 'text') RETURNING id::text`,
        [`T-${i}`, channel, product],
      );
      rows.push({ contactId: stored[0]!.id, categoryKey: category, demandType, confidence: 0.9, top: [], explanation: {}, sentiment: 0, effortCues: [] });
    }
    await new ClassificationRepository(dataSource).storeBatch(model, rows);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.end();
    await database.drop();
  });

  it('gives the daily demand by step, stream and every dimension, a split category by its weights', async () => {
    const { rows } = await db.query(
      `SELECT day::text, value_stream, step, category, channel, kind, product_sku, source, demand_type, contacts::float8 AS contacts
       FROM bi_failure_demand_daily ORDER BY category, step NULLS LAST`,
    );
    expect(rows).toEqual([
      { day: '2026-05-04', value_stream: 'cards', step: 'delivery', category: 'card_arrival', channel: 'email', kind: 'ticket', product_sku: 'CARD-1', source: 'zendesk', demand_type: 'failure', contacts: 1 },
      { day: '2026-05-04', value_stream: 'payments', step: 'billing', category: 'charged_twice', channel: 'phone', kind: 'ticket', product_sku: null, source: 'zendesk', demand_type: 'failure', contacts: 0.6 },
      { day: '2026-05-04', value_stream: 'cards', step: 'delivery', category: 'charged_twice', channel: 'phone', kind: 'ticket', product_sku: null, source: 'zendesk', demand_type: 'failure', contacts: 0.4 },
      { day: '2026-05-04', value_stream: null, step: null, category: 'upgrade', channel: 'chat', kind: 'ticket', product_sku: null, source: 'zendesk', demand_type: 'value', contacts: 1 },
    ]);
    const { rows: byStream } = await db.query(
      `SELECT value_stream, sum(contacts)::float8 AS failure FROM bi_failure_demand_daily WHERE demand_type = 'failure' GROUP BY 1 ORDER BY 1`,
    );
    expect(byStream).toEqual([
      { value_stream: 'cards', failure: 1.4 },
      { value_stream: 'payments', failure: 0.6 },
    ]);
  });

  it('gives the steps with their stream, owner, times and target %C&A, and their daily volumes', async () => {
    const { rows: steps } = await db.query('SELECT * FROM bi_value_stream_steps ORDER BY value_stream_position, step_position');
    expect(steps).toEqual([
      {
        value_stream: 'cards', value_stream_name: 'Card issuing', value_stream_owner: 'Ana', value_stream_position: 1,
        step: 'delivery', step_name: 'Card delivery', step_position: 1, step_owner: 'Ben',
        process_time_minutes: 5, lead_time_hours: 72, target_complete_accurate: 0.999, unit_name: 'card',
      },
      {
        value_stream: 'payments', value_stream_name: 'Payments', value_stream_owner: null, value_stream_position: 2,
        step: 'billing', step_name: 'Billing', step_position: 1, step_owner: null,
        process_time_minutes: null, lead_time_hours: null, target_complete_accurate: null, unit_name: null,
      },
    ]);
    const { rows: volumes } = await db.query('SELECT step, value_stream, day::text, units::int AS units FROM bi_step_volumes_daily ORDER BY step');
    expect(volumes).toEqual([
      { step: 'billing', value_stream: 'payments', day: '2026-05-04', units: 500 },
      { step: 'delivery', value_stream: 'cards', day: '2026-05-04', units: 1000 },
    ]);
  });

  it('gives the countermeasures with their step, stream and categories as one text column', async () => {
    const { rows } = await db.query('SELECT title, owner, status, started_on::text, step, value_stream, categories FROM bi_countermeasures');
    expect(rows).toEqual([{ title: 'Tracking link', owner: 'Ben', status: 'in-progress', started_on: '2026-05-11', step: 'delivery', value_stream: 'cards', categories: 'card_arrival,charged_twice' }]);
  });

  it('lets a user granted only the views read them, and nothing beneath (the docs/bi-views.md recipe)', async () => {
    const role = `fl_test_bi_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    await db.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    try {
      await db.query(`GRANT CONNECT ON DATABASE ${database.name} TO ${role}`);
      await db.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
      await db.query(`GRANT SELECT ON bi_failure_demand_daily, bi_step_volumes_daily, bi_value_stream_steps, bi_countermeasures TO ${role}`);
      await db.query(`ALTER ROLE ${role} SET default_transaction_read_only = on`);
      const url = new URL(database.url);
      url.username = role;
      url.password = password;
      const bi = new pg.Client({ connectionString: url.toString() });
      await bi.connect();
      try {
        const { rows } = await bi.query('SELECT count(*)::int AS n FROM bi_failure_demand_daily');
        expect(rows[0].n).toBe(4);
        await expect(bi.query('SELECT text FROM contacts')).rejects.toThrow(/permission denied/);
        await expect(bi.query('SELECT * FROM demand_rollups')).rejects.toThrow(/permission denied/);
      } finally {
        await bi.end();
      }
    } finally {
      await db.query(`DROP OWNED BY ${role}`);
      await db.query(`REVOKE ALL ON DATABASE ${database.name} FROM ${role}`);
      await db.query(`DROP ROLE ${role}`);
    }
  });

  it('runs every example query of docs/bi-views.md', async () => {
    const blocks = [...readFileSync('docs/bi-views.md', 'utf8').matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const examples = blocks.filter((sql) => sql.trimStart().startsWith('SELECT') || sql.trimStart().startsWith('WITH'));
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const sql of examples) await expect(db.query(sql)).resolves.toBeDefined();
  });

  it('drops the views when the migration is reverted, and makes them again', async () => {
    const views = async () => (await db.query<{ viewname: string }>("SELECT viewname FROM pg_views WHERE schemaname = 'public' AND viewname LIKE 'bi\\_%' ORDER BY 1")).rows.map((r) => r.viewname);
    expect(await views()).toEqual(['bi_countermeasures', 'bi_failure_demand_daily', 'bi_step_volumes_daily', 'bi_value_stream_steps']);
    // Later migrations come off first, down to the one that made the views.
    const applied = async () => (await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY id DESC')).rows.map((r) => r.name);
    while ((await applied()).includes('CreateMetricsViews1764600000000')) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await views()).toEqual([]);
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await views()).toHaveLength(4);
  });
});
