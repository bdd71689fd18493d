import { Check, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A sample-and-listen study: a random sample of contacts, stratified by step, channel or period and
 * sized for a margin of error, for people to code in the customers' own words. Its seed draws the
 * same sample again from the same population.
 */
@Entity({ name: 'studies' })
@Check('studies_stratify_by_check', `"stratify_by" IN ('step', 'channel', 'period')`)
@Check('studies_status_check', `"status" IN ('open', 'complete')`)
@Check('studies_seed_check', `"seed" >= 0 AND "seed" <= 4294967295`)
export class StudyEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'text' })
  title!: string;

  /** The period and filters the population was drawn from (`{ from, to, filters, interval }`). */
  @Column({ type: 'jsonb' })
  filter!: Record<string, unknown>;

  @Column({ name: 'stratify_by', type: 'text' })
  stratifyBy!: 'step' | 'channel' | 'period';

  /** The margin of error (95%) the sample gives: the one asked for, or the one a requested size gives. */
  @Column({ name: 'margin_of_error', type: 'real' })
  marginOfError!: number;

  @Column({ name: 'prior_share', type: 'real' })
  priorShare!: number;

  /** 32-bit unsigned, so bigint; pg returns it as a string. */
  @Column({ type: 'bigint' })
  seed!: string;

  @Column({ type: 'integer' })
  population!: number;

  @Column({ name: 'sample_size', type: 'integer' })
  sampleSize!: number;

  /** The allocation: `[{ key, size, sampleSize }]` per stratum. */
  @Column({ type: 'jsonb' })
  strata!: Array<{ key: string; size: number; sampleSize: number }>;

  /** Coders are not shown the model's answer, so they cannot lean on it. */
  @Column({ type: 'boolean', default: false })
  blind!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'text', default: 'open' })
  status!: 'open' | 'complete';
}
