import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EmbeddingRepository, ModelVersionRepository, TaxonomyRepository } from '@frictionlens/persistence';
import { RUNTIME, type Runtime } from '@frictionlens/platform';
import { ClassificationService } from './classification.service.js';
import { ClassifiedOutbox } from './classified-outbox.js';
import { ClassifierMetrics } from './classifier.metrics.js';
import { ClassifierEncoder, encoderSettingsOf } from './encoder/classifier-encoder.js';
import { ActiveModel } from './model/active-model.js';
import { ModelTrainer } from './training/model-trainer.js';

/**
 * Classifying and training, without the Kafka consumer and the background upkeep: what the
 * classifier service runs (ClassifierModule imports this) and what the reclassify and train CLIs
 * boot. Repositories come from the PersistenceModule.
 */
@Module({
  providers: [
    ClassificationService,
    ClassifiedOutbox,
    ClassifierMetrics,
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
        new ModelTrainer(db, taxonomy, models, runtime.config.CLASSIFIER_RETRAIN_AFTER_LABELS, { encoder, embeddings, openSetFlagShare: runtime.config.CLASSIFIER_OPEN_SET_FLAG_SHARE }),
      inject: [DataSource, TaxonomyRepository, ModelVersionRepository, RUNTIME, ClassifierEncoder, EmbeddingRepository],
    },
  ],
  exports: [ClassificationService, ClassifiedOutbox, ClassifierMetrics, ClassifierEncoder, ActiveModel, ModelTrainer],
})
export class ClassificationModule {}
