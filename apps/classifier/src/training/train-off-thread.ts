import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { trainModel } from './train-model.js';
import type { TrainedModel, TrainingInput, TrainingProgress } from './training-plan.js';

const workerFile = fileURLToPath(new URL('./train.worker.js', import.meta.url));

type WorkerMessage = { type: 'progress'; progress: Parameters<TrainingProgress>[0] } | { type: 'done'; model: TrainedModel };

/**
 * Trains on a worker thread. Where the compiled worker is not there (TypeScript run directly,
 * as the unit tests do) it trains on the calling thread instead.
 */
export function trainOffThread(input: TrainingInput, onProgress: TrainingProgress = () => undefined): Promise<TrainedModel> {
  if (!existsSync(workerFile)) return trainModel(input, onProgress);
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: input });
    let result: TrainedModel | undefined;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress(message.progress);
      else result = { ...message.model, artefact: new Uint8Array(message.model.artefact) };
    });
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`the training worker exited with code ${code} before finishing`))));
  });
}
