import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ModelKindSettings } from './model-kind.js';

// Enough texts to fill the word caches and the ONNX arena as a running service would.
const TEXTS = 1000;

/**
 * The peak resident memory of a fresh process that only loads the stored model (and its encoder)
 * and classifies texts in batches of 32: what the classifier service needs, without the training
 * this process did. Runs the compiled child script, so only from the built CLI.
 */
export async function servingPeakRssMb(modelName: string, settings: ModelKindSettings, bytes: Uint8Array, texts: readonly string[]): Promise<number> {
  const folder = await mkdtemp(join(tmpdir(), 'frictionlens-serving-'));
  try {
    await writeFile(join(folder, 'model.bin'), bytes);
    await writeFile(join(folder, 'texts.json'), JSON.stringify(texts.slice(0, TEXTS)));
    const child = fileURLToPath(new URL('./serving-footprint.child.js', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [child, modelName, settings.encoder, settings.modelsFolder, folder, ...(settings.secondOpinion ? [settings.secondOpinion] : [])]);
    return (JSON.parse(stdout) as { peakRssMb: number }).peakRssMb;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
