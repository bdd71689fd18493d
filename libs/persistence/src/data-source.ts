import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ApiKeyEntity } from './entities/api-key.entity.js';
import { CategoryAliasEntity } from './entities/category-alias.entity.js';
import { CategoryStepLinkEntity } from './entities/category-step-link.entity.js';
import { ClassificationEntity } from './entities/classification.entity.js';
import { ContactEmbeddingEntity } from './entities/contact-embedding.entity.js';
import { ContactLabelEntity } from './entities/contact-label.entity.js';
import { ContactEntity } from './entities/contact.entity.js';
import { CountermeasureEntity } from './entities/countermeasure.entity.js';
import { DemandRollupWeeklyEntity } from './entities/demand-rollup-weekly.entity.js';
import { DemandRollupEntity } from './entities/demand-rollup.entity.js';
import { ExampleEmbeddingEntity } from './entities/example-embedding.entity.js';
import { HandlingCostEntity } from './entities/handling-cost.entity.js';
import { LabelledExampleEntity } from './entities/labelled-example.entity.js';
import { ModelVersionEntity } from './entities/model-version.entity.js';
import { StepVolumeEntity } from './entities/step-volume.entity.js';
import { StudyContactEntity } from './entities/study-contact.entity.js';
import { MetricSettingsEntity } from './entities/metric-settings.entity.js';
import { ValueStreamVersionEntity } from './entities/value-stream-version.entity.js';
import { StudyEntity } from './entities/study.entity.js';
import { TaxonomyCategoryEntity } from './entities/taxonomy-category.entity.js';
import { TaxonomyVersionEntity } from './entities/taxonomy-version.entity.js';
import { ValueStreamStepEntity } from './entities/value-stream-step.entity.js';
import { ValueStreamEntity } from './entities/value-stream.entity.js';
import { DiscoveryRunEntity } from './entities/discovery-run.entity.js';
import { DiscoveryThemeEntity } from './entities/discovery-theme.entity.js';
import { DiscoveryThemeMemberEntity } from './entities/discovery-theme-member.entity.js';
import { AlertSubscriptionEntity } from './entities/alert-subscription.entity.js';
import { AlertStateEntity } from './entities/alert-state.entity.js';
import { AlertDeliveryEntity } from './entities/alert-delivery.entity.js';
import { CreateContacts1764100000000 } from './migrations/1764100000000-CreateContacts.js';
import { CreateApiKeys1764200000000 } from './migrations/1764200000000-CreateApiKeys.js';
import { CreateClassification1764300000000 } from './migrations/1764300000000-CreateClassification.js';
import { CreateValueStreams1764400000000 } from './migrations/1764400000000-CreateValueStreams.js';
import { CreateWeeklyRollups1764500000000 } from './migrations/1764500000000-CreateWeeklyRollups.js';
import { CreateMetricsViews1764600000000 } from './migrations/1764600000000-CreateMetricsViews.js';
import { CreateEmbeddings1764710000000 } from './migrations/1764710000000-CreateEmbeddings.js';
import { NotifyMetricsChanges1764800000000 } from './migrations/1764800000000-NotifyMetricsChanges.js';
import { NotifyApiKeyChanges1764900000000 } from './migrations/1764900000000-NotifyApiKeyChanges.js';
import { CreateStudies1765000000000 } from './migrations/1765000000000-CreateStudies.js';
import { StoreFailureTypes1765100000000 } from './migrations/1765100000000-StoreFailureTypes.js';
import { NotifyModelVersionChanges1765200000000 } from './migrations/1765200000000-NotifyModelVersionChanges.js';
import { CountRepeatContacts1765300000000 } from './migrations/1765300000000-CountRepeatContacts.js';
import { VersionValueStreams1765400000000 } from './migrations/1765400000000-VersionValueStreams.js';
import { AliasRenamedCategories1765500000000 } from './migrations/1765500000000-AliasRenamedCategories.js';
import { CreateDiscoveryRuns1765600000000 } from './migrations/1765600000000-CreateDiscoveryRuns.js';
import { RaiseEmergingThemes1765700000000 } from './migrations/1765700000000-RaiseEmergingThemes.js';
import { CreateAlerts1765800000000 } from './migrations/1765800000000-CreateAlerts.js';

// Listed explicitly rather than globbed: the same list works from TypeScript sources (tests)
// and compiled output, and an entity without its migration fails the schema drift test.
export const entities = [
  ContactEntity,
  ApiKeyEntity,
  TaxonomyVersionEntity,
  TaxonomyCategoryEntity,
  LabelledExampleEntity,
  ContactLabelEntity,
  ModelVersionEntity,
  ClassificationEntity,
  ValueStreamEntity,
  ValueStreamStepEntity,
  CategoryStepLinkEntity,
  StepVolumeEntity,
  CountermeasureEntity,
  HandlingCostEntity,
  DemandRollupEntity,
  DemandRollupWeeklyEntity,
  ContactEmbeddingEntity,
  ExampleEmbeddingEntity,
  StudyEntity,
  StudyContactEntity,
  MetricSettingsEntity,
  ValueStreamVersionEntity,
  CategoryAliasEntity,
  DiscoveryRunEntity,
  DiscoveryThemeEntity,
  DiscoveryThemeMemberEntity,
  AlertSubscriptionEntity,
  AlertStateEntity,
  AlertDeliveryEntity,
];
export const migrations = [CreateContacts1764100000000, CreateApiKeys1764200000000, CreateClassification1764300000000, CreateValueStreams1764400000000, CreateWeeklyRollups1764500000000, CreateMetricsViews1764600000000, CreateEmbeddings1764710000000, NotifyMetricsChanges1764800000000, NotifyApiKeyChanges1764900000000, CreateStudies1765000000000, StoreFailureTypes1765100000000, NotifyModelVersionChanges1765200000000, CountRepeatContacts1765300000000, VersionValueStreams1765400000000, AliasRenamedCategories1765500000000, CreateDiscoveryRuns1765600000000, RaiseEmergingThemes1765700000000, CreateAlerts1765800000000];

/**
 * Every pooled connection listens for errors from birth. When PostgreSQL stops or restarts, a
 * connection can receive the server's "terminating connection" message while neither the pool
 * nor TypeORM listens (for instance while it is held for a COPY), and node's default for an
 * unheard 'error' event is to end the process. The statement that fails on it reports the error;
 * the broken connection is discarded on release and the batch is retried, as for any outage.
 */
class ListenedClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

export function dataSourceOptions(url: string, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: ['error', 'migration'],
    extra: { max: 10, application_name: 'frictionlens', Client: ListenedClient },
    ...overrides,
  } as DataSourceOptions;
}

export function createDataSource(url: string, overrides: Partial<DataSourceOptions> = {}): DataSource {
  return new DataSource(dataSourceOptions(url, overrides));
}
