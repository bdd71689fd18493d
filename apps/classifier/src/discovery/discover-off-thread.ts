import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { discoverThemes, type Discovery, type DiscoveryOptions, type DiscoveryProgress, type EmbeddingMatrix } from '@frictionlens/nlp';

const workerFile = fileURLToPath(new URL('./discover.worker.js', import.meta.url));

type WorkerMessage = { type: 'progress'; progress: DiscoveryProgress } | { type: 'done'; discovery: Discovery } | { type: 'failed'; message: string };

/**
 * discoverThemes on a worker thread (the embeddings are copied to it), with its progress reported
 * here and the signal passed on. Where the compiled worker is not there (TypeScript run directly,
 * as the tests do) it runs on the calling thread, yielding between k-means passes.
 */
export function discoverOffThread(matrix: EmbeddingMatrix, texts: readonly string[], options: DiscoveryOptions = {}): Promise<Discovery> {
  if (!existsSync(workerFile)) return discoverThemes(matrix, texts, options);
  const { signal, onProgress, ...settings } = options;
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: { data: matrix.data, dimensions: matrix.dimensions, texts, settings } });
    const stop = () => worker.postMessage({ type: 'abort' });
    signal?.addEventListener('abort', stop, { once: true });
    let outcome: { discovery: Discovery } | { error: Error } | undefined;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'done') outcome = { discovery: message.discovery };
      else outcome = { error: signal?.aborted ? (signal.reason as Error) : new Error(message.message) };
    });
    worker.once('error', (error) => (outcome = { error }));
    worker.once('exit', (code) => {
      signal?.removeEventListener('abort', stop);
      if (outcome && 'discovery' in outcome) resolve(outcome.discovery);
      else reject(outcome?.error ?? new Error(`the discovery worker exited with code ${code} before finishing`));
    });
  });
}
