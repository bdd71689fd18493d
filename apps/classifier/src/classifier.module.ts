import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { ClassificationRepository, ContactRepository, EmbeddingRepository, ModelVersionRepository, TaxonomyRepository } from '@frictionlens/persistence';
import { RUNTIME, type Runtime } from '@frictionlens/platform';
import { ClassificationService } from './classification.service.js';
import { ClassifiedOutbox } from './classified-outbox.js';
import { ClassifierBatchesController } from './classifier-batches.controller.js';
import { ClassifierConsumerGroup } from './classifier.consumer-group.js';
import { ClassifierMetrics } from './classifier.metrics.js';
import { DiscoveryUpkeep } from './discovery/discovery-upkeep.js';
import { EmergingUpkeep } from './discovery/emerging-upkeep.js';
import { ClassifierEncoder, encoderSettingsOf } from './encoder/classifier-encoder.js';
import { ActiveModel } from './model/active-model.js';
import { ModelUpkeep } from './model/model-upkeep.js';
import { ModelTrainer } from './training/model-trainer.js';

const repository = <T>(type: new (db: DataSource) => T) => ({ provide: type, useFactory: (db: DataSource) => new type(db), inject: [DataSource] });

@Module({
  imports: [TerminusModule],
  controllers: [ClassifierBatchesController],
  providers: [
    ClassificationService,
    ClassifiedOutbox,
    ClassifierConsumerGroup,
    ClassifierMetrics,
    ModelUpkeep,
    DiscoveryUpkeep,
    EmergingUpkeep,
    repository(ContactRepository),
    repository(ClassificationRepository),
    repository(ModelVersionRepository),
    repository(TaxonomyRepository),
    repository(EmbeddingRepository),
    // Loaded once at start-up (a few hundred ms); without its files the TF-IDF model serves.
    { provide: ClassifierEncoder, useFactory: (runtime: Runtime) => ClassifierEncoder.open(encoderSettingsOf(runtime.config)), inject: [RUNTIME] },
    {
      provide: ActiveModel,
      useFactory: (models: ModelVersionRepository, taxonomy: TaxonomyRepository, encoder: ClassifierEncoder) => new ActiveModel(models, taxonomy, encoder),
      inject: [ModelVersionRepository, TaxonomyRepository, ClassifierEncoder],
    },
    {
      provide: ModelTrainer,
      useFactory: (db: DataSource, taxonomy: TaxonomyRepository, models: ModelVersionRepository, runtime: Runtime, encoder: ClassifierEncoder, embeddings: EmbeddingRepository) =>
        new ModelTrainer(db, taxonomy, models, runtime.config.CLASSIFIER_RETRAIN_AFTER_LABELS, { encoder, embeddings }),
      inject: [DataSource, TaxonomyRepository, ModelVersionRepository, RUNTIME, ClassifierEncoder, EmbeddingRepository],
    },
  ],
})
export class ClassifierModule {}
