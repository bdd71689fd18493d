import type { DataSource, QueryRunner } from 'typeorm';
import { createDataSource, DemandRollupRepository, EmbeddingRepository } from '@frictionlens/persistence';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// Two classifier batches of the same customers at once, as a backlog on several partitions makes
// them (the hardening check's 40,000 complaints from 97 customers): each stores its contacts'
// embeddings (a foreign key to the contact), then locks its contacts and the same customers' later
// ones to move the rollups. The lock must not conflict with the other batch's foreign keys, or
// the two wait on each other and PostgreSQL kills one with "deadlock detected".
describe('the counting lock beside foreign keys to the same contacts', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const encoder = { name: 'test-encoder', checksum: 'c'.repeat(64), dimensions: 2 };

  beforeAll(async () => {
    database = await freshDatabase();
    dataSource = createDataSource(database.url, { logging: ['error'] });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('lets two batches of one customer embed and count at once, one after the other, without a deadlock', async () => {
    const rows = (await dataSource.query(
      `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text, customer_hash)
       SELECT 'complaint', 'test', 'K-' || n, '2026-11-02T10:00:00Z', 'email', 'card arrived broken again', 'same-customer'
       FROM generate_series(1, 2) AS n RETURNING id::text AS id`,
    )) as Array<{ id: string }>;
    const [first, second] = rows.map((r) => r.id).sort((a, b) => Number(a) - Number(b));
    const runners: QueryRunner[] = [dataSource.createQueryRunner(), dataSource.createQueryRunner()];
    try {
      for (const runner of runners) {
        await runner.connect();
        await runner.startTransaction();
        await runner.query(`SET LOCAL lock_timeout = '20s'`);
      }
      // Each batch stores the embedding of its own contact first (the classifier's transaction does).
      await new EmbeddingRepository(runners[0]!.manager).storeForContacts(encoder, [{ contactId: first!, vector: new Float32Array([1, 0]) }]);
      await new EmbeddingRepository(runners[1]!.manager).storeForContacts(encoder, [{ contactId: second!, vector: new Float32Array([0, 1]) }]);
      const counted: string[] = [];
      const count = async (runner: QueryRunner, id: string) => {
        const locked = await new DemandRollupRepository(runner.manager).change([id], async (asked) => asked);
        counted.push(...locked);
        await runner.commitTransaction();
      };
      // The second batch locks both contacts (its own and the same customer's other) while the first holds its key share.
      const both = Promise.all([count(runners[1]!, second!), count(runners[0]!, first!)]);
      await expect(both).resolves.toBeDefined();
      expect(counted.sort()).toEqual([first, second].sort());
    } finally {
      for (const runner of runners) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    }
    const stored = (await dataSource.query('SELECT count(*)::int AS n FROM contact_embeddings')) as Array<{ n: number }>;
    expect(stored[0]!.n).toBe(2);
  });
});
