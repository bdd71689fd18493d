import { membersWithPartitions, useIngestFixture } from '../factories/ingest-fixture.js';
import {
  alive,
  anInboundMix,
  difference,
  explainedBy,
  freePort,
  ingestGroupId,
  noDifference,
  produceInbound,
  spawnIngest,
  storedCount,
  storedSourceIds,
  storedSummary,
  uncommitted,
  waitFor,
  type IngestProcess,
} from '../factories/ingest-process.js';

// One ingest instance as shipped: a primary and its worker processes (INGEST_WORKERS), each a
// member of the consumer group, sharing one HTTP port. Killing a worker, the primary or stopping
// the instance must leave exactly the unique valid events stored, as with separate instances.

/** The sum of a counter's series on a Prometheus text page, over the series whose labels match. */
function total(metrics: string, name: string, labels = ''): number {
  let sum = 0;
  for (const match of metrics.matchAll(new RegExp(`^${name}(?:\\{([^}]*)\\})? (\\d+(?:\\.\\d+)?)$`, 'gm'))) {
    if ((match[1] ?? '').includes(labels)) sum += Number(match[2]);
  }
  return sum;
}

describe('ingest as a cluster of worker processes', () => {
  const given = useIngestFixture(6);
  let port: number;
  let instance: IngestProcess;
  const stored = new Set<string>();
  const scrape = async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const members = () => membersWithPartitions(given.admin, ingestGroupId(given.prefix));
  const caughtUp = () => waitFor(() => uncommitted(given.admin, ingestGroupId(given.prefix), given.inboundTopics()), (n) => n === 0 || !instance.running(), 100_000, 250);

  beforeAll(async () => {
    port = await freePort();
    instance = spawnIngest({ ...given.env(), INGEST_WORKERS: '2', PORT: String(port) });
    given.processes.push(instance);
  });

  it('spreads the partitions over its workers and answers /metrics for all of them together', async () => {
    const sharing = await waitFor(members, (n) => n === 2 || !instance.running(), 60_000, 250);
    const mix = anInboundMix({ valid: 6_000, duplicateShare: 0.05, malformed: 12 });
    mix.sourceIds.forEach((id) => stored.add(id));
    await produceInbound(given.producer, given.prefix, mix.messages, 6);
    const behind = await caughtUp();
    const metrics = await scrape();

    await explainedBy([instance], async () => {
      expect(sharing).toBe(2);
      expect(instance.children()).toHaveLength(2);
      expect(behind).toBe(0);
      expect(await storedSummary(given.db)).toEqual({ rows: stored.size, distinctKeys: stored.size });
      // Each worker saw only its own partitions; the scrape adds them up.
      expect(total(metrics, 'frictionlens_ingest_consumed_total')).toBe(mix.messages.length);
      expect(total(metrics, 'frictionlens_ingest_stored_total', 'path="kafka"')).toBe(mix.sourceIds.length);
      expect(total(metrics, 'frictionlens_ingest_duplicates_total', 'path="kafka"')).toBe(mix.duplicates);
      expect(total(metrics, 'frictionlens_ingest_rejected_total', 'path="kafka"')).toBe(mix.malformed);
      expect(total(metrics, 'frictionlens_cluster_workers')).toBe(2);
    });
  });

  it('replaces a worker SIGKILLed mid-run, and the group ends with every unique valid event stored once', async () => {
    const mix = anInboundMix({ valid: 30_000, duplicateShare: 0.05, malformed: 30 });
    mix.sourceIds.forEach((id) => stored.add(id));
    const before = await storedCount(given.db);
    await produceInbound(given.producer, given.prefix, mix.messages, 6);
    await waitFor(() => storedCount(given.db), (n) => n >= before + mix.sourceIds.length * 0.2 || !instance.running(), 60_000, 20);
    const [victim] = instance.children();
    process.kill(victim!, 'SIGKILL');
    const storedWhenKilled = await storedCount(given.db);

    // The dead member's partitions move when its session times out; its replacement then joins.
    const behind = await caughtUp();
    const replaced = await waitFor(async () => ({ members: await members(), workers: instance.children() }), (now) => (now.members === 2 && now.workers.length === 2) || !instance.running(), 60_000, 250);
    const metrics = await scrape();

    await explainedBy([instance], async () => {
      expect(storedWhenKilled).toBeLessThan(before + mix.sourceIds.length);
      expect(instance.running()).toBe(true);
      expect(behind).toBe(0);
      expect(await storedSummary(given.db)).toEqual({ rows: stored.size, distinctKeys: stored.size });
      expect(difference(stored, await storedSourceIds(given.db))).toEqual(noDifference);
      expect(replaced.members).toBe(2);
      expect(replaced.workers).not.toContain(victim);
      expect(total(metrics, 'frictionlens_cluster_workers_replaced_total')).toBe(1);
      expect(total(metrics, 'frictionlens_cluster_workers')).toBe(2);
    });
  });

  it('on SIGTERM, stops every worker and exits 0', async () => {
    const workers = instance.children();
    const exit = await instance.kill('SIGTERM');
    await explainedBy([instance], () => {
      expect(exit).toEqual({ code: 0, signal: null });
      expect(workers.filter(alive)).toEqual([]);
    });
  });

  it('when the primary is SIGKILLed, its workers go with it and nothing is lost', async () => {
    const again = spawnIngest({ ...given.env(), INGEST_WORKERS: '2', PORT: String(await freePort()) });
    given.processes.push(again);
    await waitFor(members, (n) => n === 2 || !again.running(), 60_000, 250);
    const mix = anInboundMix({ valid: 20_000, duplicateShare: 0.05 });
    mix.sourceIds.forEach((id) => stored.add(id));
    const before = await storedCount(given.db);
    await produceInbound(given.producer, given.prefix, mix.messages, 6);
    await waitFor(() => storedCount(given.db), (n) => n >= before + mix.sourceIds.length * 0.2 || !again.running(), 60_000, 20);
    const workers = again.children();
    const exit = await again.kill('SIGKILL');
    const orphans = await waitFor(async () => workers.filter(alive), (left) => left.length === 0, 10_000, 50);

    instance = spawnIngest({ ...given.env(), INGEST_WORKERS: '2', PORT: String(await freePort()) });
    given.processes.push(instance);
    const behind = await caughtUp();

    await explainedBy([again, instance], async () => {
      expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
      expect(workers).toHaveLength(2);
      expect(orphans).toEqual([]);
      expect(behind).toBe(0);
      expect(await storedSummary(given.db)).toEqual({ rows: stored.size, distinctKeys: stored.size });
      expect(difference(stored, await storedSourceIds(given.db))).toEqual(noDifference);
    });
  });

  it('exits 1 with the reason when its workers cannot start', async () => {
    const broken = spawnIngest({ ...given.env(), INGEST_WORKERS: '2', PORT: String(await freePort()), CUSTOMER_HASH_KEY: '' });
    given.processes.push(broken);
    const exit = await waitFor(async () => (broken.running() ? undefined : await broken.exited), (done) => done !== undefined, 30_000, 100);
    await explainedBy([broken], () => {
      expect(exit).toEqual({ code: 1, signal: null });
      expect(broken.output()).toContain('CUSTOMER_HASH_KEY is not set');
      expect(broken.output()).toMatch(/worker \d exited \(code 1\) before the service was ready/);
    });
  });
});
