import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadConfig } from '@frictionlens/config';
import { cosine, discoveryScopeKey, SAME_THEME_COSINE } from '@frictionlens/domain';
import { createDataSource, DiscoveryRepository, EmbeddingRepository, ModelVersionRepository, openDatabase, TaxonomyRepository, ValueStreamRepository } from '@frictionlens/persistence';
import { discoveryRunEncoders } from '../../apps/classifier/src/discovery/discovery-encoder.js';
import { DiscoveryRunner, type DiscoveryRunOutcome } from '../../apps/classifier/src/discovery/discovery-runner.js';
import { ClassifierEncoder, encoderSettingsOf } from '../../apps/classifier/src/encoder/classifier-encoder.js';
import { createBenchDatabase, dropBenchDatabase } from './bench-kit.js';

// npm run bench:discovery [-- --contacts=20000 --keep]
// Discovery through the service path: contacts stored in a throwaway database on DATABASE_URL's
// server (or the embedded one), a run row queued as POST /v1/discoveries queues it, the
// classifier's DiscoveryRunner (with the classifier's encoder, CLASSIFIER_ENCODER) claiming and
// working it, themes stored. Twice: first embedding every contact (and storing the embeddings),
// then a second run of the same scope from the stored embeddings. The texts are BANKING77's and
// CLINC150's training texts (../shared/data, or BENCH_DATA_DIR). Peak RSS is this process's:
// it is the one doing the work. Ends with one JSON line.

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const CONTACTS = Number(args.get('contacts') ?? 20_000);
const DATA = resolve(process.env['BENCH_DATA_DIR'] ?? '../shared/data');
const WEEKS = 26;
const log = (message: string) => console.log(message);

