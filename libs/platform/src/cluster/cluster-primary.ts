import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, Counter, Gauge, Registry } from 'prom-client';
import { pino } from 'pino';
import type { AppConfig } from '@frictionlens/config';
import { resolveCustomerHashKey } from '../customer-hash-key.js';
import { openReadyDatabase } from '../ready-database.js';
import { CLUSTER_ENV, isClusterMessage, SCRAPE_TIMEOUT_MS, type RegistryJson } from './cluster-messages.js';
import { RestartBudget } from './restart-budget.js';

/** How long an orderly stop waits for a worker to finish its batch in hand before killing it. */
const STOP_GRACE_MS = 30_000;
/** Pause before a dead worker's replacement starts, so a crash loop does not spin. */
const REPLACEMENT_DELAY_MS = 1_000;

/**
 * Runs one instance of a service as a primary and `workers` worker processes (node cluster), so
 * that one instance uses every core: one process's main thread is otherwise its limit.
 *
 * The primary does what must happen once per instance: it opens the database (starting the
 * embedded one), applies pending migrations and, on the embedded database, creates the customer
 * hash key. Then it forks the workers, each a whole service: they share the HTTP port (the primary
 * hands out connections) and each is a member of the Kafka consumer group, so the group spreads
 * the partitions over them as over separate instances. `/metrics` on any worker answers for the
 * whole instance. A worker that dies is replaced (within a RestartBudget); on SIGTERM or SIGINT
 * every worker finishes and commits its batch in hand, then the database stops.
 * Resolves with the exit code for the process.
 */
export async function runClusterPrimary(name: string, workers: number, config: AppConfig): Promise<number> {
  const log = pino({ level: config.LOG_LEVEL, base: { service: name, role: 'primary' } });
  const database = await openReadyDatabase(config, log);
  try {
    // Created here, once: workers creating the key file at the same moment would race.
    if (database.embedded) resolveCustomerHashKey({ config, databaseEmbedded: true });
  } catch (error) {
    await database.stop();
    throw error;
  }
  const primary = new ClusterPrimary(name, workers, log, () => database.stop(), {
    DATABASE_URL: database.url,
    DATABASE_MIGRATE_ON_START: 'false',
    [CLUSTER_ENV.embeddedDatabase]: String(database.embedded),
  });
  process.once('SIGTERM', () => primary.stop('SIGTERM'));
  process.once('SIGINT', () => primary.stop('SIGINT'));
  primary.start();
  return primary.done;
}

class ClusterPrimary {
  private readonly slots = new Map<number, Worker>();
  private readonly ready = new Set<number>();
  private readonly budget = new RestartBudget();
  private readonly own = new Registry();
  private readonly replaced: Counter;
  private started = false;
  private stopping = false;
  private exitCode = 0;
  private forceTimer?: NodeJS.Timeout;
  private nextCollectId = 0;
  private readonly collecting = new Map<number, { answers: RegistryJson[]; waiting: Set<number>; done(error?: Error): void }>();
  private finish!: (code: number) => void;
  readonly done = new Promise<number>((resolve) => (this.finish = resolve));

  constructor(
    private readonly name: string,
    private readonly count: number,
    private readonly log: pino.Logger,
    private readonly stopDatabase: () => Promise<void>,
    private readonly workerEnv: Record<string, string>,
  ) {
    this.own.setDefaultLabels({ service: name });
    const workersUp: Gauge = new Gauge({
      name: 'frictionlens_cluster_workers',
      help: 'Worker processes of this instance that are up and serving',
      registers: [this.own],
      collect: () => workersUp.set(this.ready.size),
    });
    this.replaced = new Counter({ name: 'frictionlens_cluster_workers_replaced_total', help: 'Worker processes that died and were replaced', registers: [this.own] });
    cluster.on('message', (worker, message: unknown) => this.onMessage(worker, message));
  }

  start(): void {
    this.log.info({ workers: this.count }, `starting ${this.count} ${this.name} workers`);
    for (let slot = 1; slot <= this.count; slot++) this.fork(slot);
  }

  stop(reason: string, exitCode = 0): void {
    if (this.stopping) return;
    this.stopping = true;
    this.exitCode = exitCode;
    this.log.info({ reason, workers: this.slots.size }, 'shutting down');
    for (const worker of this.slots.values()) worker.process.kill('SIGTERM');
    this.forceTimer = setTimeout(() => {
      this.log.error({ workers: [...this.slots.keys()] }, `workers still running ${STOP_GRACE_MS / 1_000} s after SIGTERM; killing them`);
      for (const worker of this.slots.values()) worker.process.kill('SIGKILL');
    }, STOP_GRACE_MS);
    this.stopIfAllGone();
  }

