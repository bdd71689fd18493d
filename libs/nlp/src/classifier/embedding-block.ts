import type { EncoderIdentity } from '../encoder/encoder-identity.js';
import type { TermWeight } from './explain.js';

/**
 * The sentence-embedding part of a model: the text's embedding, scaled by `scale`, sits beside
 * the TF-IDF features with weights of its own (the `encoder` kind of model).
 */
export interface EmbeddingBlock {
  /** The encoder the model was trained with; only its embeddings fit the weights. */
  readonly encoder: EncoderIdentity;
  /** α: the embedding's length beside the TF-IDF blocks (each of length 1). */
  readonly scale: number;
  /** One weight per (dimension, class), dimension-major like LinearModel.weights. */
  readonly weights: Float32Array;
}

/** The term that stands for what the embedding added to a decision. */
export const MEANING_TERM = '(meaning of the whole text)';

/** A prediction of an encoder model was asked for without the text's embedding, or with a wrong one. */
export class EmbeddingMismatchError extends Error {}

export function assertEmbeddingFits(block: { readonly encoder: EncoderIdentity }, embedding: Float32Array | undefined): asserts embedding is Float32Array {
  const { name, dimensions } = block.encoder;
  if (!embedding) throw new EmbeddingMismatchError(`this model needs each text's embedding by the sentence encoder "${name}": predict(text, { embedding })`);
  if (embedding.length !== dimensions) throw new EmbeddingMismatchError(`the embedding has ${embedding.length} dimensions; "${name}" gives ${dimensions}`);
}

/** Adds the block's decision values to `scores` (the first `classes` of them, one per class). */
export function addEmbeddingScores(block: EmbeddingBlock, embedding: Float32Array, scores: Float64Array, classes = scores.length): void {
  const { weights, scale } = block;
  for (let d = 0; d < embedding.length; d++) {
    const x = scale * embedding[d]!;
    const base = d * classes;
    for (let k = 0; k < classes; k++) scores[k]! += x * weights[base + k]!;
  }
}

/** What the embedding added to class k. */
export function embeddingWeightOf(block: EmbeddingBlock, embedding: Float32Array, k: number, classes: number): number {
  let sum = 0;
  for (let d = 0; d < embedding.length; d++) sum += embedding[d]! * block.weights[d * classes + k]!;
  return block.scale * sum;
}

/** The words' terms with the meaning term in its place by weight (when it pushed the label up). */
export function withMeaningTerm(terms: TermWeight[], weight: number, limit: number): TermWeight[] {
  if (limit <= 0 || weight <= 0) return terms;
  const at = terms.findIndex((t) => t.weight < weight);
  const merged = [...terms];
  merged.splice(at < 0 ? merged.length : at, 0, { term: MEANING_TERM, weight });
  return merged.slice(0, limit);
}
