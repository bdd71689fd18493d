import { parentPort, workerData } from 'node:worker_threads';
import { discoverThemes, lsaEmbeddings, matrixOf, type DiscoveryOptions } from '@frictionlens/nlp';

// Clustering 20,000 contacts is a minute or more of CPU (and TF-IDF/LSA over their texts, without
// an encoder, several seconds); on a worker thread it leaves the classifier's event loop free to
// keep its Kafka group membership, classify and answer /health.
const input = workerData as {
  data?: Float32Array;
  dimensions?: number;
  lsaOf?: string[];
  texts: string[];
  settings: Omit<DiscoveryOptions, 'signal' | 'onProgress'>;
};
const abort = new AbortController();
parentPort!.on('message', (message: { type: string }) => {
  if (message.type === 'abort') abort.abort(new Error('cancelled'));
});
try {
  const all = input.lsaOf ? lsaEmbeddings(input.lsaOf) : matrixOf(input.data!, input.dimensions!);
  // The contacts are the first rows (with LSA, the categories' references follow them).
  const contacts = matrixOf(all.data.subarray(0, input.texts.length * all.dimensions), all.dimensions);
  // The rows are this thread's own (moved here, or just fitted), so they are centred in place rather
  // than copied, and restored before they go back.
  const discovery = await discoverThemes(contacts, input.texts, {
    ...input.settings,
    centreInPlace: true,
    signal: abort.signal,
    onProgress: (progress) => parentPort!.postMessage({ type: 'progress', progress }),
  });
  // The vectors go back to the caller moved, not copied.
  parentPort!.postMessage({ type: 'done', discovery, data: all.data, dimensions: all.dimensions }, [all.data.buffer as ArrayBuffer]);
} catch (error) {
  parentPort!.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
parentPort!.close();
