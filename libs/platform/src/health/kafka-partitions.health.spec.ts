import { HealthIndicatorService } from '@nestjs/terminus';
import { Registry } from 'prom-client';
import type { PartitionProgress } from '@frictionlens/kafka';
import { loadConfig } from '@frictionlens/config';
import type { Runtime } from '../runtime.js';
import { HealthRegistry } from './health-registry.js';
import { KafkaPartitionsHealth, standingFromMetrics } from './kafka-partitions.health.js';

function aWatch(stuckAfterMs: number) {
  const registry = new Registry();
  const health = new HealthRegistry();
  const runtime = { service: 'ingest', config: loadConfig({ KAFKA_PARTITION_STUCK_AFTER_MS: String(stuckAfterMs) }) } as Runtime;
  const sut = new KafkaPartitionsHealth(runtime, registry, health, new HealthIndicatorService());
  return { sut, registry, health };
}

const at = (topic: string, partition: number, behind: number, secondsSinceCommit: number): PartitionProgress => ({ topic, partition, behind, secondsSinceCommit });

describe('KafkaPartitionsHealth', () => {
  it('is degraded by a partition behind that has not committed for longer than KAFKA_PARTITION_STUCK_AFTER_MS, and names it', async () => {
    const { sut } = aWatch(60_000);
    const progress = [at('cx.complaints.v1', 1, 1, 61), at('cx.tickets.v1', 0, 0, 3_600), at('cx.tickets.v1', 2, 900, 2)];
    sut.watch('frictionlens.ingest', { partitionProgress: progress });

    const degraded = await sut.check();
    progress[0] = at('cx.complaints.v1', 1, 0, 0);
    const healthy = await sut.check();

    expect(degraded).toEqual({
      'kafka-partitions': {
        status: 'degraded',
        partitions: 3,
        stuckAfterMs: 60_000,
        stuck: [{ group: 'frictionlens.ingest', topic: 'cx.complaints.v1', partition: 1, behind: 1, secondsSinceCommit: 61 }],
      },
    });
    expect(healthy).toEqual({ 'kafka-partitions': { status: 'up', partitions: 3 } });
  });

  it('shows the lag and the seconds since commit of every partition of every watched group on /metrics, and reads them back', async () => {
    const { sut, registry, health } = aWatch(60_000);
    sut.watch('frictionlens.ingest', { partitionProgress: [at('cx.complaints.v1', 1, 1, 75.5)] });
    sut.watch('frictionlens.classifier', { partitionProgress: [at('cx.contacts.v1', 4, 0, 2)] });

    const text = await registry.metrics();

    expect(health.registered).toHaveLength(1);
    expect(text).toContain('frictionlens_kafka_partition_seconds_since_commit{group="frictionlens.ingest",topic="cx.complaints.v1",partition="1"} 75.5');
    expect(text).toContain('frictionlens_kafka_partition_lag{group="frictionlens.ingest",topic="cx.complaints.v1",partition="1"} 1');
    expect(text).toContain('frictionlens_kafka_partition_lag{group="frictionlens.classifier",topic="cx.contacts.v1",partition="4"} 0');
    expect(standingFromMetrics(text)).toEqual([
      { group: 'frictionlens.ingest', topic: 'cx.complaints.v1', partition: 1, behind: 1, secondsSinceCommit: 75.5 },
      { group: 'frictionlens.classifier', topic: 'cx.contacts.v1', partition: 4, behind: 0, secondsSinceCommit: 2 },
    ]);
  });
});
