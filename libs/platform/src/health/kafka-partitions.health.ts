import cluster from 'node:cluster';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Gauge, type Registry } from 'prom-client';
import type { PartitionProgress } from '@frictionlens/kafka';
import { scrapeInstance } from '../cluster/cluster-worker.js';
import { METRICS_REGISTRY } from '../metrics/metrics-registry.js';
import { RUNTIME, type Runtime } from '../runtime.js';
import { HealthRegistry } from './health-registry.js';

/** A consumer whose partitions are watched (a BatchConsumer). */
export interface WatchedPartitions {
  readonly partitionProgress: PartitionProgress[];
}

/** One partition of one consumer group, as `/metrics` and `/health` show it. */
export interface PartitionStanding extends PartitionProgress {
  group: string;
}

const LAG = 'frictionlens_kafka_partition_lag';
const SINCE_COMMIT = 'frictionlens_kafka_partition_seconds_since_commit';
/** How long `/health` waits for the other workers' figures; a health probe must answer quickly. */
const INSTANCE_WAIT_MS = 1_000;

/**
 * Watches the partitions of the service's Kafka consumers: their lag and the time since their last
 * commit go to `/metrics`, and a partition behind that has not committed for
 * KAFKA_PARTITION_STUCK_AFTER_MS makes `/health` degraded (still 200: the rest of the service
 * works, and a restart would not cure a poison message). kafkajs fetches again only when every
 * batch of a fetch is done, so one stuck partition stops its whole process; this is where it shows.
 */
@Injectable()
export class KafkaPartitionsHealth {
  private readonly consumers = new Map<string, WatchedPartitions>();

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly health: HealthRegistry,
    private readonly indicators: HealthIndicatorService,
  ) {
    const registers = [registry];
    const labelNames = ['group', 'topic', 'partition'] as const;
    // Each partition has one owner; 'max' keeps a clustered instance's sum from counting a
    // partition twice in the moment a rebalance moves it between two of its workers.
    const lag: Gauge<(typeof labelNames)[number]> = new Gauge({
      name: LAG,
      help: 'Messages between the last commit and the partition end when the latest batch was fetched, per partition this instance owns',
      labelNames,
      aggregator: 'max',
      registers,
      collect: () => this.report(lag, (p) => p.behind),
    });
    const sinceCommit: Gauge<(typeof labelNames)[number]> = new Gauge({
      name: SINCE_COMMIT,
      help: 'Seconds since the last commit of each partition this instance owns (or since it got the partition, or new messages reached it after it had caught up); climbing while its lag is above 0 means the partition is stuck',
      labelNames,
      aggregator: 'max',
      registers,
      collect: () => this.report(sinceCommit, (p) => p.secondsSinceCommit),
    });
  }

  /** Watches one consumer group's partitions; the first call adds the `kafka-partitions` check to `/health`. */
  watch(group: string, consumer: WatchedPartitions): void {
    if (this.consumers.size === 0) this.health.register(() => this.check());
    this.consumers.set(group, consumer);
  }

  /** This process's partitions. */
  get standing(): PartitionStanding[] {
    return [...this.consumers].flatMap(([group, consumer]) => consumer.partitionProgress.map((p) => ({ group, ...p })));
  }

  async check() {
    const indicator = this.indicators.check('kafka-partitions');
    const stuckAfterMs = this.runtime.config.KAFKA_PARTITION_STUCK_AFTER_MS;
    const partitions = await this.instanceStanding();
    const stuck = partitions
      .filter((p) => p.behind > 0 && p.secondsSinceCommit * 1_000 > stuckAfterMs)
      .map((p) => ({ ...p, secondsSinceCommit: Math.round(p.secondsSinceCommit) }));
    if (stuck.length === 0) return indicator.up({ partitions: partitions.length });
    return indicator.degraded({ partitions: partitions.length, stuckAfterMs, stuck });
  }

  /** In a clustered instance, every worker's partitions (through the primary's scrape); else this process's. */
  private async instanceStanding(): Promise<PartitionStanding[]> {
    if (!cluster.isWorker) return this.standing;
    try {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('late')), INSTANCE_WAIT_MS)));
      return standingFromMetrics(await Promise.race([scrapeInstance(), late]).finally(() => clearTimeout(timer)));
    } catch {
      return this.standing; // the primary is busy or going away: this worker's own view is still true
    }
  }

  private report(gauge: Gauge<'group' | 'topic' | 'partition'>, value: (p: PartitionProgress) => number): void {
    gauge.reset();
    for (const p of this.standing) gauge.set({ group: p.group, topic: p.topic, partition: String(p.partition) }, value(p));
  }
}

/** The partitions' lag and time since commit, read back from a Prometheus text page. */
export function standingFromMetrics(text: string): PartitionStanding[] {
  const byPartition = new Map<string, PartitionStanding>();
  for (const line of text.split('\n')) {
    const match = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || (match[1] !== LAG && match[1] !== SINCE_COMMIT)) continue;
    const labels = Object.fromEntries([...match[2]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
    const key = `${labels.group}/${labels.topic}/${labels.partition}`;
    let entry = byPartition.get(key);
    if (!entry) byPartition.set(key, (entry = { group: labels.group ?? '', topic: labels.topic ?? '', partition: Number(labels.partition), behind: 0, secondsSinceCommit: 0 }));
    if (match[1] === LAG) entry.behind = Number(match[3]);
    else entry.secondsSinceCommit = Number(match[3]);
  }
  return [...byPartition.values()];
}