async function main(): Promise<void> {
  const config = loadConfig();
  const texts = benchTexts(CONTACTS);
  const server = await openDatabase(config, log);
  const name = `frictionlens_discoverybench_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const url = await createBenchDatabase(server.url, name);
  const dataSource = createDataSource(url, { logging: ['error'] });
  await dataSource.initialize();
  const encoder = await ClassifierEncoder.open(encoderSettingsOf(config));
  try {
    log(`FrictionLens discovery benchmark: ${texts.length.toLocaleString('en')} contacts, classifier encoder ${encoder.identity?.name ?? `none (${encoder.unavailableBecause})`}, DISCOVERY_ENCODER ${config.DISCOVERY_ENCODER}, database ${name}`);
    await storeContacts(dataSource, texts);
    // The repositories the classifier's DiscoveryUpkeep is given, on the bench database.
    const store = { runs: new DiscoveryRepository(dataSource), taxonomy: new TaxonomyRepository(dataSource), models: new ModelVersionRepository(dataSource), embeddings: new EmbeddingRepository(dataSource), streams: new ValueStreamRepository(dataSource) };
    // As DiscoveryUpkeep builds it: the classifier's encoder stays open, DISCOVERY_ENCODER's opens for each run.
    const runner = new DiscoveryRunner(store, discoveryRunEncoders(encoder, { name: config.DISCOVERY_ENCODER, folder: encoder.settings.folder }));
    const embedding = await timedRun(dataSource, runner, 'embedding every contact');
    const stored = await timedRun(dataSource, runner, 'from stored embeddings');
    await logThemeSeparation(dataSource, stored.outcome.runId);
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    log(`peak RSS ${peakRssMb} MB`);
    console.log(
      JSON.stringify({
        contacts: texts.length,
        seconds: embedding.seconds,
        secondsFromStoredEmbeddings: stored.seconds,
        peakRssMb,
        cpuSeconds: embedding.cpuSeconds,
        cpuSecondsFromStoredEmbeddings: stored.cpuSeconds,
        loadAverage: loadavg()[0],
      }),
    );
  } finally {
    await encoder.close();
    await dataSource.destroy();
    if (!args.has('keep')) await dropBenchDatabase(server.url, name);
    else log(`kept database ${name}`);
    await server.stop();
  }
}

// BANKING77's and CLINC150's training texts, interleaved by a fixed shuffle, as many as asked.
function benchTexts(count: number): string[] {
  const read = (file: string) => (parse(readFileSync(resolve(DATA, file)), { columns: true, skip_empty_lines: true }) as Array<{ text: string }>).map((r) => r.text);
  const all = [...read('banking77/train.csv'), ...read('clinc150/train.csv')];
  let seed = 42;
  for (let i = all.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = seed % (i + 1);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  if (all.length < count) throw new Error(`only ${all.length} texts in ${DATA}`);
  return all.slice(0, count);
}

async function storeContacts(db: import('typeorm').DataSource, texts: string[]): Promise<void> {
  const started = performance.now();
  for (let start = 0; start < texts.length; start += 5_000) {
    const chunk = texts.slice(start, start + 5_000);
    await db.query(
      `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text)
       SELECT 'ticket', 'bench', 'B-' || ($2::int + n), now() - (($2::int + n) % ($3::int * 7)) * interval '1 day', 'email', t
       FROM unnest($1::text[]) WITH ORDINALITY AS x(t, n)`,
      [chunk, start, WEEKS],
    );
  }
  log(`stored ${texts.length.toLocaleString('en')} contacts in ${seconds(started)} s`);
}

// Queues a run as the API does, lets the runner claim and work it, and prints its progress from the run row.
async function timedRun(db: import('typeorm').DataSource, runner: DiscoveryRunner, label: string): Promise<{ seconds: number; cpuSeconds: number; outcome: DiscoveryRunOutcome }> {
  const runs = new DiscoveryRepository(db);
  const run = await runs.enqueue({ scope: {}, scopeKey: discoveryScopeKey({}), parameters: {}, requestedBy: 'bench' });
  if (!run) throw new Error('a run of this scope is queued already');
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  // The machine is shared: a figure means little without how busy it was.
  log(`${label}: queued run ${run.id} (load average ${loadAverage()})`);
  const watch = setInterval(() => {
    void runs.find(run.id).then((r) => r && log(`  ${label}: ${r.progress.stage ?? '…'} ${r.progress.done}/${r.progress.total} (${seconds(started)} s, RSS ${Math.round(process.memoryUsage().rss / 1_048_576)} MB)`));
  }, 5_000);
  try {
    const outcome = await runner.runNext();
    if (!outcome || outcome.status !== 'done') throw new Error(`run ${run.id} ended ${outcome?.status ?? 'unclaimed'}: ${outcome?.error ?? ''}`);
    const elapsed = seconds(started);
    // CPU of this process (every thread: the encoder's, the clustering worker's): on a machine
    // shared with other work, a steadier figure than the wall clock for comparing two versions.
    const cpu = process.cpuUsage(cpuAtStart);
    const cpuSeconds = Math.round((cpu.user + cpu.system) / 100_000) / 10;
    const done = await runs.find(run.id);
    log(`${label}: ${outcome.themes} themes from ${outcome.contacts} contacts in ${elapsed} s, ${cpuSeconds} s of CPU (encoder ${done?.encoder}, estimate ${JSON.stringify(done?.estimate)}; load average ${loadAverage()})`);
    return { seconds: elapsed, cpuSeconds, outcome };
  } finally {
    clearInterval(watch);
  }
}

// How far apart distinct themes' stored centroids are: a dismissed theme is matched again from a
// cosine of SAME_THEME_COSINE, so distinct themes of one run should stay below it.
async function logThemeSeparation(db: import('typeorm').DataSource, runId: number): Promise<void> {
  const themes = await new DiscoveryRepository(db).themesOf(runId);
  const similarities: number[] = [];
  for (let a = 0; a < themes.length; a++) for (let b = a + 1; b < themes.length; b++) similarities.push(cosine(themes[a]!.centroid, themes[b]!.centroid));
  similarities.sort((x, y) => y - x);
  const share = similarities.filter((s) => s >= SAME_THEME_COSINE).length / Math.max(1, similarities.length);
  log(`centroid cosine between distinct themes: max ${similarities[0]?.toFixed(3)}, 99th percentile ${similarities[Math.floor(similarities.length / 100)]?.toFixed(3)}; pairs at ${SAME_THEME_COSINE} or above: ${(share * 100).toFixed(2)}%`);
}

const loadAverage = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
