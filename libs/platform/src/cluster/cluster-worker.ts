import cluster from 'node:cluster';
import { Worker } from 'node:worker_threads';
import type { Registry } from 'prom-client';
import { CLUSTER_ENV, isClusterMessage, SCRAPE_TIMEOUT_MS, type ClusterMessage } from './cluster-messages.js';

// The worker's side of a clustered service (see cluster-primary.ts). Outside a cluster every
// function here is a no-op or says so, so the same service code runs clustered or not.

/** Which worker of its instance this process is (1, 2, …); undefined outside a cluster. */
export function clusterWorkerSlot(env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (!cluster.isWorker) return undefined;
  const slot = Number(env[CLUSTER_ENV.slot]);
  return Number.isInteger(slot) && slot > 0 ? slot : undefined;
}

/** Whether the primary's database (passed on as DATABASE_URL) is the embedded one; undefined outside a cluster. */
export function primaryDatabaseEmbedded(env: NodeJS.ProcessEnv = process.env): boolean | undefined {
  return cluster.isWorker ? env[CLUSTER_ENV.embeddedDatabase] === 'true' : undefined;
}

/** How often a worker looks whether its primary is still there. */
const PRIMARY_CHECK_MS = 100;

// Runs on a thread of its own, so it sees the primary go even while the main thread is busy
// with a batch: node's own exit on the IPC channel's 'disconnect' waits for the main thread.
// An orphan's parent becomes init (or a subreaper); SIGKILL then ends the process at once, as if
// it had died with its primary: its batch in hand stays uncommitted and is read again elsewhere.
const WATCH_PRIMARY = `
const { workerData } = require('node:worker_threads');
setInterval(() => {
  if (process.ppid !== workerData.ppid) process.kill(workerData.pid, 'SIGKILL');
}, workerData.everyMs);
`;

/** In a worker: ends the process within PRIMARY_CHECK_MS of its primary dying (killed, crashed), busy or not. */
export function exitWithPrimary(): void {
  if (!cluster.isWorker) return;
  const watcher = new Worker(WATCH_PRIMARY, {
    eval: true,
    workerData: { ppid: process.ppid, pid: process.pid, everyMs: PRIMARY_CHECK_MS },
    resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 },
  });
  watcher.unref();
}

function send(message: ClusterMessage): void {
  process.send?.(message);
}

/** In a worker, answers the primary's requests for this registry's series; returns the registry. */
export function shareWithPrimary(registry: Registry): Registry {
  if (!cluster.isWorker) return registry;
  process.on('message', (message: unknown) => {
    if (!isClusterMessage(message, 'frictionlens:collect')) return;
    registry.getMetricsAsJSON().then(
      (metrics) => send({ type: 'frictionlens:collected', id: message.id, metrics }),
      (error: unknown) => send({ type: 'frictionlens:collected', id: message.id, error: String(error) }),
    );
  });
  return registry;
}

const pendingScrapes = new Map<number, { resolve(text: string): void; reject(error: Error): void; timer: NodeJS.Timeout }>();
let nextScrapeId = 0;
let listening = false;

/** In a worker: the whole instance's metrics, every worker's series added up by the primary. */
export function scrapeInstance(): Promise<string> {
  if (!cluster.isWorker || !process.send) return Promise.reject(new Error('not a cluster worker'));
  if (!listening) {
    listening = true;
    process.on('message', (message: unknown) => {
      if (!isClusterMessage(message, 'frictionlens:scraped')) return;
      const pending = pendingScrapes.get(message.id);
      if (!pending) return;
      pendingScrapes.delete(message.id);
      clearTimeout(pending.timer);
      if (message.text !== undefined) pending.resolve(message.text);
      else pending.reject(new Error(`the primary could not collect the workers' metrics: ${message.error ?? 'no answer'}`));
    });
  }
  const id = nextScrapeId++;
  return new Promise((resolve, reject) => {
    // Longer than the primary's own wait for the workers, so its answer (or its error) comes first.
    const timer = setTimeout(() => {
      pendingScrapes.delete(id);
      reject(new Error('the primary did not answer a metrics scrape'));
    }, SCRAPE_TIMEOUT_MS + 1_000);
    timer.unref();
    pendingScrapes.set(id, { resolve, reject, timer });
    send({ type: 'frictionlens:scrape', id });
  });
}
