import { ConfigError, loadConfig } from '@frictionlens/config';
import { createDataSource } from '../data-source.js';
import { openDatabase } from '../database-location.js';

// `npm run migrate` applies pending migrations; `npm run migrate -- revert` undoes the last one;
// `npm run migrate -- show` lists what is pending.
async function main(command: string): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config, (message) => console.log(message));
  const dataSource = createDataSource(database.url, { logging: ['error'] });
  try {
    await dataSource.initialize();
    if (command === 'revert') {
      await dataSource.undoLastMigration({ transaction: 'each' });
      console.log('reverted the last migration');
    } else if (command === 'show') {
      const pending = await dataSource.showMigrations();
      console.log(pending ? 'there are pending migrations' : 'the schema is up to date');
    } else {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      console.log(applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'the schema is up to date');
    }
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await database.stop();
  }
}

const command = process.argv[2] ?? 'up';
if (!['up', 'revert', 'show'].includes(command)) {
  console.error(`unknown migrate command "${command}": use up (default), revert or show`);
  process.exit(2);
}
main(command).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
