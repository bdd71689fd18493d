import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { ClassificationRepository, ContactLabelRepository, ContactRepository, createDataSource, DemandRollupRepository, isRepeatSql, type NewClassification } from '@frictionlens/persistence';
import { aModelVersion, aTaxonomy } from '../factories/classifications.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

const run = promisify(execFile);

/** A confident classification of the contact into the category, as a model would store it. */
const aNewClassification = (contactId: string, category: string, demandType: 'failure' | 'value' | null): NewClassification => ({
  contactId,
  categoryKey: category,
  demandType,
  confidence: 0.9,
  top: [{ category, probability: 0.9 }],
  explanation: {},
  sentiment: 0,
  effortCues: [],
});

// The rollups every metric is served from must always equal the contact rows they summarise:
// after classification, re-delivery, reclassification by a newer model, a reviewer's label and
// an erasure. Categories split across steps count by their link weights.
describe('demand rollups', () => {
  const fresh = aFreshDatabaseForEachSuite();
  let db: pg.Pool;
  let dataSource: DataSource;
  let taxonomy: number;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ db, dataSource } = fresh());
    taxonomy = await aTaxonomy(db, [{ key: 'card_arrival' }, { key: 'upgrade', demandType: 'value' }, { key: 'charged_twice' }]);
    await db.query(`INSERT INTO value_streams (key, name) VALUES ('cards', 'Cards'), ('payments', 'Payments')`);
    await db.query(`INSERT INTO value_stream_steps (key, value_stream_key, name, position) VALUES ('delivery', 'cards', 'Delivery', 1), ('billing', 'payments', 'Billing', 1)`);
    // card_arrival starts at delivery; charged_twice is split 0.6 billing / 0.4 delivery; upgrade is value demand, at no step.
    await db.query(`INSERT INTO category_step_links (category_key, step_key, weight) VALUES ('card_arrival', 'delivery', 1), ('charged_twice', 'billing', 0.6), ('charged_twice', 'delivery', 0.4)`);
    const contacts: Array<[string, string, string, string | null]> = [
      ['a1', '2026-05-04T09:00:00Z', 'email', 'alice'],
      ['a2', '2026-05-04T23:59:00Z', 'email', null],
      ['a3', '2026-05-05T08:00:00Z', 'phone', 'alice'],
      ['b1', '2026-05-04T10:00:00Z', 'chat', 'bob'],
      ['c1', '2026-05-05T12:00:00Z', 'phone', 'bob'],
    ];
    for (const [name, occurredAt, channel, customer] of contacts) {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text, customer_hash) VALUES ('ticket', 'test', $1, $2, $3, 'text', $4) RETURNING id::text`,
        [name, occurredAt, channel, customer],
      );
      ids[name] = rows[0]!.id;
    }
  });

  const classification = (name: string, category: string, demandType: 'failure' | 'value' | null = 'failure') => aNewClassification(ids[name]!, category, demandType);
  const byStep = async () => {
    const { rows } = await db.query<{ step_key: string; demand_type: string; n: string }>(
      `SELECT step_key, demand_type, sum(contacts)::text AS n FROM demand_rollups GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    return Object.fromEntries(rows.map((r) => [`${r.step_key || '(none)'}/${r.demand_type}`, Number(r.n)]));
  };
  const total = async () => Number((await db.query<{ n: string | null }>('SELECT sum(contacts)::text AS n FROM demand_rollups')).rows[0]!.n ?? 0);
  // The rollups, recounted from scratch, must be what was kept up incrementally.
  // The weekly rollups must be the daily ones summed by week.
  const WEEKLY = 'SELECT week::text, category_key, step_key, demand_type, contact_failure_type, contacts::text FROM demand_rollups_weekly ORDER BY 1, 2, 3, 4, 5';
  const DAILY_BY_WEEK = `SELECT date_trunc('week', day::timestamp)::date::text AS week, category_key, step_key, demand_type, contact_failure_type, sum(contacts)::text AS contacts
                         FROM demand_rollups GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`;
  const expectRebuildToAgree = async () => {
    const kept = (await db.query('SELECT * FROM demand_rollups ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10')).rows;
    const keptWeekly = (await db.query(WEEKLY)).rows;
    expect(keptWeekly).toEqual((await db.query(DAILY_BY_WEEK)).rows);
    await dataSource.transaction(async (tx) => {
      await new DemandRollupRepository(tx).rebuild();
      const rebuilt = (await tx.query('SELECT * FROM demand_rollups ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10')) as unknown[];
      expect(rebuilt).toEqual(kept);
      expect(await tx.query(WEEKLY)).toEqual(keptWeekly);
    });
    // Counted in id ranges of two (npm run backfill's way), the same days recur across ranges.
    const progress: Array<[number, number]> = [];
    await dataSource.transaction(async (tx) => {
      await new DemandRollupRepository(tx).rebuild({ chunk: 2, progress: (counted, all) => progress.push([counted, all]) });
      expect(await tx.query('SELECT * FROM demand_rollups ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10')).toEqual(kept);
      expect(await tx.query(WEEKLY)).toEqual(keptWeekly);
    });
    const contacts = Number((await db.query('SELECT count(*) AS n FROM contacts')).rows[0].n);
    expect(progress.at(-1)).toEqual([contacts, contacts]);
  };

  it('counts each classified contact once, split across steps by the link weights', async () => {
    const sut = new ClassificationRepository(dataSource);
    const model = { modelVersionId: await aModelVersion(db, taxonomy), taxonomyVersionId: taxonomy };
    const batch = [classification('a1', 'card_arrival'), classification('a2', 'card_arrival'), classification('a3', 'card_arrival'), classification('b1', 'upgrade', 'value'), classification('c1', 'charged_twice')];
    await sut.storeBatch(model, batch);
    await sut.storeBatch(model, batch); // a re-delivery changes nothing
    expect(await byStep()).toEqual({ '(none)/value': 1, 'billing/failure': 0.6, 'delivery/failure': 3.4 });
    expect(await total()).toBe(5);
    const { rows } = await db.query<{ day: string; n: string }>(`SELECT day::text, sum(contacts)::text AS n FROM demand_rollups GROUP BY 1 ORDER BY 1`);
    expect(rows).toEqual([{ day: '2026-05-04', n: '3.0000' }, { day: '2026-05-05', n: '2.0000' }]);
    await expectRebuildToAgree();
  });

  it('moves a contact to the newer model’s category, and keeps an unclassified one apart', async () => {
    const sut = new ClassificationRepository(dataSource);
    const newer = { modelVersionId: await aModelVersion(db, taxonomy), taxonomyVersionId: taxonomy };
    await sut.storeBatch(newer, [classification('a3', 'charged_twice'), classification('b1', 'unclassified', null)]);
    expect(await byStep()).toEqual({ '(none)/unclassified': 1, 'billing/failure': 1.2, 'delivery/failure': 2.8 });
    expect(await total()).toBe(5);
    await expectRebuildToAgree();
  });

  it("counts a reviewer's label instead of the model's category", async () => {
    await new ContactLabelRepository(dataSource).upsert({ contactId: ids.b1!, categoryKey: 'upgrade', taxonomyVersionId: taxonomy, reviewer: 'test' });
    expect(await byStep()).toEqual({ '(none)/value': 1, 'billing/failure': 1.2, 'delivery/failure': 2.8 });
    await expectRebuildToAgree();
  });

  it("takes an erased customer's contacts out of every count, leaving no empty rows", async () => {
    await dataSource.transaction((tx) => new ContactRepository(tx).deleteByCustomerHash('bob'));
    expect(await byStep()).toEqual({ 'billing/failure': 0.6, 'delivery/failure': 2.4 });
    expect(await total()).toBe(3);
    expect((await db.query('SELECT 1 FROM demand_rollups WHERE contacts = 0')).rowCount).toBe(0);
    expect((await db.query('SELECT 1 FROM demand_rollups_weekly WHERE contacts = 0')).rowCount).toBe(0);
    await expectRebuildToAgree();
  });

  it('npm run backfill recounts rollups that drifted from the contacts, with progress', async () => {
    const kept = (await db.query('SELECT * FROM demand_rollups ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10')).rows;
    await db.query('UPDATE demand_rollups SET contacts = contacts + 7');
    await db.query('DELETE FROM demand_rollups_weekly');
    const entry = fileURLToPath(new URL('../../dist/libs/persistence/src/cli/backfill.js', import.meta.url));
    if (!existsSync(entry)) throw new Error(`${entry} is missing: npm test builds it first (npm run build)`);
    const { stdout, stderr } = await run(process.execPath, [entry, '--chunk=1000'], { env: { PATH: process.env.PATH, DATABASE_URL: fresh().url, CUSTOMER_HASH_KEY: 'backfill-test-key-0123456789', LOG_LEVEL: 'warn' } });
    expect(stdout).toMatch(/backfill: 3 contacts recounted in [\d.]+ s: \d+ daily and \d+ weekly rollup rows, 3 contacts counted/);
    expect(stderr).toContain('backfill: counting contacts');
    expect((await db.query('SELECT * FROM demand_rollups ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10')).rows).toEqual(kept);
    expect((await db.query(WEEKLY)).rows).toEqual((await db.query(DAILY_BY_WEEK)).rows);
  });
});

