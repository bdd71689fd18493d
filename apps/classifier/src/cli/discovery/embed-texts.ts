import { EncoderNotFoundError, loadEncoder, lsaEmbeddings, matrixOf, type EmbeddingMatrix } from '@frictionlens/nlp';
import { embedWithCache } from './embedding-cache.js';
import type { StageProgress } from '../evaluate/evaluate-progress.js';

export interface EmbeddedCollection {
  matrix: EmbeddingMatrix;
  /** The encoder's name, or "tf-idf+lsa". */
  representation: string;
  cached: boolean;
  seconds: number;
}

/**
 * Vectors for discovery: the sentence encoder's (kept in the cache folder), or TF-IDF/LSA ones
 * when the encoder is "none" or its files are not there (said on stderr).
 */
export async function embedTexts(texts: readonly string[], encoderName: string, modelsFolder: string, cache: string | undefined, progress: StageProgress): Promise<EmbeddedCollection> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  if (encoderName !== 'none') {
    try {
      const encoder = await loadEncoder({ name: encoderName, folder: modelsFolder });
      try {
        const { matrix, dimensions, cached } = await embedWithCache(encoder, texts, cache, (done, total) => progress({ stage: `embeddings (${encoder.name})`, done, total }));
        progress.stop();
        return { matrix: matrixOf(matrix, dimensions), representation: encoder.name, cached, seconds: seconds() };
      } finally {
        await encoder.close();
      }
    } catch (error) {
      if (!(error instanceof EncoderNotFoundError)) throw error;
      console.error(`evaluate:discovery: ${error.message}; using TF-IDF/LSA vectors instead`);
    }
  }
  return { matrix: lsaEmbeddings(texts), representation: 'tf-idf+lsa', cached: false, seconds: seconds() };
}
