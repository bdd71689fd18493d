import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { modelKindOf } from './model-kinds.js';

// Child of servingPeakRssMb: load one stored model as a service would, classify the texts in
// batches of 32, print this process's peak resident memory as JSON.
const [modelName, encoder, modelsFolder, folder, secondOpinion] = process.argv.slice(2) as [string, string, string, string, string | undefined];
const bytes = await readFile(join(folder, 'model.bin'));
const texts = JSON.parse(await readFile(join(folder, 'texts.json'), 'utf8')) as string[];
const model = await modelKindOf(modelName, { encoder, modelsFolder, ...(secondOpinion && { secondOpinion }) }).load(new Uint8Array(bytes));
for (let start = 0; start < texts.length; start += 32) await model.predictBatch(texts.slice(start, start + 32));
await model.close();
process.stdout.write(JSON.stringify({ peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
