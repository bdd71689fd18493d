import { parentPort, workerData } from 'node:worker_threads';
import { trainModel } from './train-model.js';
import type { TrainingInput } from './training-plan.js';

// Training takes seconds of CPU (embedding the new examples, then the SVMs); on a worker thread
// it leaves the service's event loop free to keep its Kafka group membership and answer /health.
const input = workerData as TrainingInput;
const model = await trainModel(input, (progress) => parentPort!.postMessage({ type: 'progress', progress }));
// The embeddings are copied (a few MB); only the artefact's buffer is surely its own to hand over.
parentPort!.postMessage({ type: 'done', model }, [model.artefact.buffer as ArrayBuffer]);
