import { joinedIdentity, type EncoderIdentity } from '../encoder/encoder-identity.js';
import { concatenateNormalised } from '../encoder/pooling.js';
import { ModelFileError } from './model-file.js';
import { TextClassifier, type Prediction, type PredictOptions } from './text-classifier.js';
import { trainTextClassifier } from './train.js';
import type { LabelledText, TrainingEmbeddings, TrainOptions } from './train-options.js';

/**
 * The open-set score from which the fast model asks for a second opinion, chosen on CLINC150
 * validation (docs/classifier.md, "Second encoder, newest fifth"): the largest at which the pair
 * comes within one text of the second model reading every text.
 */
export const DEFAULT_REREAD_FROM = 0.3;

/**
 * Two models of one taxonomy. The first reads every text with a fast encoder; the second reads
 * the same text with that encoder's embedding and a second encoder's side by side, and is asked
 * only about the texts the first is unsure are ours (open-set score `rereadFrom` or more), so the
 * slow encoder runs on those alone. Its answer, open-set decision included, replaces the first's.
 */
export class SecondOpinionClassifier {
  private constructor(
    readonly first: TextClassifier,
    readonly second: TextClassifier,
    /** The second encoder alone (the second model reads the first's embedding beside its own). */
    readonly extraEncoder: EncoderIdentity,
    readonly rereadFrom: number,
  ) {}

  static of(first: TextClassifier, second: TextClassifier, extraEncoder: EncoderIdentity, rereadFrom = DEFAULT_REREAD_FROM): SecondOpinionClassifier {
    const own = first.encoder;
    if (!own) throw new ModelFileError('the first model of a second opinion must be an encoder model');
    const joined = joinedIdentity([own, extraEncoder]);
    const reads = second.encoder;
    if (!reads || reads.checksum !== joined.checksum || reads.dimensions !== joined.dimensions) {
      throw new ModelFileError(`the second model must read "${joined.name}", not "${reads?.name ?? 'no encoder'}"`);
    }
    if (first.labels.join('\n') !== second.labels.join('\n')) throw new ModelFileError('the two models of a second opinion must have the same labels');
    if (!(rereadFrom >= 0 && rereadFrom <= 1)) throw new RangeError(`rereadFrom must be from 0 to 1, not ${rereadFrom}`);
    return new SecondOpinionClassifier(first, second, extraEncoder, rereadFrom);
  }

  /** Whether the first model's prediction should be asked again with the second encoder's embedding. */
  wantsSecondOpinion(firstPrediction: Prediction): boolean {
    return firstPrediction.unknown !== undefined && firstPrediction.unknown >= this.rereadFrom;
  }

  /** The second model's prediction, from both encoders' embeddings of the text. */
  secondOpinion(text: string, embedding: Float32Array, extraEmbedding: Float32Array, options: Omit<PredictOptions, 'embedding'> = {}): Prediction {
    return this.second.predict(text, { ...options, embedding: concatenateNormalised([embedding, extraEmbedding]) });
  }

  serialise(): Uint8Array {
    return writeSecondOpinion(this);
  }

  static deserialise(bytes: Uint8Array, options: { encoder?: EncoderIdentity; extraEncoder?: EncoderIdentity } = {}): SecondOpinionClassifier {
    const { header, first, second } = readSecondOpinion(bytes);
    const given = options.extraEncoder;
    if (given && given.checksum !== header.extraEncoder.checksum) {
      throw new ModelFileError(`the second opinion was trained with the encoder "${header.extraEncoder.name}" (sha256 ${header.extraEncoder.checksum.slice(0, 12)}…), not "${given.name}"`);
    }
    const firstModel = TextClassifier.deserialise(first, options.encoder ? { encoder: options.encoder } : {});
    return SecondOpinionClassifier.of(firstModel, TextClassifier.deserialise(second), header.extraEncoder, header.rereadFrom);
  }
}

