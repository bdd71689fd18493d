import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Kafka, Message } from 'kafkajs';
import { topicName, Topics } from '@frictionlens/contracts';
import { createKafka, ensureTopics } from '@frictionlens/kafka';
import { openDatabase } from '@frictionlens/persistence';
import { loadConfig } from '@frictionlens/config';
import { workerCount } from '@frictionlens/platform';
import { committedMessages, createBenchDatabase, dropBenchDatabase, percentile, progressBar, sleep, spawnService, topicMessages } from './bench-kit.js';
import { generateSourceEvents, type GeneratedEvent } from './source-event-generator.js';

// `npm run bench:ingest`: the ingest service against the real broker and PostgreSQL.
//  1. throughput: 200,000 mixed events (5% duplicates, 1% malformed) wait on the inbound topics;
//     the ingest service (one instance, or --instances=N as one consumer group) drains them;
//     the service (a child process, as deployed) drains them; sustained contacts/s is measured
//     from its first committed batch to its last, through committed offsets (offsets commit only
//     after the rows do);
//  2. latency: 20,000 more events produced at a steady rate while it runs; latency is each row's
//     received_at minus the event's createdAt (the moment it was produced);
//  3. baseline: the naive NestJS way (Kafka transport, one message at a time, TypeORM save())
//     drains a smaller sample the same way in one process; the ratio compares it with one
//     FrictionLens instance, process for process.
// It ends with one JSON line holding every figure.

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const TOTAL = Number(args.get('events') ?? 200_000);
const NAIVE_TOTAL = Number(args.get('naive-events') ?? 4_000);
const LATENCY_TOTAL = Number(args.get('latency-events') ?? 20_000);
const LATENCY_RATE = Number(args.get('latency-rate') ?? 5_000);
// One instance by default, as shipped: it runs one worker process per core (INGEST_WORKERS=auto);
// --workers=N sets INGEST_WORKERS. The ratio to the naive way is one instance against one.
const INSTANCES = Number(args.get('instances') ?? 1);
const WORKERS = args.get('workers') ?? 'auto';
const WORKERS_PER_INSTANCE = workerCount(WORKERS === 'auto' ? 'auto' : Number(WORKERS));
const INBOUND = ['tickets', 'warrantyClaims', 'complaints'] as const;

