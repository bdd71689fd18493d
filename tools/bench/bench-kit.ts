import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SingleBar, Presets } from 'cli-progress';
import type { Admin } from 'kafkajs';
import pg from 'pg';
import { createDataSource } from '@frictionlens/persistence';

// Shared by the benchmark scripts: child services, progress bars, Kafka offsets, percentiles.

export function progressBar(label: string, total: number): SingleBar {
  const bar = new SingleBar(
    { format: `${label.padEnd(28)} [{bar}] {percentage}% | {value}/{total} | {rate}/s | {duration_formatted}`, hideCursor: true, noTTYOutput: true, notTTYSchedule: 5_000 },
    Presets.shades_classic,
  );
  bar.start(total, 0, { rate: 0 });
  const started = Date.now();
  const update = bar.update.bind(bar);
  bar.update = ((value: number, payload?: object) => update(value, { ...payload, rate: Math.round(value / Math.max(0.001, (Date.now() - started) / 1_000)) })) as typeof bar.update;
  return bar;
}

export interface ChildService {
  process: ChildProcess;
  /** Peak resident set size (VmHWM) of the child so far, in MB, summed over its processes (a clustered service has several). */
  peakRssMb(): number;
  /** CPU time (user + system) the child and its processes have used, in seconds. */
  cpuSeconds(): number;
  output(): string;
  stop(): Promise<void>;
}

/** Runs a compiled entry point (path relative to dist/) as a child process, as it runs in production. */
export function spawnService(distPath: string, env: Record<string, string>): ChildService {
  const entry = fileURLToPath(new URL(`../../${distPath}`, import.meta.url));
  // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the service under load
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, entry], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return {
    process: child,
    peakRssMb: () => {
      const kb = processTree(child.pid!).reduce((sum, pid) => sum + Number(readProc(pid, 'status')?.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0), 0);
      return kb ? Math.round(kb / 1024) : NaN;
    },
    cpuSeconds: () => {
      // utime + stime of each live process, and cutime + cstime: what its children that have
      // already exited and been waited for used (a replaced cluster worker, say).
      const ticks = processTree(child.pid!).reduce((sum, pid) => {
        const fields = readProc(pid, 'stat')?.split(') ')[1]?.split(' ');
        return fields ? sum + [11, 12, 13, 14].reduce((t, i) => t + Number(fields[i]), 0) : sum;
      }, 0);
      return ticks ? ticks / 100 : NaN; // clock ticks of 1/100 s
    },
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

function readProc(pid: number, file: 'stat' | 'status'): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** The process and its live descendants (from each process's parent id in /proc). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = Number(readProc(Number(entry), 'stat')?.split(') ')[1]?.split(' ')[1]);
    if (!Number.isNaN(parent)) children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const tree: number[] = [];
  for (const queue = [root]; queue.length > 0; ) {
    const pid = queue.pop()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** Messages a consumer group has committed across the topics (all partitions). */
export async function committedMessages(admin: Admin, groupId: string, topics: string[]): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      const offsets = await admin.fetchOffsets({ groupId, topics });
      return offsets.flatMap((t) => t.partitions).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    } catch (error) {
      // Right after a group forms the coordinator may still be loading; kafkajs does not retry this call.
      if (attempt >= 20) throw error;
      await sleep(250);
    }
  }
}

/** Messages on the topics (sum of end offsets). */
export async function topicMessages(admin: Admin, topics: string[]): Promise<number> {
  let total = 0;
  for (const topic of topics) {
    const offsets = await admin.fetchTopicOffsets(topic);
    total += offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  }
  return total;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** The same server's URL for another database. */
export function databaseUrlOf(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A database of its own for one benchmark run on the server, with the migrations applied. */
export async function createBenchDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = databaseUrlOf(serverUrl, name);
  const dataSource = createDataSource(url, { logging: ['error'] });
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();
  return url;
}

export async function dropBenchDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
