import { Presets, SingleBar } from 'cli-progress';
import { ConfigError, loadConfig } from '@frictionlens/config';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { openDatabase } from '../database-location.js';
import { PersistenceModule } from '../persistence.module.js';
import { TransactionRunner } from '../transaction-runner.js';

// `npm run backfill [-- --chunk=250000] [--repeat-window-days=7]`: recounts the demand rollups
// (daily and weekly) from the contact rows, after categories were renamed, merged or remapped by
// hand, to change the repeat window, or to check that the rollups still equal the contacts. In one transaction: classifications wait until it commits,
// metrics keep answering from the old counts meanwhile, and the API's caches hear of the new ones.
async function main(chunk: number, repeatWindowDays: number | undefined): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config, (message) => console.error(message));
  let app: INestApplicationContext | undefined;
  const bar = new SingleBar({ format: 'backfill: counting contacts [{bar}] {percentage}% | {value}/{total} | {duration_formatted}', hideCursor: true, noTTYOutput: true, notTTYSchedule: 5_000 }, Presets.shades_classic);
  try {
    app = await NestFactory.createApplicationContext(PersistenceModule.forRoot(database.url, { logging: ['error'] }), { logger: false, abortOnError: false });
    const dataSource = app.get(DataSource);
    const started = performance.now();
    let total = 0;
    let window = 0;
    await app.get(TransactionRunner).run(async (tx) => {
      await tx.valueStreams.lockForModelChange();
      const rollups = tx.rollups;
      if (repeatWindowDays !== undefined) await rollups.setRepeatWindowDays(repeatWindowDays);
      window = await rollups.repeatWindowDays();
      await rollups.rebuild({
        chunk,
        progress: (counted, all) => {
          if (total === 0) bar.start((total = all), 0);
          bar.update(counted);
        },
      });
    });
    bar.stop();
    const [daily] = (await dataSource.query('SELECT count(*) AS rows, COALESCE(sum(contacts), 0)::float8 AS contacts FROM demand_rollups')) as Array<{ rows: string; contacts: number }>;
    const [weekly] = (await dataSource.query('SELECT count(*) AS rows FROM demand_rollups_weekly')) as Array<{ rows: string }>;
    console.log(
      `backfill: ${total.toLocaleString('en')} contacts recounted in ${((performance.now() - started) / 1_000).toFixed(1)} s: ` +
        `${Number(daily!.rows).toLocaleString('en')} daily and ${Number(weekly!.rows).toLocaleString('en')} weekly rollup rows, ${daily!.contacts.toLocaleString('en')} contacts counted (classified or labelled), repeat window ${window} days`,
    );
  } finally {
    bar.stop();
    await app?.close().catch(() => undefined);
    await database.stop();
  }
}

const chunkArgument = process.argv.slice(2).find((a) => a.startsWith('--chunk='));
const chunk = chunkArgument ? Number(chunkArgument.slice('--chunk='.length)) : 250_000;
if (!Number.isInteger(chunk) || chunk < 1_000) {
  console.error('backfill: --chunk must be a whole number of at least 1000 contacts');
  process.exit(2);
}
const windowArgument = process.argv.slice(2).find((a) => a.startsWith('--repeat-window-days='));
const repeatWindowDays = windowArgument ? Number(windowArgument.slice('--repeat-window-days='.length)) : undefined;
if (repeatWindowDays !== undefined && (!Number.isInteger(repeatWindowDays) || repeatWindowDays < 1 || repeatWindowDays > 365)) {
  console.error('backfill: --repeat-window-days must be a whole number of days from 1 to 365');
  process.exit(2);
}
main(chunk, repeatWindowDays).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