// A contact is a repeat when the same (hashed) customer got in touch within the repeat window
// before it about the same category, or a category sharing a step. Worked out by hand below;
// whichever order the contacts are classified in, the rollups must say the same.
describe('repeat contacts in the demand rollups', () => {
  const fresh = aFreshDatabaseForEachSuite();
  let db: pg.Pool;
  let dataSource: DataSource;
  let model: { modelVersionId: number; taxonomyVersionId: number };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ db, dataSource } = fresh());
    const taxonomy = await aTaxonomy(db, [{ key: 'card_arrival' }, { key: 'charged_twice' }, { key: 'pin_blocked' }, { key: 'upgrade', demandType: 'value' }]);
    model = { modelVersionId: await aModelVersion(db, taxonomy), taxonomyVersionId: taxonomy };
    await db.query(`INSERT INTO value_streams (key, name) VALUES ('cards', 'Cards'), ('payments', 'Payments')`);
    await db.query(`INSERT INTO value_stream_steps (key, value_stream_key, name, position) VALUES ('delivery', 'cards', 'Delivery', 1), ('billing', 'payments', 'Billing', 1), ('security', 'cards', 'Security', 2)`);
    // charged_twice shares the delivery step with card_arrival; pin_blocked and upgrade share nothing.
    await db.query(`INSERT INTO category_step_links (category_key, step_key, weight) VALUES ('card_arrival', 'delivery', 1), ('charged_twice', 'billing', 0.6), ('charged_twice', 'delivery', 0.4), ('pin_blocked', 'security', 1)`);
    const contacts: Array<[string, string, string | null]> = [
      ['x1', '2026-05-01T09:00:00Z', 'xavier'], // card_arrival: first
      ['x2', '2026-05-04T09:00:00Z', 'xavier'], // card_arrival 3 days after x1: repeat
      ['x3', '2026-05-13T09:00:00Z', 'xavier'], // card_arrival 9 days after x2: not within 7
      ['x4', '2026-05-14T08:00:00Z', 'xavier'], // charged_twice, shares delivery with x3: repeat
      ['x5', '2026-05-14T10:00:00Z', 'xavier'], // pin_blocked: nothing in common, not a repeat
      ['x6', '2026-05-15T10:00:00Z', 'xavier'], // upgrade (value): not a repeat
      ['y2', '2026-05-03T09:00:00Z', 'yuki'], //   card_arrival, classified before y1 happened-before it: repeat once y1 is in
      ['y1', '2026-05-02T09:00:00Z', 'yuki'], //   card_arrival
      ['t1', '2026-05-02T09:00:00Z', 'tom'], //    card_arrival at the same instant as t2: the lower id comes first
      ['t2', '2026-05-02T09:00:00Z', 'tom'], //    so t2 is the repeat
      ['n1', '2026-05-02T09:00:00Z', null], //     no customer: never a repeat
      ['n2', '2026-05-02T10:00:00Z', null],
    ];
    for (const [name, occurredAt, customer] of contacts) {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text, customer_hash) VALUES ('ticket', 'test', $1, $2, 'email', 'text', $3) RETURNING id::text`,
        [name, occurredAt, customer],
      );
      ids[name] = rows[0]!.id;
    }
  });

  const classified = (name: string, category: string, demandType: 'failure' | 'value' = 'failure') => aNewClassification(ids[name]!, category, demandType);
  const store = (...batch: NewClassification[]) => new ClassificationRepository(dataSource).storeBatch(model, batch);
  // The same model's classification again is a re-delivery and changes nothing: a change of category takes a newer model.
  const storeByNewerModel = async (...batch: NewClassification[]) => {
    model = { ...model, modelVersionId: await aModelVersion(db, model.taxonomyVersionId) };
    await store(...batch);
  };
  /** Contacts (whole, summed over their steps' weights) per contact failure type and category. */
  const byType = async () => {
    const { rows } = await db.query<{ t: string; category_key: string; n: string }>(
      `SELECT contact_failure_type AS t, category_key, sum(contacts)::float8 AS n FROM demand_rollups GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    return Object.fromEntries(rows.map((r) => [`${r.t || '-'}/${r.category_key}`, Number(r.n)]));
  };
  const repeatsAtStep = async () => {
    const { rows } = await db.query<{ step_key: string; n: string }>(
      `SELECT step_key, sum(contacts)::float8 AS n FROM demand_rollups WHERE contact_failure_type = 'repeat' GROUP BY 1 ORDER BY 1`,
    );
    return Object.fromEntries(rows.map((r) => [r.step_key, Number(r.n)]));
  };
  const expectRebuildToAgree = async () => {
    const kept = (await db.query('SELECT * FROM demand_rollups ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10')).rows;
    await inRolledBackTransaction(dataSource, async (tx) => {
      await new DemandRollupRepository(tx).rebuild({ chunk: 3 });
      expect(await tx.query('SELECT * FROM demand_rollups ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10')).toEqual(kept);
    });
  };

  it('marks the hand-made sequence as worked out, whatever order it is classified in', async () => {
    await store(classified('y2', 'card_arrival'));
    expect((await byType())['-/card_arrival']).toBe(1); // y2 alone: no earlier contact yet
    await store(
      classified('x5', 'pin_blocked'),
      classified('x1', 'card_arrival'),
      classified('x3', 'card_arrival'),
      classified('t2', 'card_arrival'),
      classified('n2', 'card_arrival'),
    );
    await store(classified('x2', 'card_arrival'), classified('x4', 'charged_twice'), classified('x6', 'upgrade', 'value'), classified('y1', 'card_arrival'), classified('t1', 'card_arrival'), classified('n1', 'card_arrival'));
    expect(await byType()).toEqual({
      '-/card_arrival': 6, // x1, x3, y1, t1, n1, n2
      '-/pin_blocked': 1,
      '-/upgrade': 1,
      'repeat/card_arrival': 3, // x2, y2 (once y1 was classified), t2
      'repeat/charged_twice': 1, // x4, split 0.6 billing / 0.4 delivery
    });
    expect(await repeatsAtStep()).toEqual({ billing: 0.6, delivery: 3.4 });
    await expectRebuildToAgree();
  });

  it('recounts the later contacts when an earlier one changes category', async () => {
    await storeByNewerModel(classified('x3', 'pin_blocked'));
    const after = await byType();
    expect(after['repeat/charged_twice']).toBeUndefined(); // x4 no longer shares a step with x3 (and x2 is 10 days before it)…
    expect(after['-/charged_twice']).toBe(1);
    expect(after['repeat/pin_blocked']).toBe(1); // …and x5, pin_blocked a day after x3, now repeats it
    await expectRebuildToAgree();
  });

  it("a reviewer's 'not for here' makes the contact failure demand of that type, and no repeat", async () => {
    await new ContactLabelRepository(dataSource).upsert({ contactId: ids.x6!, categoryKey: 'upgrade', taxonomyVersionId: model.taxonomyVersionId, reviewer: 'test', notForHere: true });
    const { rows } = await db.query(`SELECT demand_type, contact_failure_type, sum(contacts)::float8 AS n FROM demand_rollups WHERE category_key = 'upgrade' GROUP BY 1, 2`);
    expect(rows).toEqual([{ demand_type: 'failure', contact_failure_type: 'not-for-here', n: 1 }]);
    await expectRebuildToAgree();
  });

  it('a longer repeat window, set with a recount, takes in contacts further apart', async () => {
    await storeByNewerModel(classified('x3', 'card_arrival')); // back to card_arrival: 9 days after x2
    expect(await byType()).toMatchObject({ 'repeat/card_arrival': 3, 'repeat/charged_twice': 1 }); // x4 shares delivery with x3 again
    await dataSource.transaction(async (tx) => {
      const rollups = new DemandRollupRepository(tx);
      await rollups.setRepeatWindowDays(10);
      await rollups.rebuild();
    });
    expect(await byType()).toMatchObject({ '-/card_arrival': 5, 'repeat/card_arrival': 4 }); // x3 is now within 10 days of x2
    expect(await new DemandRollupRepository(dataSource.manager).repeatWindowDays()).toBe(10);
  });
});

