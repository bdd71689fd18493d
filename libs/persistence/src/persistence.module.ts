import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { dataSourceOptions } from './data-source.js';
import { AlertRepository } from './repositories/alert.repository.js';
import { ApiKeyRepository } from './repositories/api-key.repository.js';
import { ClassificationRepository } from './repositories/classification.repository.js';
import { ContactDrillDownRepository } from './repositories/contact-drill-down.repository.js';
import { ContactLabelRepository } from './repositories/contact-label.repository.js';
import { ContactRepository } from './repositories/contact.repository.js';
import { CountermeasureRepository } from './repositories/countermeasure.repository.js';
import { CustomerCountRepository } from './repositories/customer-count.repository.js';
import { DiscoveryRepository } from './repositories/discovery.repository.js';
import { EmbeddingRepository } from './repositories/embedding.repository.js';
import { EmergingThemeRepository } from './repositories/emerging-theme.repository.js';
import { HandlingCostRepository } from './repositories/handling-cost.repository.js';
import { MetricsRepository } from './repositories/metrics.repository.js';
import { ModelVersionRepository } from './repositories/model-version.repository.js';
import { ReviewQueueRepository } from './repositories/review-queue.repository.js';
import { StepVolumeRepository } from './repositories/step-volume.repository.js';
import { StudyRepository } from './repositories/study.repository.js';
import { TaxonomyRepository } from './repositories/taxonomy.repository.js';
import { ValueStreamRepository } from './repositories/value-stream.repository.js';
import { TransactionRunner } from './transaction-runner.js';

/**
 * Every repository that works on the connection pool. The rollups and the category history are
 * not here: they only work inside a transaction (TransactionRunner hands them out).
 */
export const POOLED_REPOSITORIES = [
  AlertRepository,
  ApiKeyRepository,
  ClassificationRepository,
  ContactDrillDownRepository,
  ContactLabelRepository,
  ContactRepository,
  CountermeasureRepository,
  CustomerCountRepository,
  DiscoveryRepository,
  EmbeddingRepository,
  EmergingThemeRepository,
  HandlingCostRepository,
  MetricsRepository,
  ModelVersionRepository,
  ReviewQueueRepository,
  StepVolumeRepository,
  StudyRepository,
  TaxonomyRepository,
  ValueStreamRepository,
] as const satisfies ReadonlyArray<Type<unknown> & (new (db: DataSource) => unknown)>;

// Repositories are plain classes (libs/persistence stays usable without Nest, as the tests and
// benchmarks use it); Nest builds each once, on the application's DataSource.
function onTheDataSource(repository: new (db: DataSource) => unknown): Provider {
  return { provide: repository, useFactory: (db: DataSource) => new repository(db), inject: [DataSource] };
}

/**
 * The database for a Nest application or application context: the DataSource (TypeORM, migrations
 * not run here, see ready-database.ts), one instance of every repository and the TransactionRunner.
 * Global, so a feature module's services take the repositories they use in their constructor.
 */
@Module({})
export class PersistenceModule {
  /** `overrides`: DataSource options of a job (a CLI logs only errors, its output is its own). */
  static forRoot(databaseUrl: string, overrides: Partial<DataSourceOptions> = {}): DynamicModule {
    const providers: Provider[] = [...POOLED_REPOSITORIES.map(onTheDataSource), TransactionRunner];
    return {
      module: PersistenceModule,
      global: true,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, overrides))],
      providers,
      exports: [...POOLED_REPOSITORIES, TransactionRunner],
    };
  }
}
