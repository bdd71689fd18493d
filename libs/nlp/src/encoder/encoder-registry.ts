/** How an encoder turns its graph's last hidden state into one vector per text. */
export type Pooling = 'mean' | 'cls';

/** One sentence encoder the library can run: where its files are and how to read its output. */
export interface EncoderSpec {
  /** Folder under the models folder with model.onnx and tokenizer.json (as tools/models/fetch.sh lays them out). */
  readonly folder: string;
  /** Mean over the attention mask (sentence-transformers models) or the [CLS] token (BGE). */
  readonly pooling: Pooling;
  /** Longest input in tokens, [CLS] and [SEP] included; longer texts are cut. */
  readonly maxTokens: number;
  readonly dimensions: number;
}

// A better encoder is one more entry here (and in tools/models/fetch.sh). Names are those of the
// int8-quantised ONNX exports the fetch tool brings.
export const ENCODERS = {
  'all-minilm-l6-v2-q': { folder: 'all-minilm-l6-v2-q', pooling: 'mean', maxTokens: 256, dimensions: 384 },
  'bge-small-en-v15-q': { folder: 'bge-small-en-v15-q', pooling: 'cls', maxTokens: 512, dimensions: 384 },
} as const satisfies Record<string, EncoderSpec>;

export type EncoderName = keyof typeof ENCODERS;

export const ENCODER_NAMES = Object.keys(ENCODERS) as EncoderName[];

/** The default encoder of the classifier's accurate mode. */
export const DEFAULT_ENCODER = 'all-minilm-l6-v2-q';

/** Thrown for a name that is neither a known encoder nor known encoders joined by "+". */
export class UnknownEncoderError extends RangeError {}

/**
 * The encoders a name stands for: "a" is one, "a+b" their embeddings side by side (each
 * L2-normalised, the whole scaled back to length 1).
 */
export function encoderPartsOf(name: string): Array<{ name: EncoderName; spec: EncoderSpec }> {
  const parts = name.split('+');
  return parts.map((part) => {
    if (!(part in ENCODERS)) throw new UnknownEncoderError(`unknown sentence encoder "${part}" (known: ${ENCODER_NAMES.join(', ')}, or several joined by "+")`);
    return { name: part as EncoderName, spec: ENCODERS[part as EncoderName] };
  });
}
