import type { IHeaders, Message } from 'kafkajs';
import { murmur2 } from './key-partitioner.js';

// A v2 record's framing at its largest: length, attributes, timestamp and offset deltas, key and
// value lengths and the header count, each a varint (kafka.apache.org/documentation/#record).
const RECORD_FRAMING_BYTES = 40;
// A header's framing: its key and value lengths (varints).
const HEADER_FRAMING_BYTES = 10;
/**
 * What a record batch adds around its records (61 bytes of header), with room to spare. The
 * broker compares the whole batch with the topic's `max.message.bytes`.
 */
export const RECORD_BATCH_OVERHEAD_BYTES = 512;
/**
 * Most bytes one produce request carries over all partitions, far below the broker's
 * `socket.request.max.bytes` (100 MiB by default).
 */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

const bytesOf = (data: Buffer | string | null | undefined): number =>
  data === null || data === undefined ? 0 : typeof data === 'string' ? Buffer.byteLength(data) : data.length;

/**
 * An upper bound of the bytes a message takes in an uncompressed record batch, from the lengths of
 * what it holds (no encoding is done).
 */
export function recordBytes(message: Message): number {
  let size = RECORD_FRAMING_BYTES + bytesOf(message.key) + bytesOf(message.value);
  if (message.headers) size += headerBytes(message.headers);
  return size;
}

function headerBytes(headers: IHeaders): number {
  let size = 0;
  for (const name in headers) {
    const value = headers[name];
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) size += HEADER_FRAMING_BYTES + Buffer.byteLength(name) + bytesOf(item);
  }
  return size;
}

export interface TooLargeMessage {
  message: Message;
  /** `recordBytes` of the message. */
  bytes: number;
}

export interface BoundedSend {
  /** Produce requests to send one after the other, in this order. */
  requests: Message[][];
  /** Messages that no record batch the topic accepts can hold, left out of `requests`. */
  tooLarge: TooLargeMessage[];
}

export interface BoundOptions {
  /** Most bytes of one partition's record batch (the topic's `max.message.bytes`, less the batch overhead). */
  maxBatchBytes: number;
  /** The topic's partitions, to group keyed messages as the producer will; unknown: all in one group. */
  partitions?: number;
  /** Most bytes of one request over all its partitions. */
  maxRequestBytes?: number;
}

/**
 * Splits one topic's messages into produce requests whose record batch for each partition stays
 * within `maxBatchBytes`. A partition's messages keep their order: its chunks go in successive
 * requests, which the publisher sends one after the other, while one request carries a chunk of
 * every partition. A send that fits in one batch goes unchanged, as one request.
 */
export function boundSend(messages: Message[], options: BoundOptions): BoundedSend {
  const { maxBatchBytes } = options;
  const sizes = new Array<number>(messages.length);
  let total = 0;
  let largest = 0;
  for (let i = 0; i < messages.length; i++) {
    const size = recordBytes(messages[i]!);
    sizes[i] = size;
    total += size;
    if (size > largest) largest = size;
  }
  if (largest <= maxBatchBytes && total <= maxBatchBytes) return { requests: messages.length ? [messages] : [], tooLarge: [] };

  const partitionOf = partitioner(options.partitions);
  const tooLarge: TooLargeMessage[] = [];
  // Per partition, in first-seen order: its chunks, each within maxBatchBytes.
  const chunks = new Map<number, Array<{ messages: Message[]; bytes: number }>>();
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    const size = sizes[i]!;
    if (size > maxBatchBytes) {
      tooLarge.push({ message, bytes: size });
      continue;
    }
    const partition = partitionOf(message);
    let list = chunks.get(partition);
    if (!list) chunks.set(partition, (list = []));
    let last = list.at(-1);
    if (!last || last.bytes + size > maxBatchBytes) list.push((last = { messages: [], bytes: 0 }));
    // The partition is set on a copy, so the producer puts the message where its chunk was counted.
    last.messages.push(partition < 0 || options.partitions === undefined ? message : { ...message, partition });
    last.bytes += size;
  }
  return { requests: interleave([...chunks.values()], options.maxRequestBytes ?? MAX_REQUEST_BYTES), tooLarge };
}

/** Request n holds each partition's next chunk, as many partitions as fit in `maxRequestBytes`. */
function interleave(perPartition: Array<Array<{ messages: Message[]; bytes: number }>>, maxRequestBytes: number): Message[][] {
  const requests: Message[][] = [];
  const next = perPartition.map(() => 0);
  for (let left = perPartition.reduce((n, list) => n + list.length, 0); left > 0; ) {
    const request: Message[] = [];
    let bytes = 0;
    perPartition.forEach((list, p) => {
      const chunk = list[next[p]!];
      if (!chunk || (request.length > 0 && bytes + chunk.bytes > maxRequestBytes)) return;
      for (const message of chunk.messages) request.push(message);
      bytes += chunk.bytes;
      next[p]!++;
      left--;
    });
    requests.push(request);
  }
  return requests;
}

/**
 * The partition each message will go to, as `keyPartitioner` picks it (murmur2 of the key; an
 * explicit partition wins; messages without a key round-robin). -1 when the partitions are unknown.
 */
function partitioner(partitions: number | undefined): (message: Message) => number {
  if (partitions === undefined || partitions < 1) return () => -1;
  let next = 0;
  return (message) => {
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    if (message.key === null || message.key === undefined) return next++ % partitions;
    const key = Buffer.isBuffer(message.key) ? message.key : Buffer.from(String(message.key));
    return (murmur2(key) & 0x7fffffff) % partitions;
  };
}
