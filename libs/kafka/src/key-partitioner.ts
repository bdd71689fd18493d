import type { ICustomPartitioner } from 'kafkajs';

const M = 0x5bd1e995;
const SEED = 0x9747b28c;

/**
 * Kafka's murmur2 hash of a message key (the Java client's `Utils.murmur2`), in 32-bit integer
 * arithmetic. kafkajs's own computes the same with a 64-bit Long object per step, which cost the
 * ingest service a few per cent of its CPU at one call per published contact.
 */
export function murmur2(key: Buffer): number {
  const length = key.length;
  let h = (SEED ^ length) | 0;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = key[i]! | (key[i + 1]! << 8) | (key[i + 2]! << 16) | (key[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const rest = length & 3;
  if (rest === 3) h ^= key[whole + 2]! << 16;
  if (rest >= 2) h ^= key[whole + 1]! << 8;
  if (rest >= 1) h = Math.imul(h ^ key[whole]!, M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * The producer's partitioner: a keyed message goes where the Java client and kafkajs's
 * DefaultPartitioner send it (murmur2 of the key, made positive, modulo the partitions), so a
 * contact id keeps its partition whichever client publishes it; a message without a key goes
 * round-robin over the partitions that have a leader.
 */
export const keyPartitioner: ICustomPartitioner = () => {
  let next = Math.floor(Math.random() * 0x7fffffff);
  return ({ partitionMetadata, message }) => {
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    if (message.key !== null && message.key !== undefined) {
      const key = Buffer.isBuffer(message.key) ? message.key : Buffer.from(String(message.key));
      return (murmur2(key) & 0x7fffffff) % partitionMetadata.length;
    }
    const available = partitionMetadata.filter((p) => p.leader >= 0);
    const from = available.length > 0 ? available : partitionMetadata;
    return from[(next++ & 0x7fffffff) % from.length]!.partitionId;
  };
};
