import { parentPort, workerData } from 'node:worker_threads';
import { discoverThemes, matrixOf, type DiscoveryOptions } from '@frictionlens/nlp';

// Clustering 20,000 contacts is minutes of CPU; on a worker thread it leaves the classifier's
// event loop free to keep its Kafka group membership, classify and answer /health.
const input = workerData as { data: Float32Array; dimensions: number; texts: string[]; settings: Omit<DiscoveryOptions, 'signal' | 'onProgress'> };
const abort = new AbortController();
parentPort!.on('message', (message: { type: string }) => {
  if (message.type === 'abort') abort.abort(new Error('cancelled'));
});
try {
  const discovery = await discoverThemes(matrixOf(input.data, input.dimensions), input.texts, {
    ...input.settings,
    signal: abort.signal,
    onProgress: (progress) => parentPort!.postMessage({ type: 'progress', progress }),
  });
  // The embeddings go back to the caller as they came: moved, not copied.
  parentPort!.postMessage({ type: 'done', discovery, data: input.data }, [input.data.buffer as ArrayBuffer]);
} catch (error) {
  parentPort!.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
parentPort!.close();
