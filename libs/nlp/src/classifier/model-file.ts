import { createHash } from 'node:crypto';
import type { FeatureOptions } from '../features/feature-options.js';
import { vocabularyFromTerms } from '../features/vocabulary.js';
import { OPEN_SET_FEATURE_COUNT, type OpenSetModel } from '../models/open-set.js';
import { dequantiseWeights } from '../models/quantise.js';
import type { KeywordRule } from '../rules/keyword-rules.js';
import type { ClassifierState, ZeroShotBlock } from './classifier-state.js';
import type { EmbeddingBlock } from './embedding-block.js';

// Layout: "FLTC", u16 version, u16 0, then length-prefixed (u32) sections: JSON header, the
// vocabulary's terms joined by "\n" (no term holds one), then 4-byte aligned float32 idf, biases,
// scales and the int8 weight codes. Little-endian: lengths explicitly, float arrays as the
// machine lays them out, which is little-endian on every platform Node supports in practice.
// Version 2 is version 1 plus a float32 section of embedding weights (an `encoder` model, whose
// header names the encoder); a model without them is still written as version 1, byte for byte.
// A version 2 model may also carry the open-set decision: `openSet` in the header (logistic
// weights, threshold) and one more float32 section of class centroids after the embedding
// weights. Readers that predate it ignore both; a model without it reads and behaves as before.
// Version 3 adds categories scored by their description (`zeroShot` in the header: the encoder,
// how many labels, the map onto decision values) with a float32 section of their prototypes last.
// Its embedding section is there only when the header names an embedding (a model of prototypes
// alone has no linear part). Only a model with such categories is written as version 3.
const MAGIC = [0x46, 0x4c, 0x54, 0x43];
export const MODEL_FORMAT_VERSION = 1;
const EMBEDDING_FORMAT_VERSION = 2;
const ZERO_SHOT_FORMAT_VERSION = 3;

interface Header {
  labels: string[];
  outOfScopeLabel: string | null;
  featureOptions: FeatureOptions;
  temperature: number;
  threshold: number;
  rules: KeywordRule[];
  wordCount: number;
  featureCount: number;
  hasModel: boolean;
  /** Version 2: the encoder the embedding weights belong to, and the embedding's scale. */
  embedding?: { encoder: string; checksum: string; dimensions: number; scale: number };
  /** Version 2, optional: the open-set decision's weights and threshold (its centroids follow the embedding weights). */
  openSet?: { weights: number[]; threshold: number };
  /** Version 3: categories scored by their prototypes (the last `count` labels). */
  zeroShot?: { encoder: string; checksum: string; dimensions: number; count: number; slope: number; offset: number };
}

/** A model file that is not one, is damaged, or was written by an unknown version. */
export class ModelFileError extends Error {}

/** Hex SHA-256 of a serialised model: names a model version in logs and stored classifications. */
export function modelChecksum(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function writeModelFile(state: ClassifierState): Uint8Array {
  const { vocabulary, model, quantised } = state;
  const header: Header = {
    labels: [...state.labels],
    outOfScopeLabel: state.outOfScopeLabel ?? null,
    featureOptions: state.featureOptions,
    temperature: state.temperature,
    threshold: state.threshold,
    rules: state.rules.map((rule) => ({ label: rule.label, phrases: [...rule.phrases] })),
    wordCount: vocabulary.words.size,
    featureCount: vocabulary.terms.length,
    hasModel: model !== undefined && quantised !== undefined,
    ...(state.embedding && { embedding: embeddingHeaderOf(state.embedding) }),
    ...(state.embedding && state.openSet && { openSet: { weights: [...state.openSet.weights], threshold: state.openSet.threshold } }),
    ...(state.zeroShot && { zeroShot: zeroShotHeaderOf(state.zeroShot) }),
  };
  const version = header.zeroShot ? ZERO_SHOT_FORMAT_VERSION : header.embedding ? EMBEDDING_FORMAT_VERSION : MODEL_FORMAT_VERSION;
  const parts: Uint8Array[] = [Uint8Array.from([...MAGIC, version, 0, 0, 0])];
  let size = 8;
  const push = (bytes: Uint8Array) => {
    parts.push(bytes);
    size += bytes.length;
  };
  const pushSection = (bytes: Uint8Array) => {
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, bytes.length, true);
    push(length);
    push(bytes);
    if (size % 4 !== 0) push(new Uint8Array(4 - (size % 4)));
  };
  pushSection(new TextEncoder().encode(JSON.stringify(header)));
  pushSection(new TextEncoder().encode(vocabulary.terms.join('\n')));
  pushSection(bytesOf(vocabulary.idf));
  if (header.hasModel) {
    pushSection(bytesOf(model!.biases));
    pushSection(bytesOf(quantised!.scales));
    pushSection(bytesOf(quantised!.codes));
  }
  if (state.embedding) pushSection(bytesOf(state.embedding.weights));
  if (header.openSet) pushSection(bytesOf(state.openSet!.centroids));
  if (state.zeroShot) pushSection(bytesOf(state.zeroShot.prototypes));
  const file = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    file.set(part, offset);
    offset += part.length;
  }
  return file;
}

