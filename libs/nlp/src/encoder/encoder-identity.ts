/** Which encoder made a set of embeddings: a model trained on them records it. */
export interface EncoderIdentity {
  readonly name: string;
  /** Hex SHA-256 of the ONNX file (of the parts' checksums, for encoders joined by "+"). */
  readonly checksum: string;
  readonly dimensions: number;
}
