import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import { loadConfig } from '@frictionlens/config';
import { issueApiKey } from '@frictionlens/domain';
import { ApiKeyRepository, createDataSource, openDatabase } from '@frictionlens/persistence';
import { FIRST_MONDAY, seedBenchDatabase, WEEKS, type SeedTimings } from './api-seed.js';
import { LiveClassifications } from './api-writer.js';
import { createBenchDatabase, databaseUrlOf, dropBenchDatabase, percentile, sleep, spawnService, type ChildService } from './bench-kit.js';

// npm run bench:api [-- --contacts=10000000 --seconds=10 --connections=10 --keep --reuse=<database>]
// Seeds two years of contacts with classifications, starts the compiled API service, and
// measures the metrics endpoints under load (autocannon); then computes the headline answer (a
// year of failure demand by week and step) from the raw contact rows and prints the ratio.
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const CONTACTS = Number(args.get('contacts') ?? 10_000_000);
const SECONDS = Number(args.get('seconds') ?? 10);
const CONNECTIONS = Number(args.get('connections') ?? 10);
const RAW_RUNS = 5;
const LIVE_BATCH = 100;
const LIVE_EVERY_MS = 250;

const log = (message: string) => console.log(message);

async function main(): Promise<void> {
  const config = loadConfig();
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const server = await openDatabase(config, log);
  // --reuse skips the ten minutes of seeding when tuning: it measures a database an earlier --keep run left.
  const reused = args.get('reuse');
  const databaseName = reused ?? `frictionlens_apibench_${runId}`;
  const databaseUrl = reused ? databaseUrlOf(server.url, reused) : await createBenchDatabase(server.url, databaseName);
  try {
    log(`FrictionLens API benchmark: ${CONTACTS.toLocaleString('en')} contacts over ${WEEKS} weeks, database ${databaseName}`);
    const seeded = reused ? await seedFiguresOf(databaseUrl) : await seedBenchDatabase(databaseUrl, CONTACTS);
    log(`${reused ? 'reused' : `seeded in ${(seeded.contactsSeconds + seeded.classificationsSeconds + seeded.rollupsSeconds).toFixed(0)} s`}: ${seeded.dailyRollupRows.toLocaleString('en')} daily and ${seeded.weeklyRollupRows.toLocaleString('en')} weekly rollup rows`);

    const key = await readKey(databaseUrl);
    // Two instances of the API: as shipped (answers cached until the data changes), and with the
    // cache off, so that every request is computed from the rollups.
    const cachedApi = startApi(databaseUrl, {});
    const uncachedApi = startApi(databaseUrl, { API_METRICS_CACHE_MB: '0' });
    const live = await LiveClassifications.open(databaseUrl, runId, addWeeks(FIRST_MONDAY, WEEKS - 1));
    try {
      await Promise.all([cachedApi, uncachedApi].map((api) => waitForHealth(`${api.url}/health`, api.service.output)));
      const to = addWeeks(FIRST_MONDAY, WEEKS);
      const from = addWeeks(FIRST_MONDAY, WEEKS - 52);
      const year = `from=${from}&to=${to}`;
      const endpoints: Array<[string, string]> = [
        ['one year, weekly, by step', `/v1/metrics/failure-demand?${year}&interval=week&groupBy=step`],
        ['one year, per step', `/v1/metrics/steps?${year}`],
        ['one year, Pareto of categories', `/v1/metrics/pareto?${year}&by=category`],
        ['one year, weekly, by channel', `/v1/metrics/failure-demand?${year}&interval=week&groupBy=channel`],
        ['12 weeks, daily, email only', `/v1/metrics/failure-demand?from=${addWeeks(to, -12)}&to=${to}&interval=day&channel=email`],
      ];
      // As in production: the classifier commits a batch while dashboards and BI tools read.
      log(`measuring while the classifier lands ${LIVE_BATCH} classified contacts every ${LIVE_EVERY_MS} ms`);
      live.start(LIVE_BATCH, LIVE_EVERY_MS);
      const results = [];
      for (const [name, path] of endpoints) results.push({ name, path, ...(await load(`${cachedApi.url}${path}`, key)) });
      await live.stop();
      const headline = results[0]!;
      const quiet = await load(`${cachedApi.url}${headline.path}`, key);
      const uncached = await load(`${uncachedApi.url}${headline.path}`, key);
      const raw = await rawAnswerMs(databaseUrl, from, to, `${uncachedApi.url}${headline.path}`, key);

      log('');
      log(`| endpoint (while classifications land, ${CONNECTIONS} connections) | p50 ms | p95 ms | p99 ms | requests/s |`);
      log(`|---|---|---|---|---|`);
      for (const r of results) log(`| ${r.name} | ${r.p50Ms} | ${r.p95Ms} | ${r.p99Ms} | ${r.requestsPerSecond} |`);
      log(`| ${headline.name}, no classifications landing | ${quiet.p50Ms} | ${quiet.p95Ms} | ${quiet.p99Ms} | ${quiet.requestsPerSecond} |`);
      log(`| ${headline.name}, cache off (every answer computed from the rollups) | ${uncached.p50Ms} | ${uncached.p95Ms} | ${uncached.p99Ms} | ${uncached.requestsPerSecond} |`);
      log(`| the headline answer from raw contact rows (${RAW_RUNS} runs, SQL) | ${raw.p50Ms} | ${raw.p95Ms} | | |`);
      log(`${live.batches} classification batches landed during the measurements`);
      log(`ratio (raw p95 / API p95): ${(raw.p95Ms / headline.p95Ms).toFixed(0)}x; from the rollups without the cache: ${(raw.p95Ms / uncached.p95Ms).toFixed(0)}x; same answer: ${raw.same}; API peak RSS ${cachedApi.service.peakRssMb()} MB`);
      log(
        JSON.stringify({
          contacts: CONTACTS,
          p50Ms: headline.p50Ms,
          p95Ms: headline.p95Ms,
          p99Ms: headline.p99Ms,
          requestsPerSecond: headline.requestsPerSecond,
          quietP95Ms: quiet.p95Ms,
          uncachedP50Ms: uncached.p50Ms,
          uncachedP95Ms: uncached.p95Ms,
          uncachedRequestsPerSecond: uncached.requestsPerSecond,
          rawP95Ms: raw.p95Ms,
          ratio: Math.round((raw.p95Ms / headline.p95Ms) * 10) / 10,
          uncachedRatio: Math.round((raw.p95Ms / uncached.p95Ms) * 10) / 10,
          sameAnswer: raw.same,
          liveBatches: live.batches,
          liveBatchSize: LIVE_BATCH,
          liveEveryMs: LIVE_EVERY_MS,
          connections: CONNECTIONS,
          seconds: SECONDS,
          endpoints: results,
          seed: seeded,
          apiPeakRssMb: cachedApi.service.peakRssMb(),
        }),
      );
    } finally {
      await live.end();
      await Promise.all([cachedApi.service.stop(), uncachedApi.service.stop()]);
    }
  } finally {
    if (!args.has('keep') && !reused) await dropBenchDatabase(server.url, databaseName);
    else log(`kept database ${databaseName}: npm run bench:api -- --reuse=${databaseName}`);
    await server.stop();
  }
}