export function readModelFile(bytes: Uint8Array): ClassifierState {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) throw new ModelFileError('not a FrictionLens text classifier model');
  const version = bytes[4]! | (bytes[5]! << 8);
  if (version !== MODEL_FORMAT_VERSION && version !== EMBEDDING_FORMAT_VERSION && version !== ZERO_SHOT_FORMAT_VERSION) {
    throw new ModelFileError(`model format version ${version} is not supported (expected ${MODEL_FORMAT_VERSION}, ${EMBEDDING_FORMAT_VERSION} or ${ZERO_SHOT_FORMAT_VERSION})`);
  }
  const reader = new SectionReader(bytes, 8);
  const header = JSON.parse(new TextDecoder().decode(reader.next())) as Header;
  const termsText = new TextDecoder().decode(reader.next());
  const terms = header.featureCount === 0 ? [] : termsText.split('\n');
  const idf = new Float32Array(copyOf(reader.next()).buffer);
  if (terms.length !== header.featureCount || idf.length !== header.featureCount) throw new ModelFileError('the model file is damaged (vocabulary size)');
  const vocabulary = vocabularyFromTerms(terms, header.wordCount, idf);
  const classes = header.labels.length - (version === ZERO_SHOT_FORMAT_VERSION ? (header.zeroShot?.count ?? 0) : 0);
  let model: ClassifierState['model'];
  let quantised: ClassifierState['quantised'];
  if (header.hasModel) {
    const biases = new Float32Array(copyOf(reader.next()).buffer);
    const scales = new Float32Array(copyOf(reader.next()).buffer);
    const codes = new Int8Array(copyOf(reader.next()).buffer);
    if (biases.length !== classes || scales.length !== classes || codes.length !== classes * header.featureCount) throw new ModelFileError('the model file is damaged (weights)');
    quantised = { codes, scales };
    model = { classes, features: header.featureCount, weights: dequantiseWeights(quantised, classes), biases };
  }
  const hasEmbedding = version === EMBEDDING_FORMAT_VERSION || (version === ZERO_SHOT_FORMAT_VERSION && header.embedding !== undefined);
  const embedding = hasEmbedding ? embeddingBlockOf(header, reader.next(), classes) : undefined;
  const openSet = embedding && header.openSet ? openSetOf(header.openSet, reader.next(), classes, embedding.encoder.dimensions) : undefined;
  const zeroShot = version === ZERO_SHOT_FORMAT_VERSION ? zeroShotBlockOf(header, reader.next()) : undefined;
  const { labels, featureOptions, temperature, threshold, rules } = header;
  return {
    labels,
    outOfScopeLabel: header.outOfScopeLabel ?? undefined,
    featureOptions,
    vocabulary,
    model,
    quantised,
    temperature,
    threshold,
    rules,
    ...(embedding && { embedding }),
    ...(openSet && { openSet }),
    ...(zeroShot && { zeroShot }),
  };
}

function zeroShotHeaderOf(block: ZeroShotBlock): NonNullable<Header['zeroShot']> {
  const { name, checksum, dimensions } = block.encoder;
  return { encoder: name, checksum, dimensions, count: block.prototypes.length / dimensions, slope: block.map.slope, offset: block.map.offset };
}

function zeroShotBlockOf(header: Header, section: Uint8Array): ZeroShotBlock {
  const stored = header.zeroShot;
  if (!stored) throw new ModelFileError('the model file is damaged (no zero-shot header)');
  const prototypes = new Float32Array(copyOf(section).buffer);
  if (prototypes.length !== stored.count * stored.dimensions || stored.count > header.labels.length) throw new ModelFileError('the model file is damaged (zero-shot prototypes)');
  if (!Number.isFinite(stored.slope) || !Number.isFinite(stored.offset)) throw new ModelFileError('the model file is damaged (zero-shot map)');
  return { encoder: { name: stored.encoder, checksum: stored.checksum, dimensions: stored.dimensions }, prototypes, map: { slope: stored.slope, offset: stored.offset } };
}

function embeddingHeaderOf(block: EmbeddingBlock): NonNullable<Header['embedding']> {
  return { encoder: block.encoder.name, checksum: block.encoder.checksum, dimensions: block.encoder.dimensions, scale: block.scale };
}

function embeddingBlockOf(header: Header, section: Uint8Array, classes: number): EmbeddingBlock {
  const { embedding } = header;
  if (!embedding || !header.hasModel) throw new ModelFileError('the model file is damaged (no embedding header)');
  const weights = new Float32Array(copyOf(section).buffer);
  if (weights.length !== embedding.dimensions * classes) throw new ModelFileError('the model file is damaged (embedding weights)');
  return { encoder: { name: embedding.encoder, checksum: embedding.checksum, dimensions: embedding.dimensions }, scale: embedding.scale, weights };
}

function openSetOf(stored: NonNullable<Header['openSet']>, section: Uint8Array, classes: number, dimensions: number): OpenSetModel {
  const centroids = new Float32Array(copyOf(section).buffer);
  if (centroids.length !== classes * dimensions) throw new ModelFileError('the model file is damaged (open-set centroids)');
  if (stored.weights.length !== OPEN_SET_FEATURE_COUNT + 1 || !stored.weights.every(Number.isFinite)) throw new ModelFileError('the model file is damaged (open-set weights)');
  return { centroids, weights: Float64Array.from(stored.weights), threshold: stored.threshold };
}

class SectionReader {
  constructor(
    private readonly bytes: Uint8Array,
    private offset: number,
  ) {}

  next(): Uint8Array {
    if (this.offset + 4 > this.bytes.length) throw new ModelFileError('the model file is truncated');
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.offset, 4);
    const length = view.getUint32(0, true);
    const start = this.offset + 4;
    if (start + length > this.bytes.length) throw new ModelFileError('the model file is truncated');
    this.offset = start + length + ((4 - ((start + length) % 4)) % 4);
    return this.bytes.subarray(start, start + length);
  }
}

function bytesOf(array: Float32Array | Int8Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

// A fresh, aligned buffer: a typed view over the file itself could start at any byte. (Not
// slice(): on a Node Buffer that is a view.)
function copyOf(section: Uint8Array): Uint8Array {
  return new Uint8Array(section);
}
