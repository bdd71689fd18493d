import { execFile } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { topicName } from '@frictionlens/contracts';
import { createKafka, ensureTopics, silentLogSink } from '@frictionlens/kafka';
import { createDataSource, startEmbeddedPostgres, type EmbeddedPostgresOptions, type RunningDatabase } from '@frictionlens/persistence';
import {
  anInboundMix,
  difference,
  explainedBy,
  freePort,
  inboundTopics,
  INGEST_ENTRY,
  ingestGroupId,
  noDifference,
  produceInbound,
  readTopic,
  sourceAddress,
  sleep,
  spawnIngest,
  storedCount,
  storedSourceIds,
  storedSummary,
  uncommitted,
  waitFor,
  type IngestProcess,
} from '../factories/ingest-process.js';
import { freshDatabase, freshTopicPrefix, testKafka, testKafkaBrokers, type TestDatabase } from '../setup/test-env.js';

// The compiled ingest service while PostgreSQL or Kafka goes away and comes back. Each outage
// uses a server of the test's own, so the shared ones stay untouched. The service must neither
// exit nor commit work it could not do; once the dependency is back, everything arrives once.

const run = promisify(execFile);
const RETRY_WARNING = 'batch failed; retrying without committing';

function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `frictionlens-${name}-`));
}

