import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ContactEntity } from './contact.entity.js';

/**
 * A contact's sentence embedding, computed once when an `encoder` model first classifies it and
 * reused by re-deliveries, reclassification and retraining. One per (contact, encoder): the
 * checksum of the encoder's ONNX file names it. Erasing the contact erases its embedding.
 */
@Entity({ name: 'contact_embeddings' })
@Check('contact_embeddings_vector_check', `octet_length("vector") = 4 * "dimensions"`)
export class ContactEmbeddingEntity {
  @PrimaryColumn({ name: 'contact_id', type: 'bigint' })
  contactId!: string;

  /** SHA-256 (hex) of the encoder's ONNX file, as `Encoder.checksum`. */
  @PrimaryColumn({ name: 'encoder_checksum', type: 'text' })
  encoderChecksum!: string;

  /** The encoder's name (`all-minilm-l6-v2-q`), for people reading the table. */
  @Column({ type: 'text' })
  encoder!: string;

  @Column({ type: 'integer' })
  dimensions!: number;

  /** The unit vector as float32, little-endian. */
  @Column({ type: 'bytea' })
  vector!: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @ManyToOne(() => ContactEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'FK_contact_embeddings_contact' })
  contact?: ContactEntity;
}
