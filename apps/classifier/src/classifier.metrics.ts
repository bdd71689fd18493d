import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@frictionlens/platform';

/** Prometheus series of the classifier service, named `frictionlens_classifier_*`. */
@Injectable()
export class ClassifierMetrics {
  readonly classified: Counter<'category_kind'>;
  readonly missing: Counter;
  readonly awaitingFirstModel: Counter;
  readonly rejected: Counter<'reason'>;
  readonly batchSeconds: Histogram;
  readonly modelVersion: Gauge;
  readonly trainings: Counter<'kind'>;
  readonly embedded: Counter;
  readonly embeddingsReused: Counter;
  readonly embedSeconds: Histogram;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.classified = new Counter({
      name: 'frictionlens_classifier_classified_total',
      help: 'Contacts classified, by outcome (failure, value or unclassified)',
      labelNames: ['category_kind'],
      registers,
    });
    this.missing = new Counter({ name: 'frictionlens_classifier_missing_total', help: 'Contacts named on Kafka but no longer stored (erased)', registers });
    this.awaitingFirstModel = new Counter({
      name: 'frictionlens_classifier_awaiting_first_model_total',
      help: 'Contacts left in PostgreSQL for the first model, consumed while no model existed',
      registers,
    });
    this.rejected = new Counter({ name: 'frictionlens_classifier_rejected_total', help: 'Messages dead-lettered, by reason', labelNames: ['reason'], registers });
    this.batchSeconds = new Histogram({
      name: 'frictionlens_classifier_batch_seconds',
      help: 'Time to read, classify, store and publish one batch',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.modelVersion = new Gauge({ name: 'frictionlens_classifier_model_version', help: 'Model version in use (0: none yet)', registers });
    this.embedded = new Counter({ name: 'frictionlens_classifier_embedded_total', help: 'Contact texts run through the sentence encoder', registers });
    this.embeddingsReused = new Counter({
      name: 'frictionlens_classifier_embeddings_reused_total',
      help: 'Contacts classified with their stored embedding instead of running the encoder again',
      registers,
    });
    this.embedSeconds = new Histogram({
      name: 'frictionlens_classifier_embed_seconds',
      help: 'Time to embed the texts of one batch that had no stored embedding',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.trainings = new Counter({ name: 'frictionlens_classifier_trainings_total', help: 'Model versions trained by this instance', labelNames: ['kind'], registers });
  }
}