const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.KAFKA_BROKERS) throw new Error('KAFKA_BROKERS is not set: start a broker (npm run kafka:start) and set KAFKA_BROKERS=127.0.0.1:9092');
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const server = await openDatabase(config, log);
  const databaseName = `frictionlens_bench_${runId}`;
  const databaseUrl = await createBenchDatabase(server.url, databaseName);
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'bench' }, { error: (m) => console.error(m), warn: () => undefined, log: () => undefined });
  const admin = kafka.admin();
  await admin.connect();
  const hashKey = randomBytes(24).toString('hex');
  const brokers = config.KAFKA_BROKERS.join(',');
  try {
    log(`FrictionLens ingest benchmark: ${TOTAL.toLocaleString('en')} events, ${INSTANCES} instance(s) of ${WORKERS_PER_INSTANCE} worker process(es) (INGEST_WORKERS=${WORKERS}), run ${runId}, ${brokers}, database ${databaseName}`);

    // 1. Throughput on a backlog.
    const prefix = `bench.${runId}.`;
    await createTopics(kafka, prefix);
    const set = generateSourceEvents(TOTAL, { seed: 7, duplicateRate: 0.05, malformedRate: 0.01, runId });
    const bytes = set.events.reduce((sum, e) => sum + e.value.length, 0);
    log(`generated ${set.events.length} events (${set.uniqueValid} unique valid, ${set.duplicates} duplicates, ${set.malformed} malformed), mean ${Math.round(bytes / set.events.length)} bytes`);
    const produceRate = await produce(kafka, prefix, set.events, 'producing backlog');
    // ~300 MB the bench no longer needs: released so its garbage collection does not compete
    // with the service it measures.
    const eventCount = set.events.length;
    set.events = [];
    log(`produced at ${Math.round(produceRate)} events/s`);

    const inboundTopics = INBOUND.map((key) => topicName(key, prefix));
    const ingest = startIngest(INSTANCES, { databaseUrl, brokers, prefix, hashKey });
    // A run that fails part-way stops the service it started: left running, it would go on
    // restarting its workers against the bench database dropped below, beside the next runs.
    const orStopIngest = <T>(step: Promise<T>): Promise<T> =>
      step.catch(async (error: unknown) => {
        await ingest.stop();
        throw error;
      });
    const members = INSTANCES * WORKERS_PER_INSTANCE;
    if (members > 1) await orStopIngest(waitForGroupMembers(admin, `${prefix}frictionlens.ingest`, members));
    const drained = await orStopIngest(drain(admin, `${prefix}frictionlens.ingest`, inboundTopics, eventCount, `ingest (${INSTANCES}×${WORKERS_PER_INSTANCE} workers) draining`, ingest));
    const contactsPerSecond = drained.rate;
    const cpuMsPerThousand = (ingest.cpuSeconds() * 1_000_000) / eventCount;
    const meanBatchSize = await meanKafkaBatchSize(ingest.ports);
    log(`ingest: ${eventCount} events in ${drained.seconds.toFixed(1)} s sustained = ${Math.round(contactsPerSecond)} events/s; service CPU ${Math.round(cpuMsPerThousand)} ms per 1,000 events (start-up included); mean batch ${Math.round(meanBatchSize)} messages`);

    // 2. Latency at a steady rate, the service still running.
    const latencySet = generateSourceEvents(LATENCY_TOTAL, { seed: 11, duplicateRate: 0, malformedRate: 0, runId: `${runId}-lat`, createdAt: () => new Date().toISOString() });
    await orStopIngest(producePaced(kafka, prefix, latencySet.events, LATENCY_RATE));
    await orStopIngest(drain(admin, `${prefix}frictionlens.ingest`, inboundTopics, eventCount + latencySet.events.length, 'latency sample draining', ingest));
    const latencies = await orStopIngest(latencyMs(databaseUrl, `${runId}-lat-%`));
    const p95LatencyMs = percentile(latencies, 95);
    const p50LatencyMs = percentile(latencies, 50);
    const peakRssMb = ingest.peakRssMb();
    await ingest.stop();
    log(`latency at ${LATENCY_RATE}/s: p50 ${Math.round(p50LatencyMs)} ms, p95 ${Math.round(p95LatencyMs)} ms; ingest peak RSS ${peakRssMb} MB (${INSTANCES > 1 ? 'largest instance, ' : ''}its ${WORKERS_PER_INSTANCE > 1 ? `${WORKERS_PER_INSTANCE + 1} processes` : 'one process'} together)`);

    // Exact counts: stored = unique valid, dead-lettered = malformed.
    const stored = await countContacts(databaseUrl, `${runId}-%`, `${runId}-lat-%`);
    const deadLettered = await topicMessages(admin, [topicName('deadLetter', prefix)]);
    const exact = stored === set.uniqueValid && deadLettered === set.malformed;
    log(`counts: stored ${stored} (expected ${set.uniqueValid}), dead-lettered ${deadLettered} (expected ${set.malformed}): ${exact ? 'exact' : 'NOT EXACT'}`);

    // The comparison with the naive way is process for process.
    const singleInstanceContactsPerSecond = INSTANCES === 1 ? contactsPerSecond : await singleInstanceRate(kafka, admin, { runId, databaseUrl, brokers, hashKey });

    // 3. The naive NestJS way on a smaller sample, one instance, into an empty table.
    const naivePrefix = `bench.${runId}.naive.`;
    await createTopics(kafka, naivePrefix);
    const naiveSet = generateSourceEvents(NAIVE_TOTAL, { seed: 7, duplicateRate: 0.05, malformedRate: 0.01, runId: `${runId}-naive` });
    await produce(kafka, naivePrefix, naiveSet.events, 'producing naive sample');
    await truncateContacts(databaseUrl);
    const naive = spawnService('tools/bench/naive-ingest.js', { DATABASE_URL: databaseUrl, KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: naivePrefix, CUSTOMER_HASH_KEY: hashKey });
    const naiveRun = await drainByRows(databaseUrl, naiveSet.uniqueValid, 'naive NestJS draining', () => naive.process.exitCode);
    await naive.stop();
    const naiveContactsPerSecond = naiveRun.rate;
    const ratio = singleInstanceContactsPerSecond / naiveContactsPerSecond;
    log(`naive: ${naiveSet.uniqueValid} contacts in ${naiveRun.seconds.toFixed(1)} s = ${Math.round(naiveContactsPerSecond)} contacts/s; one FrictionLens instance is ${ratio.toFixed(1)}x faster than one naive instance`);

    const figures = {
      events: eventCount,
      instances: INSTANCES,
      workersPerInstance: WORKERS_PER_INSTANCE,
      uniqueValid: set.uniqueValid,
      duplicates: set.duplicates,
      malformed: set.malformed,
      meanEventBytes: Math.round(bytes / eventCount),
      produceEventsPerSecond: Math.round(produceRate),
      contactsPerSecond: Math.round(contactsPerSecond),
      seconds: Number(drained.seconds.toFixed(2)),
      serviceCpuMsPerThousandEvents: Math.round(cpuMsPerThousand),
      meanBatchSize: Math.round(meanBatchSize),
      singleInstanceContactsPerSecond: Math.round(singleInstanceContactsPerSecond),
      naiveEvents: naiveSet.events.length,
      naiveContactsPerSecond: Math.round(naiveContactsPerSecond),
      ratio: Number(ratio.toFixed(1)),
      latencyRate: LATENCY_RATE,
      p50LatencyMs: Math.round(p50LatencyMs),
      p95LatencyMs: Math.round(p95LatencyMs),
      peakRssMb,
      stored,
      deadLettered,
      exact,
    };
    console.log(JSON.stringify(figures));
    if (!exact) process.exitCode = 1;
  } finally {
    const benchTopics = (await admin.listTopics()).filter((topic) => topic.startsWith(`bench.${runId}.`));
    await admin.deleteTopics({ topics: benchTopics }).catch((error: unknown) => console.error(`could not delete the bench topics: ${String(error)}`));
    await admin.disconnect();
    await dropBenchDatabase(server.url, databaseName);
    await server.stop();
  }
}

