import { createHash } from 'node:crypto';

/** Which encoder made a set of embeddings: a model trained on them records it. */
export interface EncoderIdentity {
  readonly name: string;
  /** Hex SHA-256 of the ONNX file (of the parts' checksums, for encoders joined by "+"). */
  readonly checksum: string;
  readonly dimensions: number;
}

/** The identity of encoders joined by "+": their vectors side by side (concatenateNormalised). */
export function joinedIdentity(parts: readonly EncoderIdentity[]): EncoderIdentity {
  return {
    name: parts.map((p) => p.name).join('+'),
    checksum: createHash('sha256').update(parts.map((p) => p.checksum).join('+')).digest('hex'),
    dimensions: parts.reduce((n, p) => n + p.dimensions, 0),
  };
}
