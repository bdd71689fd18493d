import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@frictionlens/platform';
import type { ConsumedBatch, PartitionProgress } from '@frictionlens/kafka';

export type IngestPath = 'kafka' | 'http' | 'import';

/** What the metrics read from the batch consumer (a BatchConsumer) when scraped. */
export interface WatchedConsumer {
  readonly oldestAttemptSeconds: number;
  readonly batchesGivenBack: number;
  readonly partitionProgress: PartitionProgress[];
}

/** Prometheus series of the ingest service, named `frictionlens_ingest_*`. */
@Injectable()
export class IngestMetrics {
  readonly consumed: Counter<'topic'>;
  readonly stored: Counter<'path' | 'kind'>;
  readonly duplicates: Counter<'path'>;
  readonly rejected: Counter<'path' | 'reason'>;
  readonly batchSeconds: Histogram<'topic'>;
  readonly consumerLag: Gauge<'topic' | 'partition'>;
  private consumer?: WatchedConsumer;
  /** The partitions with a lag series, by "topic/partition". */
  private readonly lagReported = new Map<string, { topic: string; partition: string }>();

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.consumed = new Counter({ name: 'frictionlens_ingest_consumed_total', help: 'Source events read from Kafka', labelNames: ['topic'], registers });
    this.stored = new Counter({ name: 'frictionlens_ingest_stored_total', help: 'New contacts stored', labelNames: ['path', 'kind'], registers });
    this.duplicates = new Counter({ name: 'frictionlens_ingest_duplicates_total', help: 'Events that were already stored (re-delivered or re-sent)', labelNames: ['path'], registers });
    this.rejected = new Counter({ name: 'frictionlens_ingest_rejected_total', help: 'Events rejected, by reason', labelNames: ['path', 'reason'], registers });
    this.batchSeconds = new Histogram({
      name: 'frictionlens_ingest_batch_seconds',
      help: 'Time to validate, store and hand on one Kafka batch',
      labelNames: ['topic'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    const oldestAttempt: Gauge = new Gauge({
      name: 'frictionlens_ingest_batch_oldest_attempt_seconds',
      help: 'Age of the oldest attempt at a Kafka batch still under way (0: none); a stuck consumer shows as a steady climb',
      registers,
      // Of a clustered instance's workers, the most stuck one is the one to see.
      aggregator: 'max',
      collect: () => oldestAttempt.set(this.consumer?.oldestAttemptSeconds ?? 0),
    });
    let givenBackCounted = 0;
    const givenBack: Counter = new Counter({
      name: 'frictionlens_ingest_batches_given_back_total',
      help: 'Batches left uncommitted because this member had lost its place in the consumer group (read again after the rejoin)',
      registers,
      collect: () => {
        const now = this.consumer?.batchesGivenBack ?? givenBackCounted;
        if (now > givenBackCounted) givenBack.inc(now - givenBackCounted);
        givenBackCounted = now;
      },
    });
    // A partition stuck on a batch that keeps failing has no finished batch to report, so the
    // consumer's own figure (taken when the batch was fetched) is the one that counts.
    this.consumerLag = new Gauge({
      name: 'frictionlens_ingest_consumer_lag',
      help: 'Messages behind the partition end after the last batch (for a batch still under way: when it was fetched)',
      labelNames: ['topic', 'partition'],
      registers,
      collect: () => {
        for (const { topic, partition, behind } of this.consumer?.partitionProgress ?? []) {
          const labels = { topic, partition: String(partition) };
          this.lagReported.set(`${topic}/${labels.partition}`, labels);
          this.consumerLag.set(labels, behind);
        }
      },
    });
  }

  /** The consumer whose stuck attempts and given-back batches the metrics report. */
  watchConsumer(consumer: WatchedConsumer): void {
    this.consumer = consumer;
  }

  /**
   * Keeps the lag of the partitions this member owns now and drops the rest: after a rebalance
   * another member (or worker) reports those, and a stale figure here would be counted twice.
   */
  keepLagOf(assignment: Record<string, number[]>): void {
    const owned = new Set(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((p) => `${topic}/${p}`)));
    for (const [key, labels] of this.lagReported) {
      if (owned.has(key)) continue;
      this.consumerLag.remove(labels);
      this.lagReported.delete(key);
    }
  }

  recordBatch(batch: ConsumedBatch, seconds: number): void {
    this.consumed.inc({ topic: batch.topic }, batch.messages.length);
    this.batchSeconds.observe({ topic: batch.topic }, seconds);
    const last = batch.messages.at(-1);
    if (!last) return;
    const labels = { topic: batch.topic, partition: String(batch.partition) };
    this.lagReported.set(`${labels.topic}/${labels.partition}`, labels);
    this.consumerLag.set(labels, Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(last.offset) - 1n)));
  }
}
