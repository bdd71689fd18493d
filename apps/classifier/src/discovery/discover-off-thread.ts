import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { discoverThemes, type Discovery, type DiscoveryOptions, type DiscoveryProgress, type EmbeddingMatrix } from '@frictionlens/nlp';

const workerFile = fileURLToPath(new URL('./discover.worker.js', import.meta.url));

type WorkerMessage = { type: 'progress'; progress: DiscoveryProgress } | { type: 'done'; discovery: Discovery; data: Float32Array } | { type: 'failed'; message: string };

/**
 * discoverThemes on a worker thread, with its progress reported here and the signal passed on.
 * The embeddings are moved to the thread and back, not copied (20,000 × 384 floats are 30 MB):
 * use the matrix returned, not the one given. Where the compiled worker is not there (TypeScript
 * run directly, as the tests do) it runs on the calling thread, yielding between k-means passes.
 */
export async function discoverOffThread(matrix: EmbeddingMatrix, texts: readonly string[], options: DiscoveryOptions = {}): Promise<{ discovery: Discovery; matrix: EmbeddingMatrix }> {
  if (!existsSync(workerFile)) return { discovery: await discoverThemes(matrix, texts, options), matrix };
  const { signal, onProgress, ...settings } = options;
  signal?.throwIfAborted();
  // Only a buffer of its own can be moved; a view into a larger one is copied first.
  const data = matrix.data.byteOffset === 0 && matrix.data.byteLength === matrix.data.buffer.byteLength ? matrix.data : matrix.data.slice();
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: { data, dimensions: matrix.dimensions, texts, settings }, transferList: [data.buffer as ArrayBuffer] });
    const stop = () => worker.postMessage({ type: 'abort' });
    signal?.addEventListener('abort', stop, { once: true });
    let outcome: { discovery: Discovery; data: Float32Array } | { error: Error } | undefined;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'done') outcome = { discovery: message.discovery, data: message.data };
      else outcome = { error: signal?.aborted ? (signal.reason as Error) : new Error(message.message) };
    });
    worker.once('error', (error) => (outcome = { error }));
    worker.once('exit', (code) => {
      signal?.removeEventListener('abort', stop);
      if (outcome && 'discovery' in outcome) resolve({ discovery: outcome.discovery, matrix: { data: outcome.data, rows: matrix.rows, dimensions: matrix.dimensions } });
      else reject(outcome?.error ?? new Error(`the discovery worker exited with code ${code} before finishing`));
    });
  });
}
