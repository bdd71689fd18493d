import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { ClassificationRepository, ContactRepository, ModelVersionRepository, TaxonomyRepository } from '@frictionlens/persistence';
import { RUNTIME, type Runtime } from '@frictionlens/platform';
import { ClassificationService } from './classification.service.js';
import { ClassifiedOutbox } from './classified-outbox.js';
import { ClassifierConsumer } from './classifier.consumer.js';
import { ClassifierMetrics } from './classifier.metrics.js';
import { ActiveModel } from './model/active-model.js';
import { ModelUpkeep } from './model/model-upkeep.js';
import { ModelTrainer } from './training/model-trainer.js';

const repository = <T>(type: new (db: DataSource) => T) => ({ provide: type, useFactory: (db: DataSource) => new type(db), inject: [DataSource] });

@Module({
  imports: [TerminusModule],
  providers: [
    ClassificationService,
    ClassifiedOutbox,
    ClassifierConsumer,
    ClassifierMetrics,
    ModelUpkeep,
    repository(ContactRepository),
    repository(ClassificationRepository),
    repository(ModelVersionRepository),
    repository(TaxonomyRepository),
    { provide: ActiveModel, useFactory: (models: ModelVersionRepository, taxonomy: TaxonomyRepository) => new ActiveModel(models, taxonomy), inject: [ModelVersionRepository, TaxonomyRepository] },
    {
      provide: ModelTrainer,
      useFactory: (db: DataSource, taxonomy: TaxonomyRepository, models: ModelVersionRepository, runtime: Runtime) =>
        new ModelTrainer(db, taxonomy, models, runtime.config.CLASSIFIER_RETRAIN_AFTER_LABELS),
      inject: [DataSource, TaxonomyRepository, ModelVersionRepository, RUNTIME],
    },
  ],
})
export class ClassifierModule {}
