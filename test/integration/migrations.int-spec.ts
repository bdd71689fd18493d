import { createDataSource, migrations } from '@frictionlens/persistence';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// The schema comes only from migrations (synchronize is never on); these checks keep the
// migrations and the entities telling the same story.
describe('migrations', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await freshDatabase();
  });

  afterAll(async () => {
    await database.drop();
  });

  it('leave no difference between the entities and the migrated schema', async () => {
    const sut = createDataSource(database.url, { logging: ['error'] });
    await sut.initialize();
    try {
      const pending = await sut.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await sut.destroy();
    }
  });

  it('revert down to an empty schema and apply again', async () => {
    const sut = createDataSource(database.url, { logging: ['error'] });
    await sut.initialize();
    try {
      for (let i = 0; i < migrations.length; i++) await sut.undoLastMigration({ transaction: 'each' });
      const tables: Array<{ tablename: string }> = await sut.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
      expect(tables.map((t) => t.tablename)).toEqual(['schema_migrations']);
      const applied = await sut.runMigrations({ transaction: 'each' });
      expect(applied).toHaveLength(migrations.length);
    } finally {
      await sut.destroy();
    }
  });
});
