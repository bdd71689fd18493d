import type { Registry } from 'prom-client';

/** One registry's series as `registry.getMetricsAsJSON()` gives them (and `AggregatorRegistry.aggregate` takes them). */
export type RegistryJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

// What the primary and the workers of one instance say to each other over the cluster's IPC
// channel. Prometheus scrapes whichever worker the shared port hands the request to; that worker
// asks the primary, which collects every worker's series and adds them up.

export const CLUSTER_ENV = {
  /** Which worker this is (1, 2, …); a replacement takes the slot of the worker it replaces. */
  slot: 'FRICTIONLENS_CLUSTER_WORKER',
  /** "true" when the database the primary opened (and passes on as DATABASE_URL) is the embedded one. */
  embeddedDatabase: 'FRICTIONLENS_CLUSTER_DATABASE_EMBEDDED',
} as const;

export type ClusterMessage =
  /** worker → primary: the instance's metrics, please */
  | { type: 'frictionlens:scrape'; id: number }
  /** primary → worker: the answer to a scrape */
  | { type: 'frictionlens:scraped'; id: number; text?: string; error?: string }
  /** primary → worker: your own series, please */
  | { type: 'frictionlens:collect'; id: number }
  /** worker → primary: one worker's series */
  | { type: 'frictionlens:collected'; id: number; metrics?: RegistryJson; error?: string };

export function isClusterMessage<T extends ClusterMessage['type']>(message: unknown, type: T): message is Extract<ClusterMessage, { type: T }> {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
}

/** How long a scrape waits for the workers; Prometheus's own default timeout is 10 s. */
export const SCRAPE_TIMEOUT_MS = 5_000;
