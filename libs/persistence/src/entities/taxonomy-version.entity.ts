import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One immutable version of the organisation's friction taxonomy. Every change (an import, an
 * edited or removed category) creates a new version, so a classification can always say which
 * taxonomy it was made against.
 */
@Entity({ name: 'taxonomy_versions' })
export class TaxonomyVersionEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** What changed, in a person's words ("imported banking77-digital-bank", "edited card_arrival"). */
  @Column({ type: 'text' })
  summary!: string;

  /** The typology of failure demand its categories' `failureType` names: `[{ key, name, description, attributes }]`. */
  @Column({ name: 'failure_types', type: 'jsonb', default: () => "'[]'" })
  failureTypes!: Array<{ key: string; name: string; description: string | null; attributes: Record<string, unknown> }>;
}