/** Messages per Kafka batch, read from the services' own Prometheus counters. */
async function meanKafkaBatchSize(ports: number[]): Promise<number> {
  let messages = 0;
  let batches = 0;
  for (const port of ports) {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    for (const match of text.matchAll(/^frictionlens_ingest_consumed_total\{[^}]*\} (\d+)/gm)) messages += Number(match[1]);
    for (const match of text.matchAll(/^frictionlens_ingest_batch_seconds_count\{[^}]*\} (\d+)/gm)) batches += Number(match[1]);
  }
  return messages / Math.max(1, batches);
}

async function singleInstanceRate(kafka: Kafka, admin: import('kafkajs').Admin, run: { runId: string; databaseUrl: string; brokers: string; hashKey: string }): Promise<number> {
  const prefix = `bench.${run.runId}.single.`;
  await createTopics(kafka, prefix);
  const set = generateSourceEvents(Math.ceil(TOTAL / 2), { seed: 9, duplicateRate: 0.05, malformedRate: 0.01, runId: `${run.runId}-single` });
  await produce(kafka, prefix, set.events, 'producing single-instance run');
  const single = startIngest(1, { ...run, prefix });
  const drained = await drain(admin, `${prefix}frictionlens.ingest`, INBOUND.map((key) => topicName(key, prefix)), set.events.length, 'ingest (1 instance) draining', single);
  await single.stop();
  log(`ingest, one instance: ${set.events.length} events in ${drained.seconds.toFixed(1)} s = ${Math.round(drained.rate)} events/s`);
  return drained.rate;
}

interface RunningIngest {
  ports: number[];
  anyExited(): number | null;
  /** The last lines the instances printed, for an error report. */
  output(): string;
  cpuSeconds(): number;
  peakRssMb(): number;
  stop(): Promise<void>;
}

/** Ingest instances as deployed (child processes of the built service), one consumer group. */
function startIngest(instances: number, target: { databaseUrl: string; brokers: string; prefix: string; hashKey: string }): RunningIngest {
  const ports = Array.from({ length: instances }, (_, i) => 39_100 + Math.floor(Math.random() * 800) + i);
  const services = ports.map((port) =>
    spawnService('apps/ingest/src/main.js', {
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DATABASE_URL: target.databaseUrl,
      DATABASE_MIGRATE_ON_START: 'false',
      KAFKA_BROKERS: target.brokers,
      KAFKA_TOPIC_PREFIX: target.prefix,
      CUSTOMER_HASH_KEY: target.hashKey,
      INGEST_WORKERS: WORKERS,
    }),
  );
  return {
    ports,
    anyExited: () => services.map((s) => s.process.exitCode).find((code) => code !== null) ?? null,
    output: () => services.map((s) => s.output().slice(-3_000)).join('\n---\n'),
    cpuSeconds: () => services.reduce((sum, s) => sum + s.cpuSeconds(), 0),
    peakRssMb: () => Math.max(...services.map((s) => s.peakRssMb())),
    stop: async () => void (await Promise.all(services.map((s) => s.stop()))),
  };
}

async function waitForGroupMembers(admin: import('kafkajs').Admin, groupId: string, members: number): Promise<void> {
  // Measuring before every instance has joined would time a rebalance, not ingest. On the shared
  // 2-core machine under a load average of 20 the group once took longer than 30 s to form.
  for (let i = 0; i < 900; i++) {
    const { groups } = await admin.describeGroups([groupId]);
    if (groups[0]?.state === 'Stable' && groups[0].members.length >= members) return;
    await sleep(100);
  }
  throw new Error(`the ${members} ingest processes did not form one consumer group within 90 s`);
}

async function createTopics(kafka: Kafka, prefix: string): Promise<void> {
  await ensureTopics(kafka, (Object.keys(Topics) as Array<keyof typeof Topics>).map((key) => ({ topic: topicName(key, prefix), numPartitions: 6 })));
}