function startApi(databaseUrl: string, env: Record<string, string>): { url: string; service: ChildService } {
  const port = 40_000 + Math.floor(Math.random() * 10_000);
  const service = spawnService('apps/api/src/main.js', {
    DATABASE_URL: databaseUrl,
    DATABASE_MIGRATE_ON_START: 'false',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    API_RATE_LIMIT_PER_MINUTE: '0',
    KAFKA_BROKERS: '',
    CUSTOMER_HASH_KEY: randomBytes(24).toString('hex'),
    ...env,
  });
  return { url: `http://127.0.0.1:${port}`, service };
}

async function seedFiguresOf(databaseUrl: string): Promise<SeedTimings> {
  // The reused database may predate the newest migrations (the change triggers, say).
  const dataSource = createDataSource(databaseUrl, { logging: ['error'] });
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const count = async (table: string) => Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    return { contactsSeconds: 0, classificationsSeconds: 0, rollupsSeconds: 0, dailyRollupRows: await count('demand_rollups'), weeklyRollupRows: await count('demand_rollups_weekly') };
  } finally {
    await db.end();
  }
}

async function readKey(databaseUrl: string): Promise<string> {
  const dataSource = createDataSource(databaseUrl, { logging: ['error'] });
  await dataSource.initialize();
  const issued = issueApiKey();
  await new ApiKeyRepository(dataSource).create({ id: issued.id, name: 'bench', secretHash: issued.secretHash, scopes: ['metrics:read'] });
  await dataSource.destroy();
  return issued.token;
}