// A recount from scratch finds repeats for every contact at once (a window over each customer's
// contacts); the rollups kept contact by contact look each one's earlier contacts up. On many
// random contacts, with ties, labels and shared steps, the two must agree exactly.
describe('a recount from scratch, against rollups kept contact by contact', () => {
  const fresh = aFreshDatabaseForEachSuite();
  let db: pg.Pool;
  let dataSource: DataSource;
  beforeAll(() => ({ db, dataSource } = fresh()));

  it('counts the same repeats, not-for-heres and everything else on 1,200 random contacts', async () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    const pick = <T,>(items: T[]) => items[Math.floor(random() * items.length)]!;
    const categories = ['arrival', 'lost', 'charged', 'refund', 'pin', 'upgrade', 'unclassified'];
    const taxonomy = await aTaxonomy(db, categories.map((key) => ({ key, demandType: key === 'upgrade' ? 'value' : 'failure' })));
    let model = { modelVersionId: await aModelVersion(db, taxonomy), taxonomyVersionId: taxonomy };
    await db.query(`INSERT INTO value_streams (key, name) VALUES ('cards', 'Cards'), ('payments', 'Payments')`);
    await db.query(`INSERT INTO value_stream_steps (key, value_stream_key, name, position) VALUES ('delivery', 'cards', 'Delivery', 1), ('security', 'cards', 'Security', 2), ('billing', 'payments', 'Billing', 1)`);
    // arrival and lost share delivery; lost and pin share security; charged and refund share billing; upgrade has no step.
    await db.query(
      `INSERT INTO category_step_links (category_key, step_key, weight) VALUES ('arrival', 'delivery', 1), ('lost', 'delivery', 0.5), ('lost', 'security', 0.5),
       ('pin', 'security', 1), ('charged', 'billing', 1), ('refund', 'billing', 0.7), ('refund', 'delivery', 0.3)`,
    );
    const customers = [...Array.from({ length: 30 }, (_, i) => `customer-${i}`), null];
    const ids: string[] = [];
    for (let i = 0; i < 1_200; i++) {
      // Whole hours over 60 days: several contacts of one customer at the same instant.
      const occurredAt = new Date(Date.UTC(2026, 3, 1) + Math.floor(random() * 60 * 24) * 3_600_000).toISOString();
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text, customer_hash) VALUES ('ticket', 'test', $1, $2, 'email', 'text', $3) RETURNING id::text`,
        [`r${i}`, occurredAt, pick(customers)],
      );
      ids.push(rows[0]!.id);
    }
    // Classified in a random order, in batches, some twice by a newer model; a few never.
    const order = ids.filter(() => random() < 0.95).sort(() => random() - 0.5);
    for (let start = 0; start < order.length; start += 100) {
      const batch = order.slice(start, start + 100).map((id) => aNewClassification(id, pick(categories), 'failure'));
      await new ClassificationRepository(dataSource).storeBatch(model, batch);
    }
    model = { ...model, modelVersionId: await aModelVersion(db, taxonomy) };
    await new ClassificationRepository(dataSource).storeBatch(model, order.filter(() => random() < 0.2).map((id) => aNewClassification(id, pick(categories), 'failure')));
    // Reviewers' labels, some of them "not for here", on classified and unclassified contacts.
    const labels = new ContactLabelRepository(dataSource);
    for (const id of ids.filter(() => random() < 0.12)) {
      await labels.upsert({ contactId: id, categoryKey: pick(categories), taxonomyVersionId: taxonomy, reviewer: 'test', notForHere: random() < 0.3 });
    }

    const kept = (await db.query('SELECT * FROM demand_rollups ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10')).rows;
    const types = new Set(kept.map((row: { contact_failure_type: string }) => row.contact_failure_type));
    expect([...types].sort()).toEqual(['', 'not-for-here', 'repeat']);
    await inRolledBackTransaction(dataSource, async (tx) => {
      await new DemandRollupRepository(tx).rebuild({ chunk: 97 });
      expect(await tx.query('SELECT * FROM demand_rollups ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10')).toEqual(kept);
      // Both ways above find repeats by one window pass; the drill-down asks contact by contact
      // whether an earlier related one exists. All three must name the same contacts.
      const perContact = isRepeatSql({ id: 'c.id', customerHash: 'c.customer_hash', occurredAt: 'c.occurred_at', category: 'COALESCE(l.category_key, x.category_key)' });
      const asked: Array<{ id: string }> = await tx.query(
        `SELECT c.id::text AS id FROM contacts c
         LEFT JOIN classifications x ON x.contact_id = c.id AND x.current LEFT JOIN contact_labels l ON l.contact_id = c.id
         WHERE (x.id IS NOT NULL OR l.contact_id IS NOT NULL) AND ${perContact} ORDER BY c.id`,
      );
      const found: Array<{ id: string }> = await tx.query('SELECT id::text AS id FROM rollup_repeats ORDER BY rollup_repeats.id');
      expect(asked.length).toBeGreaterThan(50);
      expect(found).toEqual(asked);
    });
  });
});

// A customer who writes thousands of times (a bot, a shared id, a backlog of one sender's
// complaints): each classification batch must find its repeats without a look-up per earlier contact.
describe('repeat contacts of a customer with thousands of contacts', () => {
  const fresh = aFreshDatabaseForEachSuite();
  let db: pg.Pool;
  let dataSource: DataSource;
  beforeAll(() => ({ db, dataSource } = fresh()));

  it('keeps up with one customer who writes thousands of times a day (each batch is not a pass over all of them)', async () => {
    const taxonomy = await aTaxonomy(db, [{ key: 'arrival', demandType: 'failure' }]);
    const model = { modelVersionId: await aModelVersion(db, taxonomy), taxonomyVersionId: taxonomy };
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text, customer_hash)
       SELECT 'complaint', 'test', 'hot' || g, '2026-05-01T10:00:00Z'::timestamptz + (g % 5) * interval '1 minute', 'email', 'text', 'customer-' || (g % 3)
       FROM generate_series(1, 6000) g
       RETURNING id::text`,
    );
    const ids = rows.map((row) => row.id).sort((a, b) => Number(a) - Number(b));
    for (let start = 0; start < ids.length; start += 500) {
      await new ClassificationRepository(dataSource).storeBatch(model, ids.slice(start, start + 500).map((id) => aNewClassification(id, 'arrival', 'failure')));
    }
    // Each customer's first contact is new demand; the other 5,997 are repeats of it.
    const counts = (await db.query(`SELECT contact_failure_type AS type, sum(contacts)::int AS n FROM demand_rollups GROUP BY 1 ORDER BY 1`)).rows;
    expect(counts).toEqual([{ type: '', n: 3 }, { type: 'repeat', n: 5_997 }]);
  });
});

/** A database of its own for the describe block it is called in, with a pool and a data source on it. */
function aFreshDatabaseForEachSuite(): () => { db: pg.Pool; dataSource: DataSource; url: string } {
  let database: TestDatabase;
  let opened: { db: pg.Pool; dataSource: DataSource; url: string };
  beforeAll(async () => {
    database = await freshDatabase();
    opened = { db: new pg.Pool({ connectionString: database.url, max: 2 }), dataSource: createDataSource(database.url, { logging: ['error'] }), url: database.url };
    await opened.dataSource.initialize();
  });
  afterAll(async () => {
    await opened.dataSource.destroy();
    await opened.db.end();
    await database.drop();
  });
  return () => opened;
}

class RollBack extends Error {}

/** Runs the work in a transaction and rolls it back, so a check leaves the database as it was. */
async function inRolledBackTransaction(dataSource: DataSource, work: (tx: EntityManager) => Promise<void>): Promise<void> {
  await dataSource
    .transaction(async (tx) => {
      await work(tx);
      throw new RollBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
}