describe('ingest faults: dependency restarts', () => {
  describe('PostgreSQL stopped during consumption and started again', () => {
    let pgHome: string;
    let options: EmbeddedPostgresOptions;
    let server: RunningDatabase | undefined;
    let db: pg.Pool;
    let kafka: Kafka;
    let admin: Admin;
    let producer: Producer;
    let prefix: string;
    const processes: IngestProcess[] = [];

    beforeAll(async () => {
      if (!existsSync(INGEST_ENTRY)) throw new Error(`${INGEST_ENTRY} is missing: npm test builds it first (npm run build)`);
      pgHome = tempDir('fault-pg');
      chmodSync(pgHome, 0o755); // as root, embedded PostgreSQL runs as `postgres`, which must reach its folder
      options = { dir: join(pgHome, 'data'), port: await freePort(), database: 'frictionlens', log: () => undefined };
      server = await startEmbeddedPostgres(options);
      const migrations = createDataSource(server.url, { logging: ['error'] });
      await migrations.initialize();
      await migrations.runMigrations({ transaction: 'each' });
      await migrations.destroy();
      db = new pg.Pool({ connectionString: server.url, max: 2 });
      db.on('error', () => undefined); // idle connections die when the server stops, on purpose
      prefix = freshTopicPrefix();
      kafka = testKafka();
      await ensureTopics(kafka, inboundTopics(prefix).map((topic) => ({ topic, numPartitions: 3 })));
      admin = kafka.admin();
      await admin.connect();
      producer = kafka.producer({ idempotent: true });
      await producer.connect();
    });

    afterAll(async () => {
      await Promise.all(processes.map((p) => p.kill('SIGKILL')));
      await producer?.disconnect();
      await admin?.disconnect();
      await db?.end();
      await server?.stop();
      if (pgHome) rmSync(pgHome, { recursive: true, force: true });
    });

    it('keeps running, retries without committing, and stores every unique valid event once after the restart', async () => {
      const mix = anInboundMix({ valid: 10_000, duplicateShare: 0.05, malformed: 20 });
      const unique = mix.sourceIds.length;
      const malformedAt = await produceInbound(producer, prefix, mix.messages, 3);
      const sut = spawnIngest({ DATABASE_URL: server!.url, KAFKA_BROKERS: testKafkaBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix });
      processes.push(sut);

      const storedBeforeStop = await waitFor(() => storedCount(db), (n) => n >= unique * 0.1 || !sut.running(), 60_000, 20);
      await server!.stop();
      server = undefined;
      await sleep(4_000);
      const runningDuringOutage = sut.running();
      const retriedDuringOutage = sut.output().includes(RETRY_WARNING);
      server = await startEmbeddedPostgres(options);

      const behind = await waitFor(() => uncommitted(admin, ingestGroupId(prefix), inboundTopics(prefix)), (n) => n === 0 || !sut.running(), 90_000, 250);

      await explainedBy([sut], async () => {
        expect(storedBeforeStop).toBeLessThan(unique);
        expect(runningDuringOutage).toBe(true);
        expect(retriedDuringOutage).toBe(true);
        expect(sut.running()).toBe(true);
        expect(behind).toBe(0);
        expect(await storedSummary(db)).toEqual({ rows: unique, distinctKeys: unique });
        expect(difference(mix.sourceIds, await storedSourceIds(db))).toEqual(noDifference);
        const deadLetters = await readTopic(kafka, topicName('deadLetter', prefix));
        expect(deadLetters.length).toBeGreaterThanOrEqual(mix.malformed);
        expect(difference(malformedAt, deadLetters.map(sourceAddress))).toEqual(noDifference);
      });
    });
  });

  describe('the Kafka broker stopped during consumption and started again', () => {
    const kafkaScript = resolve('tools/kafka/kafka.sh');
    let kafkaHome: string;
    let brokerEnv: NodeJS.ProcessEnv;
    let brokers: string;
    let database: TestDatabase;
    let db: pg.Pool;
    let kafka: Kafka;
    let prefix: string;
    const processes: IngestProcess[] = [];
    const databases: TestDatabase[] = [];

    const broker = (command: 'start' | 'stop') => run('bash', [kafkaScript, command], { env: brokerEnv, timeout: 150_000, maxBuffer: 4 * 1024 * 1024 });

    /** The broker dies at once, as in a crash or an OOM kill: nothing in flight gets an answer. */
    async function killBroker(): Promise<void> {
      const pid = Number(readFileSync(join(kafkaHome, 'kafka.pid'), 'utf8').trim());
      process.kill(pid, 'SIGKILL');
      await waitFor(async () => (await run('bash', [kafkaScript, 'status'], { env: brokerEnv }).then(() => 'running', () => 'gone')), (state) => state === 'gone', 10_000, 100);
    }

    /** A producer that lives only as long as one step, so the restart does not leave it retrying. */
    async function produce(messages: Parameters<typeof produceInbound>[2], topicPrefix = prefix, partitions = 3): Promise<string[]> {
      const producer = kafka.producer({ idempotent: true });
      await producer.connect();
      try {
        return await produceInbound(producer, topicPrefix, messages, partitions);
      } finally {
        await producer.disconnect();
      }
    }

    async function behind(topicPrefix = prefix): Promise<number> {
      const admin = kafka.admin();
      await admin.connect();
      try {
        return await uncommitted(admin, ingestGroupId(topicPrefix), inboundTopics(topicPrefix));
      } finally {
        await admin.disconnect();
      }
    }

    beforeAll(async () => {
      if (!existsSync(INGEST_ENTRY)) throw new Error(`${INGEST_ENTRY} is missing: npm test builds it first (npm run build)`);
      kafkaHome = tempDir('fault-kafka');
      // kafka.sh looks for its jars under FRICTIONLENS_KAFKA_HOME; lend it the project's own so it
      // fetches nothing (without them it fetches with Maven, ~1 min).
      const sharedLibs = resolve('.kafka/libs');
      if (existsSync(join(sharedLibs, '.complete'))) symlinkSync(sharedLibs, join(kafkaHome, 'libs'));
      else mkdirSync(kafkaHome, { recursive: true });
      const port = await freePort();
      const controllerPort = await freePort([port]);
      brokers = `127.0.0.1:${port}`;
      brokerEnv = { ...process.env, FRICTIONLENS_KAFKA_HOME: kafkaHome, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(controllerPort), KAFKA_HEAP: '256m' };
      await broker('start');
      kafka = createKafka({ brokers: [brokers], clientId: 'frictionlens-fault-test' }, silentLogSink);
      prefix = freshTopicPrefix();
      await ensureTopics(kafka, inboundTopics(prefix).map((topic) => ({ topic, numPartitions: 3 })));
      database = await freshDatabase();
      db = new pg.Pool({ connectionString: database.url, max: 2 });
      db.on('error', () => undefined); // an idle connection cut by the server must not fail the run; queries still throw
    }, 180_000);

    afterAll(async () => {
      await Promise.all(processes.map((p) => p.kill('SIGKILL')));
      await db?.end();
      await database?.drop();
      await Promise.all(databases.map((d) => d.drop()));
      if (brokerEnv) await broker('stop');
      if (kafkaHome) {
        // The link, never the shared jars; a folder of its own (no shared jars were there) goes with the rest.
        if (lstatSync(join(kafkaHome, 'libs'), { throwIfNoEntry: false })?.isSymbolicLink()) unlinkSync(join(kafkaHome, 'libs'));
        rmSync(kafkaHome, { recursive: true, force: true });
      }
    }, 60_000);

    it('keeps running through the restart and stores every unique valid event once', async () => {
      const mix = anInboundMix({ valid: 10_000, duplicateShare: 0.05, malformed: 20 });
      const unique = mix.sourceIds.length;
      const half = Math.floor(mix.messages.length / 2);
      const sut = spawnIngest({ DATABASE_URL: database.url, KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix });
      processes.push(sut);

      const malformedAt = await produce(mix.messages.slice(0, half));
      const storedBeforeStop = await waitFor(() => storedCount(db), (n) => n > 0 || !sut.running(), 60_000, 20);
      await broker('stop');
      await sleep(3_000);
      const runningDuringOutage = sut.running();
      await broker('start');
      malformedAt.push(...(await produce(mix.messages.slice(half))));

      // A send cut off by the stop can leave an idempotent producer's sequence numbers out of step
      // with the broker (kafkajs never resyncs them); the service has to get past that too.
      const left = await waitFor(behind, (n) => n === 0 || !sut.running(), 60_000, 250);

      await explainedBy([sut], async () => {
        expect(storedBeforeStop).toBeGreaterThan(0);
        expect(runningDuringOutage).toBe(true);
        expect(sut.running()).toBe(true);
        expect(left).toBe(0);
        expect(await storedSummary(db)).toEqual({ rows: unique, distinctKeys: unique });
        expect(difference(mix.sourceIds, await storedSourceIds(db))).toEqual(noDifference);
        const deadLetters = await readTopic(kafka, topicName('deadLetter', prefix));
        expect(deadLetters.length).toBeGreaterThanOrEqual(mix.malformed);
        expect(difference(malformedAt, deadLetters.map(sourceAddress))).toEqual(noDifference);
      });
    });

    // Batches in hand wait on a publish that kafkajs retries with growing pauses, so nothing
    // heartbeats once the broker is back and the group expires the member. kafkajs rejoins only
    // when the batch's error reaches it; retrying the batch in place (what ingest once did) gets
    // "the coordinator is not aware of this member" forever and commits nothing again.
    it('rejoins the group when the restart outlasts its session with batches in hand, and catches up', async () => {
      await Promise.all(processes.map((p) => p.kill('SIGKILL'))); // the earlier case's service: one at a time on this machine
      const ownPrefix = freshTopicPrefix();
      await ensureTopics(kafka, inboundTopics(ownPrefix).map((topic) => ({ topic, numPartitions: 6 })));
      const ownDatabase = await freshDatabase();
      databases.push(ownDatabase);
      const ownDb = new pg.Pool({ connectionString: ownDatabase.url, max: 2 });
      ownDb.on('error', () => undefined);
      try {
        const mix = anInboundMix({ valid: 60_000, duplicateShare: 0.05, malformed: 30 });
        const unique = mix.sourceIds.length;
        const malformedAt = await produce(mix.messages, ownPrefix, 6);
        const sut = spawnIngest({ DATABASE_URL: ownDatabase.url, KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: ownPrefix, KAFKA_SESSION_TIMEOUT_MS: '6000' });
        processes.push(sut);

        const storedBeforeStop = await waitFor(() => storedCount(ownDb), (n) => n >= unique * 0.1 || !sut.running(), 60_000, 20);
        await killBroker();
        await sleep(8_000); // with the broker's start-up, ~15 s away: more than two sessions
        await broker('start');

        const left = await waitFor(() => behind(ownPrefix), (n) => n === 0 || !sut.running(), 60_000, 250);

        await explainedBy([sut], async () => {
          expect(storedBeforeStop).toBeLessThan(unique);
          expect(sut.running()).toBe(true);
          expect(left).toBe(0);
          expect(await storedSummary(ownDb)).toEqual({ rows: unique, distinctKeys: unique });
          expect(difference(mix.sourceIds, await storedSourceIds(ownDb))).toEqual(noDifference);
          const deadLetters = await readTopic(kafka, topicName('deadLetter', ownPrefix));
          expect(difference(malformedAt, deadLetters.map(sourceAddress))).toEqual(noDifference);
        });
      } finally {
        await ownDb.end();
      }
    });
  });
});
