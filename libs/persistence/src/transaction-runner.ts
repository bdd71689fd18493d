import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AlertRepository } from './repositories/alert.repository.js';
import { CategoryHistoryRepository } from './repositories/category-history.repository.js';
import { ClassificationRepository } from './repositories/classification.repository.js';
import { ContactRepository } from './repositories/contact.repository.js';
import { CountermeasureRepository } from './repositories/countermeasure.repository.js';
import { DemandRollupRepository } from './repositories/demand-rollup.repository.js';
import { DiscoveryRepository } from './repositories/discovery.repository.js';
import { EmbeddingRepository } from './repositories/embedding.repository.js';
import { EmergingThemeRepository } from './repositories/emerging-theme.repository.js';
import { HandlingCostRepository } from './repositories/handling-cost.repository.js';
import { ModelVersionRepository } from './repositories/model-version.repository.js';
import { ReviewQueueRepository } from './repositories/review-queue.repository.js';
import { StepVolumeRepository } from './repositories/step-volume.repository.js';
import { TaxonomyRepository } from './repositories/taxonomy.repository.js';
import { ValueStreamRepository } from './repositories/value-stream.repository.js';

/** PostgreSQL's isolation levels, as `DataSource.transaction` takes them. */
export type IsolationLevel = 'READ UNCOMMITTED' | 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/**
 * The repositories of one transaction: each works through the transaction's EntityManager, so
 * what they read and write commits or rolls back together. Only repositories that can work on an
 * EntityManager are here; the rollups (`rollups`) and the category history exist only inside a
 * transaction, because their writes hold row locks until the commit.
 */
export interface TransactionRepositories {
  /** For SQL no repository owns yet; prefer a repository method. */
  readonly manager: EntityManager;
  readonly alerts: AlertRepository;
  readonly categoryHistory: CategoryHistoryRepository;
  readonly classifications: ClassificationRepository;
  readonly contacts: ContactRepository;
  readonly countermeasures: CountermeasureRepository;
  readonly rollups: DemandRollupRepository;
  readonly discoveries: DiscoveryRepository;
  readonly embeddings: EmbeddingRepository;
  readonly emergingThemes: EmergingThemeRepository;
  readonly handlingCosts: HandlingCostRepository;
  readonly modelVersions: ModelVersionRepository;
  readonly reviewQueue: ReviewQueueRepository;
  readonly stepVolumes: StepVolumeRepository;
  readonly taxonomy: TaxonomyRepository;
  readonly valueStreams: ValueStreamRepository;
}

/** Built on first use: most transactions touch two or three of these, not fifteen. */
class RepositoriesOfTransaction implements TransactionRepositories {
  private readonly built = new Map<string, unknown>();

  constructor(readonly manager: EntityManager) {}

  private once<T>(name: string, build: (manager: EntityManager) => T): T {
    let repository = this.built.get(name) as T | undefined;
    if (repository === undefined) {
      repository = build(this.manager);
      this.built.set(name, repository);
    }
    return repository;
  }

  get alerts() { return this.once('alerts', (m) => new AlertRepository(m)); }
  get categoryHistory() { return this.once('categoryHistory', (m) => new CategoryHistoryRepository(m)); }
  get classifications() { return this.once('classifications', (m) => new ClassificationRepository(m)); }
  get contacts() { return this.once('contacts', (m) => new ContactRepository(m)); }
  get countermeasures() { return this.once('countermeasures', (m) => new CountermeasureRepository(m)); }
  get rollups() { return this.once('rollups', (m) => new DemandRollupRepository(m)); }
  get discoveries() { return this.once('discoveries', (m) => new DiscoveryRepository(m)); }
  get embeddings() { return this.once('embeddings', (m) => new EmbeddingRepository(m)); }
  get emergingThemes() { return this.once('emergingThemes', (m) => new EmergingThemeRepository(m)); }
  get handlingCosts() { return this.once('handlingCosts', (m) => new HandlingCostRepository(m)); }
  get modelVersions() { return this.once('modelVersions', (m) => new ModelVersionRepository(m)); }
  get reviewQueue() { return this.once('reviewQueue', (m) => new ReviewQueueRepository(m)); }
  get stepVolumes() { return this.once('stepVolumes', (m) => new StepVolumeRepository(m)); }
  get taxonomy() { return this.once('taxonomy', (m) => new TaxonomyRepository(m)); }
  get valueStreams() { return this.once('valueStreams', (m) => new ValueStreamRepository(m)); }
}

/** The repositories of a transaction bound to `manager` (for code handed a transaction's EntityManager by its caller). */
export function repositoriesOf(manager: EntityManager): TransactionRepositories {
  return new RepositoriesOfTransaction(manager);
}

/**
 * Runs work in one database transaction, with the same semantics as `DataSource.transaction`:
 * commit when the callback settles, roll back (and rethrow) when it throws. The callback gets
 * repositories bound to the transaction instead of an EntityManager to wrap itself.
 */
@Injectable()
export class TransactionRunner {
  constructor(private readonly db: DataSource) {}

  run<T>(work: (repositories: TransactionRepositories) => Promise<T>): Promise<T>;
  run<T>(isolation: IsolationLevel, work: (repositories: TransactionRepositories) => Promise<T>): Promise<T>;
  run<T>(first: IsolationLevel | ((repositories: TransactionRepositories) => Promise<T>), second?: (repositories: TransactionRepositories) => Promise<T>): Promise<T> {
    if (typeof first === 'function') return this.db.transaction((manager) => first(repositoriesOf(manager)));
    if (!second) throw new Error('TransactionRunner.run(isolation, work): the work callback is missing');
    return this.db.transaction(first, (manager) => second(repositoriesOf(manager)));
  }
}