export interface SecondOpinionTraining {
  /** The fast encoder's embeddings of the examples. */
  embeddings: TrainingEmbeddings;
  /** The second encoder's embeddings of the same examples, in the same order. */
  extra: TrainingEmbeddings;
  rereadFrom?: number;
}

/** Trains the fast model and the second-opinion model on the same examples and options. */
export function trainSecondOpinion(examples: readonly LabelledText[], training: SecondOpinionTraining, options: Omit<TrainOptions, 'embeddings'> = {}): SecondOpinionClassifier {
  const { embeddings, extra } = training;
  if (extra.vectors.length !== embeddings.vectors.length) throw new RangeError(`${extra.vectors.length} second-encoder embeddings for ${embeddings.vectors.length} examples`);
  const first = trainTextClassifier(examples, { ...options, embeddings });
  const joined: TrainingEmbeddings = {
    encoder: joinedIdentity([embeddings.encoder, extra.encoder]),
    vectors: embeddings.vectors.map((v, i) => concatenateNormalised([v, extra.vectors[i]!])),
  };
  const progress = options.onProgress;
  const second = trainTextClassifier(examples, { ...options, embeddings: joined, ...(progress && { onProgress: (p) => progress({ ...p, stage: `second opinion: ${p.stage}` }) }) });
  return SecondOpinionClassifier.of(first, second, extra.encoder, training.rereadFrom);
}

// Layout: "FLSO", u16 version 1, u16 0, then three length-prefixed (u32, little-endian) sections:
// a JSON header (rereadFrom, the second encoder), the first model's file, the second model's file.
const MAGIC = [0x46, 0x4c, 0x53, 0x4f];
const FORMAT_VERSION = 1;

interface Header {
  rereadFrom: number;
  extraEncoder: EncoderIdentity;
}

/** Whether these bytes are a second-opinion model (rather than one text classifier). */
export function isSecondOpinionFile(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && MAGIC.every((b, i) => bytes[i] === b);
}

function writeSecondOpinion(model: SecondOpinionClassifier): Uint8Array {
  const { name, checksum, dimensions } = model.extraEncoder;
  const header: Header = { rereadFrom: model.rereadFrom, extraEncoder: { name, checksum, dimensions } };
  const sections = [new TextEncoder().encode(JSON.stringify(header)), model.first.serialise(), model.second.serialise()];
  const file = new Uint8Array(8 + sections.reduce((n, s) => n + 4 + s.length, 0));
  file.set([...MAGIC, FORMAT_VERSION, 0, 0, 0]);
  const view = new DataView(file.buffer);
  let at = 8;
  for (const section of sections) {
    view.setUint32(at, section.length, true);
    file.set(section, at + 4);
    at += 4 + section.length;
  }
  return file;
}

function readSecondOpinion(bytes: Uint8Array): { header: Header; first: Uint8Array; second: Uint8Array } {
  if (!isSecondOpinionFile(bytes)) throw new ModelFileError('not a FrictionLens second-opinion model');
  const version = bytes[4]! | (bytes[5]! << 8);
  if (version !== FORMAT_VERSION) throw new ModelFileError(`second-opinion format version ${version} is not supported (expected ${FORMAT_VERSION})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  const next = () => {
    if (at + 4 > bytes.length) throw new ModelFileError('the second-opinion model file is truncated');
    const length = view.getUint32(at, true);
    if (at + 4 + length > bytes.length) throw new ModelFileError('the second-opinion model file is truncated');
    const section = bytes.subarray(at + 4, at + 4 + length);
    at += 4 + length;
    return section;
  };
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(next())) as Header;
  } catch (error) {
    if (error instanceof ModelFileError) throw error;
    throw new ModelFileError('the second-opinion model file is damaged (header)');
  }
  const encoder = header.extraEncoder as Partial<EncoderIdentity> | undefined;
  if (typeof header.rereadFrom !== 'number' || typeof encoder?.name !== 'string' || typeof encoder.checksum !== 'string' || typeof encoder.dimensions !== 'number') {
    throw new ModelFileError('the second-opinion model file is damaged (header)');
  }
  return { header, first: next(), second: next() };
}
