import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { ContactEntity } from './contact.entity.js';

/**
 * A reviewer's word on a contact's category: it outranks any model's classification of that
 * contact and becomes a training example (with the contact's redacted text). One per contact; a
 * second correction replaces the first. Erasing the contact erases its label.
 */
@Entity({ name: 'contact_labels' })
@Index('contact_labels_labelled_at', ['labelledAt'])
export class ContactLabelEntity {
  @PrimaryColumn({ name: 'contact_id', type: 'bigint' })
  contactId!: string;

  @Column({ name: 'category_key', type: 'text' })
  categoryKey!: string;

  @Column({ name: 'taxonomy_version_id', type: 'integer' })
  taxonomyVersionId!: number;

  /** The contact was sent to the wrong place: counted as failure demand of type "not for here", whatever its category. */
  @Column({ name: 'not_for_here', type: 'boolean', default: false })
  notForHere!: boolean;

  @Column({ type: 'text', nullable: true })
  reviewer!: string | null;

  @Column({ name: 'labelled_at', type: 'timestamptz', default: () => 'now()' })
  labelledAt!: Date;

  @OneToOne(() => ContactEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'FK_contact_labels_contact' })
  contact?: ContactEntity;
}
