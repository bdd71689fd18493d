import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Admin, Kafka, KafkaMessage, Producer, TopicMessages } from 'kafkajs';
import type pg from 'pg';
import { topicName, type TopicKey } from '@frictionlens/contracts';
import { DeadLetterHeaders } from '@frictionlens/kafka';
import { aComplaint, aTicket, aWarrantyClaim, malformedTickets } from './source-events.js';

// Helpers for tests that run the compiled ingest service as a child process and break things
// around it: the process, its event mix, its progress as seen from PostgreSQL and Kafka.

export const INGEST_ENTRY = 'dist/apps/ingest/src/main.js';

export interface IngestEnv {
  DATABASE_URL: string;
  KAFKA_BROKERS: string;
  KAFKA_TOPIC_PREFIX: string;
  [name: string]: string;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface IngestProcess {
  readonly pid: number;
  /** Everything the process wrote to stdout and stderr (the last megabyte). */
  output(): string;
  running(): boolean;
  readonly exited: Promise<Exit>;
  /** Sends the signal and resolves once the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<Exit>;
  /** Its child processes now (a clustered instance's workers). */
  children(): number[];
}

const OUTPUT_LIMIT = 1024 * 1024;

/** The compiled ingest service in its own process, as deployed; output is kept, never printed. */
export function spawnIngest(env: IngestEnv): IngestProcess {
  // The test runner's NODE_OPTIONS (--experimental-vm-modules) would only add warnings here.
  const { NODE_OPTIONS: _nodeOptions, ...inherited } = process.env;
  const child = spawn(process.execPath, [INGEST_ENTRY], {
    env: {
      ...inherited,
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_MIGRATE_ON_START: 'false',
      CUSTOMER_HASH_KEY: 'fault-test-key-0123456789',
      // One process unless a test asks for a cluster (ingest-cluster.int-spec.ts does): these
      // tests break one process at a time, and a cluster per test would crowd a 2-core runner.
      INGEST_WORKERS: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT / 2);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exit: Exit | undefined;
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    }),
  );
  return {
    pid: child.pid!,
    output: () => output,
    running: () => exit === undefined,
    exited,
    kill: async (signal = 'SIGKILL') => {
      if (exit === undefined) child.kill(signal);
      return exited;
    },
    children: () => childPids(child.pid!),
  };
}

/** The live child processes of a process (Linux). */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Whether a process is still there (a zombie waiting for its parent counts as gone). */
export function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Runs assertions; when they fail, the error also shows the tail of each process's output. */
export async function explainedBy<T>(processes: IngestProcess[], assertions: () => T | Promise<T>): Promise<T> {
  try {
    return await assertions();
  } catch (error) {
    if (error instanceof Error) {
      const tails = processes.map((p) => `\n\n--- ingest pid ${p.pid} (${p.running() ? 'running' : 'exited'}), last 2,000 characters of output ---\n${p.output().slice(-2_000)}`);
      error.message += tails.join('');
    }
    throw error;
  }
}

/**
 * Polls until `done` holds or the time is up, and returns the last value either way, so the
 * assertion that follows says what was seen. A probe that throws counts as "not yet" (a
 * dependency may be down on purpose); if it never answered, its last error is thrown.
 */
export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: { value: T } | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = { value: await probe() };
      if (done(last.value)) return last.value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      if (last) return last.value;
      throw lastError;
    }
    await sleep(intervalMs);
  }
}

/** A TCP port free on 127.0.0.1 right now, other than those in `besides`. */
export async function freePort(besides: number[] = []): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
      });
    });
    if (!besides.includes(port)) return port;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---- the event mix -----------------------------------------------------------------------------

export type InboundTopicKey = Extract<TopicKey, 'tickets' | 'warrantyClaims' | 'complaints'>;

export const inboundTopicKeys: InboundTopicKey[] = ['tickets', 'warrantyClaims', 'complaints'];

export function inboundTopics(prefix: string): string[] {
  return inboundTopicKeys.map((key) => topicName(key, prefix));
}

export interface InboundMessage {
  topicKey: InboundTopicKey;
  key: string;
  value: Buffer;
  malformed: boolean;
}

export interface InboundMix {
  messages: InboundMessage[];
  /** Source ids of the distinct valid events: what must end up stored, each exactly once. */
  sourceIds: string[];
  malformed: number;
  duplicates: number;
}

const makers: Array<[InboundTopicKey, () => Record<string, unknown>]> = [
  ['tickets', aTicket],
  ['complaints', aComplaint],
  ['warrantyClaims', aWarrantyClaim],
];

/**
 * Valid events of the three kinds in turn; a share of them re-sent a little later (as a sender
 * retrying would); malformed tickets (every rejection code in turn) spread evenly among them.
 */
export function anInboundMix({ valid = 1_000, duplicateShare = 0.05, malformed = 0 } = {}): InboundMix {
  const messages: InboundMessage[] = [];
  const validMessages: InboundMessage[] = [];
  const sourceIds: string[] = [];
  const every = duplicateShare > 0 ? Math.round(1 / duplicateShare) : Infinity;
  const malformedEvery = malformed > 0 ? Math.floor(valid / malformed) : Infinity;
  const bad = malformedTickets();
  let duplicates = 0;
  let malformedMade = 0;
  for (let i = 0; i < valid; i++) {
    const [topicKey, make] = makers[i % makers.length]!;
    const event = make();
    sourceIds.push(String(event.id));
    const message: InboundMessage = { topicKey, key: String(event.id), value: Buffer.from(JSON.stringify(event)), malformed: false };
    messages.push(message);
    validMessages.push(message);
    if (i % every === every - 1) {
      // A re-send of an event some 50 messages back: often already stored, sometimes in the same batch.
      const earlier = validMessages[Math.max(0, validMessages.length - 50)]!;
      messages.push({ ...earlier });
      duplicates++;
    }
    if (i % malformedEvery === malformedEvery - 1 && malformedMade < malformed) {
      messages.push({ topicKey: 'tickets', key: `bad-${malformedMade}`, value: bad[malformedMade % bad.length]!.value, malformed: true });
      malformedMade++;
    }
  }
  return { messages, sourceIds, malformed: malformedMade, duplicates };
}

