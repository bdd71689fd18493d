import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A labelled example text for training, given with the taxonomy or imported. Examples belong to
 * a category key, not to one taxonomy version, so they carry over to every later version.
 * (Reviewers' corrections of real contacts live in contact_labels.)
 */
@Entity({ name: 'labelled_examples' })
@Index('labelled_examples_category', ['categoryKey'])
@Check('labelled_examples_origin_check', `"origin" IN ('taxonomy', 'import')`)
export class LabelledExampleEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'category_key', type: 'text' })
  categoryKey!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'text' })
  origin!: 'taxonomy' | 'import';

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
