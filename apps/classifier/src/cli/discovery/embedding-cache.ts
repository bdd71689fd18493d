import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Encoder } from '@frictionlens/nlp';

// Texts per embed call: a multiple of the encoder's window (32), so the vectors are those of one
// call over every text, with progress in between.
const EMBED_CHUNK = 1024;

export interface EmbeddedTexts {
  /** Row-major, one unit-length row per text. */
  matrix: Float32Array;
  dimensions: number;
  /** True when the vectors came from the cache folder. */
  cached: boolean;
}

/**
 * Embeds texts once per (encoder, texts): the vectors are kept in `folder` as raw float32
 * (little-endian, as on every platform Node runs on here) named by the SHA-256 of the encoder's
 * checksum and the texts, so a second evaluation of the same file does not run the encoder again.
 */
export async function embedWithCache(
  encoder: Encoder,
  texts: readonly string[],
  folder: string | undefined,
  onProgress: (done: number, total: number) => void,
): Promise<EmbeddedTexts> {
  const dimensions = encoder.dimensions;
  const key = createHash('sha256').update(encoder.checksum).update('\n').update(texts.join('\u0000')).digest('hex').slice(0, 32);
  const file = folder && join(folder, `${encoder.name}-${key}.f32`);
  if (file) {
    const bytes = await readFile(file).catch(() => undefined);
    if (bytes && bytes.byteLength === texts.length * dimensions * 4) {
      const matrix = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      return { matrix, dimensions, cached: true };
    }
  }
  const matrix = new Float32Array(texts.length * dimensions);
  for (let start = 0; start < texts.length; start += EMBED_CHUNK) {
    onProgress(start, texts.length);
    const vectors = await encoder.embed(texts.slice(start, start + EMBED_CHUNK));
    vectors.forEach((vector, i) => matrix.set(vector, (start + i) * dimensions));
  }
  onProgress(texts.length, texts.length);
  if (file && folder) {
    await mkdir(folder, { recursive: true });
    await writeFile(`${file}.part`, new Uint8Array(matrix.buffer));
    await rename(`${file}.part`, file);
    await writeFile(`${file}.json`, JSON.stringify({ encoder: encoder.name, checksum: encoder.checksum, count: texts.length, dimensions }));
  }
  return { matrix, dimensions, cached: false };
}