/** "topic/partition/offset" of one message. */
export type MessageAddress = string;

/**
 * Produces the messages in order, spread round-robin over each topic's partitions, and returns
 * where each malformed one landed (from the offsets the broker assigned).
 */
export async function produceInbound(producer: Producer, prefix: string, messages: InboundMessage[], partitions: number, chunk = 2_000): Promise<MessageAddress[]> {
  const next = new Map<string, number>();
  const malformedAt: MessageAddress[] = [];
  for (let start = 0; start < messages.length; start += chunk) {
    const slice = messages.slice(start, start + chunk);
    const byTopic = new Map<string, TopicMessages>();
    // Per topic-partition, in send order: whether each message is malformed.
    const order = new Map<string, boolean[]>();
    for (const m of slice) {
      const topic = topicName(m.topicKey, prefix);
      const partition = next.get(topic) ?? 0;
      next.set(topic, (partition + 1) % partitions);
      let group = byTopic.get(topic);
      if (!group) byTopic.set(topic, (group = { topic, messages: [] }));
      group.messages.push({ key: m.key, value: m.value, partition });
      const tp = `${topic}/${partition}`;
      if (!order.has(tp)) order.set(tp, []);
      order.get(tp)!.push(m.malformed);
    }
    const written = await producer.sendBatch({ acks: -1, topicMessages: [...byTopic.values()] });
    for (const record of written) {
      const tp = `${record.topicName}/${record.partition}`;
      const base = BigInt(record.baseOffset ?? record.offset ?? '-1');
      if (base < 0n) throw new Error(`the broker gave no offset for ${tp}`);
      order.get(tp)?.forEach((isMalformed, i) => isMalformed && malformedAt.push(`${tp}/${base + BigInt(i)}`));
    }
  }
  return malformedAt;
}

// ---- progress, as seen from outside ----------------------------------------------------------

export interface StoredSummary {
  rows: number;
  distinctKeys: number;
}

export async function storedSummary(db: pg.Pool): Promise<StoredSummary> {
  const { rows } = await db.query<{ rows: string; keys: string }>('SELECT count(*) AS rows, count(DISTINCT (kind, source, source_id)) AS keys FROM contacts');
  return { rows: Number(rows[0]!.rows), distinctKeys: Number(rows[0]!.keys) };
}

export async function storedCount(db: pg.Pool): Promise<number> {
  return Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM contacts')).rows[0]!.n);
}

export async function storedSourceIds(db: pg.Pool): Promise<string[]> {
  const { rows } = await db.query<{ source_id: string }>('SELECT source_id FROM contacts');
  return rows.map((r) => r.source_id).sort();
}

export function ingestGroupId(prefix: string): string {
  return `${prefix}frictionlens.ingest`;
}

/**
 * Messages of the topics not yet committed by the group (end offset minus committed offset,
 * summed over partitions). 0 means every message was stored or dead-lettered and then committed.
 */
export async function uncommitted(admin: Admin, groupId: string, topics: string[]): Promise<number> {
  const committed = await admin.fetchOffsets({ groupId, topics });
  let behind = 0n;
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
    for (const end of ends) {
      const offset = BigInt(mine.find((p) => p.partition === end.partition)?.offset ?? '-1');
      behind += BigInt(end.high) - (offset < 0n ? BigInt(end.low) : offset);
    }
  }
  return Number(behind);
}

/** Every message now in the topic, read once from the beginning by a throwaway group. */
export async function readTopic(kafka: Kafka, topic: string, timeoutMs = 30_000): Promise<KafkaMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(ends.filter((e) => BigInt(e.high) > BigInt(e.low)).map((e) => [e.partition, BigInt(e.high)]));
  const messages: KafkaMessage[] = [];
  if (remaining.size === 0) return messages;
  const consumer = kafka.consumer({ groupId: `${topic}.reader.${randomBytes(3).toString('hex')}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${messages.length} messages of ${topic}; the rest did not arrive within ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            messages.push(...batch.messages);
            const end = remaining.get(batch.partition);
            if (end !== undefined && BigInt(batch.lastOffset()) + 1n >= end) remaining.delete(batch.partition);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

// ---- comparing what came out with what went in -----------------------------------------------

/** Counts of what is in `actual` but not `expected` and the other way round, with a few examples. */
export function difference(expected: Iterable<string>, actual: Iterable<string>) {
  const want = new Set(expected);
  const have = new Set(actual);
  const missing = [...want].filter((x) => !have.has(x));
  const unexpected = [...have].filter((x) => !want.has(x));
  return { missing: missing.length, unexpected: unexpected.length, examples: [...missing, ...unexpected].slice(0, 5) };
}

export const noDifference = { missing: 0, unexpected: 0, examples: [] };

/** Where a dead-lettered message came from, as "topic/partition/offset" (from its headers). */
export function sourceAddress(message: KafkaMessage): string {
  const header = (name: string) => message.headers?.[name]?.toString() ?? '?';
  return `${header(DeadLetterHeaders.topic)}/${header(DeadLetterHeaders.partition)}/${header(DeadLetterHeaders.offset)}`;
}