function toMessages(events: GeneratedEvent[], prefix: string): Map<string, Message[]> {
  const byTopic = new Map<string, Message[]>();
  for (const e of events) {
    const topic = topicName(e.topicKey, prefix);
    if (!byTopic.has(topic)) byTopic.set(topic, []);
    byTopic.get(topic)!.push({ key: e.key, value: e.value });
  }
  return byTopic;
}

async function produce(kafka: Kafka, prefix: string, events: GeneratedEvent[], label: string): Promise<number> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 5 });
  await producer.connect();
  const bar = progressBar(label, events.length);
  const started = Date.now();
  let sent = 0;
  for (const [topic, messages] of toMessages(events, prefix)) {
    for (let i = 0; i < messages.length; i += 2_000) {
      const chunk = messages.slice(i, i + 2_000);
      await producer.send({ topic, acks: -1, messages: chunk });
      sent += chunk.length;
      bar.update(sent);
    }
  }
  bar.stop();
  await producer.disconnect();
  return events.length / ((Date.now() - started) / 1_000);
}

async function producePaced(kafka: Kafka, prefix: string, events: GeneratedEvent[], perSecond: number): Promise<void> {
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const bar = progressBar(`producing ${perSecond}/s for latency`, events.length);
  const tick = 100; // ms
  const perTick = Math.max(1, Math.round((perSecond * tick) / 1_000));
  const started = Date.now();
  for (let i = 0; i < events.length; i += perTick) {
    // createdAt is stamped now, at send time, so latency covers Kafka, ingest and the commit.
    const now = new Date().toISOString();
    const chunk = events.slice(i, i + perTick).map((e) => {
      const body = JSON.parse(e.value.toString()) as Record<string, unknown>;
      return { ...e, value: Buffer.from(JSON.stringify({ ...body, createdAt: now })) };
    });
    await Promise.all([...toMessages(chunk, prefix)].map(([topic, messages]) => producer.send({ topic, acks: -1, messages })));
    bar.update(Math.min(events.length, i + perTick));
    const due = started + ((i + perTick) / perTick) * tick;
    if (due > Date.now()) await sleep(due - Date.now());
  }
  bar.stop();
  await producer.disconnect();
}

/**
 * Polls a progress count until it reaches `expected`; the rate runs from the first non-zero
 * reading, so start-up and group joining are not counted as ingest time.
 */
async function measureDrain(label: string, expected: number, count: () => Promise<number>, failure: () => string | undefined, pollMs: number) {
  const bar = progressBar(label, expected);
  let first: { at: number; count: number } | undefined;
  for (;;) {
    const problem = failure();
    if (problem) throw new Error(problem);
    const now = await count();
    bar.update(now);
    if (now > 0 && !first) first = { at: Date.now(), count: now };
    if (now >= expected) {
      bar.stop();
      const seconds = (Date.now() - first!.at) / 1_000;
      return { seconds, rate: (now - first!.count) / Math.max(seconds, 0.001) };
    }
    await sleep(pollMs);
  }
}

// Offsets are committed only after the rows are, so committed offsets count committed contacts.
function drain(admin: import('kafkajs').Admin, groupId: string, topics: string[], expected: number, label: string, ingest: RunningIngest) {
  const failure = () => (ingest.anyExited() !== null ? `the service exited (code ${ingest.anyExited()}) before it caught up:\n${ingest.output()}` : undefined);
  return measureDrain(label, expected, () => committedMessages(admin, groupId, topics), failure, 100);
}

// The naive consumer commits as it goes (autoCommit), so only its rows say what is done.
async function drainByRows(databaseUrl: string, expected: number, label: string, exited: () => number | null) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = async () => Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM contacts')).rows[0]!.n);
    return await measureDrain(label, expected, rows, () => (exited() !== null ? `the naive service exited (code ${exited()})` : undefined), 200);
  } finally {
    await client.end();
  }
}

async function latencyMs(databaseUrl: string, sourceIdPattern: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ ms: number }>(
    `SELECT EXTRACT(EPOCH FROM (received_at - occurred_at)) * 1000 AS ms FROM contacts WHERE source_id LIKE $1 ORDER BY 1`,
    [sourceIdPattern],
  );
  await client.end();
  return rows.map((r) => Number(r.ms));
}

async function countContacts(databaseUrl: string, pattern: string, excluding: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM contacts WHERE source_id LIKE $1 AND source_id NOT LIKE $2', [pattern, excluding]);
  await client.end();
  return Number(rows[0]!.n);
}

async function truncateContacts(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('TRUNCATE contacts CASCADE'); // classifications, labels and embeddings reference contacts
  await client.end();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
