import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The sentence embedding of a labelled example's text (taxonomy or imported examples, never a
 * contact's: those are in contact_embeddings, so erasure reaches them), keyed by the SHA-256 of
 * the text, so retraining embeds only the examples it has not seen.
 */
@Entity({ name: 'example_embeddings' })
@Check('example_embeddings_vector_check', `octet_length("vector") = 4 * "dimensions"`)
export class ExampleEmbeddingEntity {
  /** SHA-256 (hex) of the example's text as stored. */
  @PrimaryColumn({ name: 'text_sha256', type: 'text' })
  textSha256!: string;

  @PrimaryColumn({ name: 'encoder_checksum', type: 'text' })
  encoderChecksum!: string;

  @Column({ type: 'text' })
  encoder!: string;

  @Column({ type: 'integer' })
  dimensions!: number;

  /** The unit vector as float32, little-endian. */
  @Column({ type: 'bytea' })
  vector!: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
