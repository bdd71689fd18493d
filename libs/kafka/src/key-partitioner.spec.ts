import { randomBytes } from 'node:crypto';
import { Partitioners, type PartitionerArgs } from 'kafkajs';
import { keyPartitioner, murmur2 } from './key-partitioner.js';

const metadata = (partitions: number): PartitionerArgs['partitionMetadata'] =>
  Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1] }));

describe('keyPartitioner', () => {
  it("sends every keyed message to the partition kafkajs's DefaultPartitioner would", () => {
    const ours = keyPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    for (const partitions of [1, 3, 6, 18, 100]) {
      for (let i = 0; i < 2_000; i++) {
        const key = i % 2 === 0 ? String(Math.floor(Math.random() * 1e12)) : randomBytes(1 + (i % 37));
        const args = { topic: 't', partitionMetadata: metadata(partitions), message: { key, value: 'v' } };
        expect({ key, partition: ours(args) }).toEqual({ key, partition: theirs(args) });
      }
    }
  });

  it('hashes as the Java client does (Utils.murmur2 of "21" and of the empty key)', () => {
    // Values from Apache Kafka's UtilsTest.testMurmur2.
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(murmur2(Buffer.from(''))).toBe(275646681);
  });

  it('keeps an explicit partition, and spreads unkeyed messages over the partitions with a leader', () => {
    const partition = keyPartitioner();
    const partitionMetadata = metadata(3);
    partitionMetadata[1]!.leader = -1;
    expect(partition({ topic: 't', partitionMetadata, message: { key: 'k', value: 'v', partition: 1 } })).toBe(1);
    const chosen = new Set(Array.from({ length: 20 }, () => partition({ topic: 't', partitionMetadata, message: { value: 'v' } })));
    expect([...chosen].sort()).toEqual([0, 2]);
  });
});
