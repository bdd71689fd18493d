import { membersWithPartitions, useIngestFixture } from '../factories/ingest-fixture.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { alive, explainedBy, freePort, inboundTopics, ingestGroupId, spawnIngest, waitFor } from '../factories/ingest-process.js';
import { aTicket } from '../factories/source-events.js';

// The moments a clustered ingest instance is most fragile: while its workers start, and when its
// primary dies in the middle of their work.
describe('ingest cluster: start-up and a dying primary', () => {
  const given = useIngestFixture(6);

  it('replaces a worker killed while the instance starts, instead of stopping the instance', async () => {
    const instance = spawnIngest({ ...given.env(), INGEST_WORKERS: '2', PORT: String(await freePort()) });
    given.processes.push(instance);
    // Kill a worker as soon as both are forked: it is still starting (opening the database, joining the group).
    const forked = await waitFor(async () => instance.children(), (pids) => pids.length === 2 || !instance.running(), 20_000, 20);
    const victim = forked[0]!;
    process.kill(victim, 'SIGKILL');

    const serving = await waitFor(
      async () => ({ members: await membersWithPartitions(given.admin, ingestGroupId(given.prefix)), workers: instance.children() }),
      (now) => (now.members === 2 && now.workers.length === 2) || !instance.running(),
      50_000,
      250,
    );

    await explainedBy([instance], () => {
      expect(instance.running()).toBe(true);
      expect(serving.members).toBe(2);
      expect(serving.workers).not.toContain(victim);
      expect(instance.output()).toMatch(/worker \d exited \(signal SIGKILL\) before the service was ready; starting a replacement/);
    });
    await instance.kill('SIGTERM');
  }, 60_000);

  it('shows a partition stuck in one worker on the /health and /metrics of every worker', async () => {
    const port = await freePort();
    const instance = spawnIngest({ ...given.env(), INGEST_WORKERS: '2', PORT: String(port), KAFKA_PARTITION_STUCK_AFTER_MS: '2000' });
    given.processes.push(instance);
    await waitFor(() => membersWithPartitions(given.admin, ingestGroupId(given.prefix)), (n) => n === 2 || !instance.running(), 50_000, 250);
    // The store hangs: every insert waits for a lock the test holds, so the partition cannot commit.
    const lock = await given.db.connect();
    try {
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE contacts IN ACCESS EXCLUSIVE MODE');
      const ticket = aTicket();
      await given.producer.send({ topic: inboundTopics(given.prefix)[0]!, messages: [{ key: String(ticket.id), value: JSON.stringify(ticket), partition: 4 }] });
      const health = async () => (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { status: string; details: Record<string, { stuck?: Array<{ partition: number }> }> };
      await waitFor(health, (h) => h.status === 'degraded' || !instance.running(), 30_000, 250);
      // Each request goes to whichever worker the primary hands it; one of them does not own the partition.
      const answers = await Promise.all(Array.from({ length: 8 }, () => health()));
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      await lock.query('ROLLBACK');
      const recovered = await waitFor(health, (h) => h.status === 'ok' || !instance.running(), 30_000, 250);

      await explainedBy([instance], () => {
        expect(answers.map((h) => h.status)).toEqual(Array(8).fill('degraded'));
        expect(answers.map((h) => h.details['kafka-partitions']?.stuck?.map((p) => p.partition))).toEqual(Array(8).fill([4]));
        expect(metrics).toMatch(new RegExp(`^frictionlens_kafka_partition_lag\\{[^}]*topic="${inboundTopics(given.prefix)[0]!.replace(/\./g, '\\.')}",partition="4"[^}]*\\} 1$`, 'm'));
        expect(recovered.status).toBe('ok');
      });
    } finally {
      await lock.query('ROLLBACK').catch(() => undefined);
      lock.release();
      await instance.kill('SIGTERM');
    }
  }, 90_000);

  it('a worker whose main thread is busy ends within a second of its primary being SIGKILLed', async () => {
    // A primary of the compiled cluster code, and a worker that blocks its main thread for 5 s:
    // node's own exit on the IPC 'disconnect' would wait for the block to end.
    const folder = mkdtempSync(join(tmpdir(), 'frictionlens-orphan-'));
    const script = join(folder, 'orphan.mjs');
    writeFileSync(
      script,
      `import cluster from 'node:cluster';
       import { exitWithPrimary } from ${JSON.stringify(pathToFileURL(resolve('dist/libs/platform/src/cluster/cluster-worker.js')).href)};
       if (cluster.isPrimary) {
         const worker = cluster.fork();
         worker.on('message', (m) => m === 'busy' && (console.log(worker.process.pid), setTimeout(() => process.kill(process.pid, 'SIGKILL'), 200)));
       } else {
         exitWithPrimary();
         process.send('busy', () => { const until = Date.now() + 5000; while (Date.now() < until); });
       }`,
    );
    const primary = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const workerPid = Number(await new Promise<string>((done) => primary.stdout!.once('data', (chunk: Buffer) => done(chunk.toString().trim()))));
      await new Promise((done) => primary.once('exit', done));
      const killedAt = performance.now();
      const left = await waitFor(async () => alive(workerPid), (up) => !up, 10_000, 10);
      const outlivedMs = performance.now() - killedAt;

      expect(left).toBe(false);
      expect(outlivedMs).toBeLessThan(1_000);
    } finally {
      primary.kill('SIGKILL');
      rmSync(folder, { recursive: true, force: true });
    }
  }, 30_000);
});
