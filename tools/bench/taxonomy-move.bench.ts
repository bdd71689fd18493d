import { randomBytes } from 'node:crypto';
import { loadConfig } from '@frictionlens/config';
import { createDataSource, openDatabase, TaxonomyRepository, TransactionRunner } from '@frictionlens/persistence';
import { TaxonomyService } from '../../apps/api/src/taxonomy/taxonomy.service.js';
import { seedBenchDatabase } from './api-seed.js';
import { createBenchDatabase, dropBenchDatabase } from './bench-kit.js';

// npm run bench:taxonomy [-- --contacts=100000]
// Seeds a bench database (api-seed.ts), then times merging its largest category into the next
// and renaming the result, each in the one transaction the API runs (history rewritten, rollups
// recounted), and a recount alone for comparison.
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const CONTACTS = Number(args.get('contacts') ?? 100_000);

async function main(): Promise<void> {
  const server = await openDatabase(loadConfig(), (message) => console.log(message));
  const name = `frictionlens_movebench_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const url = await createBenchDatabase(server.url, name);
  try {
    const seeded = await seedBenchDatabase(url, CONTACTS);
    console.log(`seeded ${CONTACTS.toLocaleString('en')} contacts; the recount took ${seeded.rollupsSeconds.toFixed(1)} s (${seeded.dailyRollupRows.toLocaleString('en')} daily rollup rows)`);
    const db = createDataSource(url, { logging: ['error'] });
    await db.initialize();
    try {
      const [largest, next]: Array<{ category_key: string; n: number }> = await db.query('SELECT category_key, count(*)::int AS n FROM classifications GROUP BY 1 ORDER BY 2 DESC LIMIT 2');
      // The two collaborators the API's PersistenceModule would inject, on the bench database.
      const sut = new TaxonomyService(new TaxonomyRepository(db), new TransactionRunner(db));
      let started = performance.now();
      const merged = await sut.mergeCategory(largest!.category_key, next!.category_key);
      console.log(`merge ${largest!.category_key} (${largest!.n}) into ${next!.category_key} (${next!.n}): ${Math.round(performance.now() - started)} ms, recount ${merged.recountMs} ms`, merged.rewritten);
      started = performance.now();
      const renamed = await sut.renameCategory(next!.category_key, `${next!.category_key}_renamed`);
      console.log(`rename ${next!.category_key}: ${Math.round(performance.now() - started)} ms, recount ${renamed.recountMs} ms`, renamed.rewritten);
    } finally {
      await db.destroy();
    }
  } finally {
    await dropBenchDatabase(server.url, name);
    await server.stop();
  }
}

await main();