async function waitForHealth(url: string, output: () => string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await sleep(500);
  }
  throw new Error(`the API did not become healthy:\n${output()}`);
}

async function load(url: string, key: string): Promise<{ p50Ms: number; p95Ms: number; p99Ms: number; requestsPerSecond: number; errors: number }> {
  const probe = await fetch(url, { headers: { 'x-api-key': key } });
  if (!probe.ok) throw new Error(`${url} answered ${probe.status}: ${await probe.text()}`);
  // autocannon's own summary has no p95, so every response time is kept and ranked here.
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: { 'x-api-key': key } }, (error: unknown, done) => (error ? reject(error instanceof Error ? error : new Error(`autocannon failed: ${JSON.stringify(error)}`)) : resolve(done)));
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  times.sort((a, b) => a - b);
  const at = (p: number) => Math.round(percentile(times, p) * 10) / 10;
  const errors = result.errors + result.non2xx + result.timeouts;
  process.stderr.write(`${url.replace(/^http:\/\/[^/]+/, '')}: p95 ${at(95)} ms, ${Math.round(result.requests.average)} requests/s, ${errors} errors\n`);
  return { p50Ms: at(50), p95Ms: at(95), p99Ms: at(99), requestsPerSecond: Math.round(result.requests.average), errors };
}

// The headline answer straight from the contact rows: what the rollups spare every request.
async function rawAnswerMs(databaseUrl: string, from: string, to: string, apiUrl: string, key: string): Promise<{ p50Ms: number; p95Ms: number; same: boolean }> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const times: number[] = [];
    let rows: Array<{ period: string; step: string; demand_type: string; contacts: number }> = [];
    for (let run = 0; run < RAW_RUNS; run++) {
      const started = performance.now();
      rows = (await db.query(RAW_BY_WEEK_AND_STEP, [from, to])).rows;
      times.push(performance.now() - started);
      process.stderr.write(`raw answer ${run + 1}/${RAW_RUNS}: ${Math.round(times.at(-1)!)} ms\n`);
    }
    const api = (await (await fetch(apiUrl, { headers: { 'x-api-key': key } })).json()) as { rows: Array<{ period: string; group: string; failureContacts: number; valueContacts: number }> };
    const failure = new Map(rows.filter((r) => r.demand_type === 'failure').map((r) => [`${r.period}|${r.step}`, Number(r.contacts)]));
    const same = api.rows.every((r) => Math.abs((failure.get(`${r.period}|${r.group}`) ?? 0) - r.failureContacts) < 1e-6);
    times.sort((a, b) => a - b);
    return { p50Ms: Math.round(percentile(times, 50)), p95Ms: Math.round(percentile(times, 95)), same };
  } finally {
    await db.end();
  }
}

const RAW_BY_WEEK_AND_STEP = `
  SELECT date_trunc('week', c.occurred_at AT TIME ZONE 'UTC')::date::text AS period, COALESCE(k.step_key, '') AS step,
         COALESCE(l.demand_type, x.demand_type, 'unclassified') AS demand_type, sum(COALESCE(k.weight, 1))::float8 AS contacts
  FROM contacts c
  JOIN classifications x ON x.contact_id = c.id AND x.current
  LEFT JOIN contact_labels cl ON cl.contact_id = c.id
  LEFT JOIN taxonomy_categories l ON l.taxonomy_version_id = cl.taxonomy_version_id AND l.key = cl.category_key
  LEFT JOIN category_step_links k ON k.category_key = COALESCE(cl.category_key, x.category_key)
  WHERE c.occurred_at >= ($1::date)::timestamp AT TIME ZONE 'UTC' AND c.occurred_at < ($2::date)::timestamp AT TIME ZONE 'UTC'
  GROUP BY 1, 2, 3`;

function addWeeks(day: string, weeks: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + weeks * 7 * 86_400_000).toISOString().slice(0, 10);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:api failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
