import type { DataSource } from 'typeorm';
import { createDataSource, withAdvisoryLock } from '@frictionlens/persistence';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// The one helper behind "one instance at a time" (training, the backlog passes, the demo, a
// theme's decision), on real PostgreSQL sessions.
describe('withAdvisoryLock', () => {
  let database: TestDatabase;
  let one: DataSource;
  let other: DataSource;

  beforeAll(async () => {
    database = await freshDatabase();
    one = createDataSource(database.url, { logging: ['error'] });
    other = createDataSource(database.url, { logging: ['error'] });
    await Promise.all([one.initialize(), other.initialize()]);
  });

  afterAll(async () => {
    await one?.destroy();
    await other?.destroy();
    await database?.drop();
  });

  it('runs the work while no other session holds the key, and not while one does', async () => {
    let inside: Array<{ locked: boolean }> = [];
    const outcome = await withAdvisoryLock(one, 4242, async () => {
      inside = await Promise.all([withAdvisoryLock(other, 4242, async () => 'ran'), withAdvisoryLock(other, [4242, 1], async () => 'ran')]);
      return 'done';
    });
    expect(outcome).toEqual({ locked: true, value: 'done' });
    expect(inside).toEqual([{ locked: false }, { locked: true, value: 'ran' }]); // a pair of keys is another lock
    expect(await withAdvisoryLock(other, 4242, async () => 'ran')).toEqual({ locked: true, value: 'ran' });
  });

  it('gives the lock back when the work fails', async () => {
    await expect(withAdvisoryLock(one, [7, 9], async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withAdvisoryLock(other, [7, 9], async () => 1)).toEqual({ locked: true, value: 1 });
    const held = (await one.query("SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()")) as Array<{ n: number }>;
    expect(held[0]!.n).toBe(0);
  });
});
