import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The compiled classifier runs discovery's clustering on a worker thread (npm test builds first,
// as the classifier-encoder test needs): the worker's themes come back, its progress reaches the
// caller, the embeddings come back (moved, not copied), an aborted signal stops it with the
// signal's reason, and without embeddings it fits TF-IDF/LSA to the texts on the thread.
const ENTRY = resolve('dist/apps/classifier/src/discovery/discover-off-thread.js');

const SCRIPT = `
import { discoverOffThread } from ${JSON.stringify(ENTRY)};
// Three tight groups of 40 points on the axes of a 3-d space.
const rows = 120, dimensions = 3, data = new Float32Array(rows * dimensions);
for (let i = 0; i < rows; i++) { data[i * 3 + (i % 3)] = 1; data[i * 3 + ((i + 1) % 3)] = 0.05 * ((i * 7) % 5); }
const texts = Array.from({ length: rows }, (_, i) => ['card arrived late', 'pin change help', 'refund missing'][i % 3] + ' ' + i);
const stages = new Set();
const { discovery, matrix } = await discoverOffThread({ matrix: { data, rows, dimensions } }, texts, { minThemeSize: 5, onProgress: (p) => stages.add(p.stage) });
const back = matrix.data.length === rows * dimensions && matrix.data[3 * 7 + 1] === 1 && data.length === 0;
const aborted = new AbortController();
const cancelled = discoverOffThread({ matrix }, texts, { signal: aborted.signal }).then(() => 'finished', (e) => e.message);
aborted.abort(new Error('stop here'));
// Without an encoder the thread fits TF-IDF/LSA to the texts (and to the extra ones after them) itself.
const extra = ['card arrived late again', 'pin change help please'];
const lsa = await discoverOffThread({ lsaOf: [...texts, ...extra] }, texts, { minThemeSize: 5 });
const lsaRows = lsa.matrix.rows === rows + extra.length && lsa.discovery.assignments.length === rows;
console.log(JSON.stringify({ themes: discovery.themes.map((t) => t.members.map((r) => r % 3)), stages: [...stages], cancelled: await cancelled, back, lsaRows, lsaThemes: lsa.discovery.themes.length }));
`;

describe('discovery on a worker thread (compiled)', () => {
  it('returns the themes with progress, and stops when the signal is aborted', () => {
    expect(existsSync(ENTRY)).toBe(true);
    const { NODE_OPTIONS: _nodeOptions, ...env } = process.env;
    // A script file, not --eval: the worker inherits the parent's execArgv.
    const folder = mkdtempSync(join(tmpdir(), 'discovery-worker-'));
    const script = join(folder, 'run.mjs');
    writeFileSync(script, SCRIPT);
    const child = spawnSync(process.execPath, [script], { env, encoding: 'utf8', timeout: 60_000 });
    rmSync(folder, { recursive: true, force: true });
    expect({ status: child.status, stderr: child.stderr.includes('Error') ? child.stderr : '' }).toEqual({ status: 0, stderr: '' });
    const result = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { themes: number[][]; stages: string[]; cancelled: string; back: boolean; lsaRows: boolean; lsaThemes: number };
    expect(result.themes).toHaveLength(3);
    for (const members of result.themes) expect(new Set(members).size).toBe(1);
    expect(result.stages).toEqual(expect.arrayContaining(['clustering', 'naming']));
    expect(result.stages.at(-1)).toBe('naming');
    expect(result.cancelled).toBe('stop here');
    // The embeddings were moved to the thread and back, not copied.
    expect(result.back).toBe(true);
    expect(result.lsaRows).toBe(true);
    expect(result.lsaThemes).toBeGreaterThan(0);
  });
});
