import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { discoverThemes, lsaEmbeddings, matrixOf, type Discovery, type DiscoveryOptions, type DiscoveryProgress, type EmbeddingMatrix } from '@frictionlens/nlp';

const workerFile = fileURLToPath(new URL('./discover.worker.js', import.meta.url));

/** What is clustered: the contacts' embeddings, or texts to fit TF-IDF/LSA to (the contacts' first). */
export type DiscoverySpace = { matrix: EmbeddingMatrix } | { lsaOf: readonly string[] };

type WorkerMessage =
  | { type: 'progress'; progress: DiscoveryProgress }
  | { type: 'done'; discovery: Discovery; data: Float32Array; dimensions: number }
  | { type: 'failed'; message: string };

/**
 * discoverThemes over `texts` (the contacts) on a worker thread, with its progress reported here
 * and the signal passed on; without an encoder the thread also fits TF-IDF/LSA to `lsaOf`. The
 * vectors are moved to the thread and back, not copied (20,000 × 384 floats are 30 MB): use the
 * matrix returned (every row: the contacts', then with LSA the other texts'), not the one given.
 * Where the compiled worker is not there (TypeScript run directly, as the tests do) it runs on
 * the calling thread, yielding between k-means passes.
 */
export async function discoverOffThread(space: DiscoverySpace, texts: readonly string[], options: DiscoveryOptions = {}): Promise<{ discovery: Discovery; matrix: EmbeddingMatrix }> {
  if (!existsSync(workerFile)) {
    const all = 'matrix' in space ? space.matrix : lsaEmbeddings(space.lsaOf);
    const contacts = matrixOf(all.data.subarray(0, texts.length * all.dimensions), all.dimensions);
    return { discovery: await discoverThemes(contacts, texts, options), matrix: all };
  }
  const { signal, onProgress, ...settings } = options;
  signal?.throwIfAborted();
  const moved = 'matrix' in space ? ownBuffer(space.matrix) : undefined;
  const workerData = moved ? { ...moved, texts, settings } : { lsaOf: (space as { lsaOf: readonly string[] }).lsaOf, texts, settings };
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData, transferList: moved ? [moved.data.buffer as ArrayBuffer] : [] });
    const stop = () => worker.postMessage({ type: 'abort' });
    signal?.addEventListener('abort', stop, { once: true });
    let outcome: { discovery: Discovery; matrix: EmbeddingMatrix } | { error: Error } | undefined;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'done') outcome = { discovery: message.discovery, matrix: matrixOf(message.data, message.dimensions) };
      else outcome = { error: signal?.aborted ? (signal.reason as Error) : new Error(message.message) };
    });
    worker.once('error', (error) => (outcome = { error }));
    worker.once('exit', (code) => {
      signal?.removeEventListener('abort', stop);
      if (outcome && 'discovery' in outcome) resolve(outcome);
      else reject(outcome?.error ?? new Error(`the discovery worker exited with code ${code} before finishing`));
    });
  });
}

// Only a buffer of its own can be moved; a view into a larger one is copied first.
function ownBuffer(matrix: EmbeddingMatrix): { data: Float32Array; dimensions: number } {
  const own = matrix.data.byteOffset === 0 && matrix.data.byteLength === matrix.data.buffer.byteLength;
  return { data: own ? matrix.data : matrix.data.slice(), dimensions: matrix.dimensions };
}
