import { Registry } from 'prom-client';
import type { ConsumedBatch } from '@frictionlens/kafka';
import { IngestMetrics } from './ingest.metrics.js';

function aBatch(topic: string, partition: number, lastOffset: number, highWatermark: number): ConsumedBatch {
  return {
    topic,
    partition,
    highWatermark: String(highWatermark),
    heartbeat: async () => undefined,
    messages: [{ topic, partition, offset: String(lastOffset), key: null, value: null, headers: {}, timestamp: '0' }],
  };
}

describe('IngestMetrics consumer lag', () => {
  it('reports each partition batch by batch, and drops the partitions a rebalance took away', async () => {
    const registry = new Registry();
    const metrics = new IngestMetrics(registry);
    metrics.recordBatch(aBatch('t', 0, 9, 100), 0.01);
    metrics.recordBatch(aBatch('t', 1, 49, 60), 0.01);
    metrics.recordBatch(aBatch('u', 0, 4, 5), 0.01);

    const lag = async () => (await registry.getSingleMetric('frictionlens_ingest_consumer_lag')!.get()).values.map((v) => [`${v.labels.topic}/${v.labels.partition}`, v.value]);
    expect(await lag()).toEqual([
      ['t/0', 90],
      ['t/1', 10],
      ['u/0', 0],
    ]);

    // Another member (or worker) now reports t/0 and u/0; a stale figure here would be added to its own.
    metrics.keepLagOf({ t: [1, 2] });
    expect(await lag()).toEqual([['t/1', 10]]);
    metrics.recordBatch(aBatch('t', 2, 0, 3), 0.01);
    expect(await lag()).toEqual([
      ['t/1', 10],
      ['t/2', 2],
    ]);
  });
});

describe('IngestMetrics of a stuck partition', () => {
  it('shows the lag of a partition whose batch has not finished, from the consumer', async () => {
    const registry = new Registry();
    const sut = new IngestMetrics(registry);
    sut.recordBatch(aBatch('t', 0, 9, 10), 0.01);
    sut.watchConsumer({
      oldestAttemptSeconds: 400,
      batchesGivenBack: 0,
      partitionProgress: [
        { topic: 't', partition: 0, behind: 0, secondsSinceCommit: 1 },
        { topic: 't', partition: 3, behind: 1, secondsSinceCommit: 400 },
      ],
    });

    const lag = (await registry.getSingleMetric('frictionlens_ingest_consumer_lag')!.get()).values.map((v) => [`${v.labels.topic}/${v.labels.partition}`, v.value]);

    expect(lag).toEqual([
      ['t/0', 0],
      ['t/3', 1],
    ]);
  });
});