  private fork(slot: number): void {
    const worker = cluster.fork({ ...this.workerEnv, [CLUSTER_ENV.slot]: String(slot) });
    this.slots.set(slot, worker);
    worker.once('listening', (address) => this.onListening(slot, address.port));
    worker.once('exit', (code, signal) => this.onExit(slot, worker, code, signal as NodeJS.Signals | null));
  }

  private onListening(slot: number, port: number): void {
    this.ready.add(slot);
    if (this.started || this.ready.size < this.count) return;
    this.started = true;
    const url = `http://127.0.0.1:${port}`;
    const pids = [...this.slots.values()].map((w) => w.process.pid);
    this.log.info({ url, workers: this.count, pids }, `${this.name} listening on ${url} with ${this.count} workers`);
  }

  private onExit(slot: number, worker: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.slots.get(slot) === worker) this.slots.delete(slot);
    this.ready.delete(slot);
    for (const collect of this.collecting.values()) if (collect.waiting.delete(worker.id) && collect.waiting.size === 0) collect.done();
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (this.stopping) {
      // A worker stopped before its own signal handlers were in place exits by SIGTERM: still orderly.
      if (!(code === 0 || signal === 'SIGTERM')) this.exitCode = 1;
      this.stopIfAllGone();
      return;
    }
    // A worker that dies while the instance starts (killed while it joins the group, say) is
    // replaced like any other; workers that cannot start at all use up the budget within seconds.
    const when = this.started ? '' : ' before the service was ready';
    if (!this.budget.take(Date.now())) {
      this.log.fatal({ worker: slot, code, signal }, `worker ${slot} exited (${how})${when}; ${this.budget.max} were replaced within ${this.budget.windowMs / 1_000} s already, so the cause is not passing: stopping`);
      this.stop(this.started ? 'workers keep dying' : 'workers cannot start', 1);
      return;
    }
    this.log.error({ worker: slot, code, signal }, `worker ${slot} exited (${how})${when}; starting a replacement (its partitions go to the other workers meanwhile)`);
    this.replaced.inc();
    setTimeout(() => this.stopping || this.fork(slot), REPLACEMENT_DELAY_MS);
  }

  private stopIfAllGone(): void {
    if (!this.stopping || this.slots.size > 0) return;
    clearTimeout(this.forceTimer);
    this.stopDatabase().then(
      () => {
        this.log.info({ exitCode: this.exitCode }, 'stopped');
        this.finish(this.exitCode);
      },
      (error: unknown) => {
        this.log.error({ err: error }, 'the database did not stop cleanly');
        this.finish(1);
      },
    );
  }

  private onMessage(worker: Worker, message: unknown): void {
    if (isClusterMessage(message, 'frictionlens:collected')) {
      const collect = this.collecting.get(message.id);
      if (!collect || !collect.waiting.delete(worker.id)) return;
      if (message.metrics) collect.answers.push(message.metrics);
      if (message.error) collect.done(new Error(`worker ${worker.id}: ${message.error}`));
      else if (collect.waiting.size === 0) collect.done();
      return;
    }
    if (isClusterMessage(message, 'frictionlens:scrape')) {
      const answer = (reply: { text?: string; error?: string }) => worker.isConnected() && worker.send({ type: 'frictionlens:scraped', id: message.id, ...reply });
      this.scrape().then(
        (text) => answer({ text }),
        (error: unknown) => answer({ error: error instanceof Error ? error.message : String(error) }),
      );
    }
  }

  /** Every serving worker's series, added up (counters and histograms summed, gauges by their aggregator), and the primary's own. */
  private async scrape(): Promise<string> {
    const id = this.nextCollectId++;
    const workers = [...this.slots.entries()].filter(([slot, w]) => this.ready.has(slot) && w.isConnected()).map(([, w]) => w);
    const answers: RegistryJson[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => collect.done(new Error(`${collect.waiting.size} worker(s) did not send their metrics within ${SCRAPE_TIMEOUT_MS} ms`)), SCRAPE_TIMEOUT_MS);
      const collect = {
        answers,
        waiting: new Set(workers.map((w) => w.id)),
        done: (error?: Error) => {
          clearTimeout(timer);
          this.collecting.delete(id);
          if (error) reject(error);
          else resolve();
        },
      };
      this.collecting.set(id, collect);
      for (const worker of workers) worker.send({ type: 'frictionlens:collect', id });
      if (workers.length === 0) collect.done();
    });
    answers.push(await this.own.getMetricsAsJSON());
    return AggregatorRegistry.aggregate(answers).metrics();
  }
}
