import { Inject, Injectable } from '@nestjs/common';
import type { ContactClassifiedV1 } from '@frictionlens/contracts';
import { effortCuesIn, sentimentOf } from '@frictionlens/nlp';
import { ClassificationRepository, ContactRepository, type StoredClassification } from '@frictionlens/persistence';
import { RUNTIME, type Runtime } from '@frictionlens/platform';
import { classificationOf } from './classification/classification-of.js';
import { ClassifiedOutbox } from './classified-outbox.js';
import { ClassifierMetrics } from './classifier.metrics.js';
import { ActiveModel } from './model/active-model.js';

export interface ClassifyOutcome {
  classified: number;
  unclassified: number;
  /** Ids no longer stored (erased since they were published). */
  missing: number;
}

/** Thrown while no model can be had: the batch is retried later rather than lost. */
export class NoModelYetError extends Error {
  constructor() {
    super('no model to classify with yet: import a taxonomy (POST /v1/taxonomy/import) and it is trained automatically, or run npm run train');
    this.name = 'NoModelYetError';
  }
}

/**
 * Classifies stored contacts by id, from Kafka or from the backlog: reads their redacted text,
 * predicts, stores one row per (contact, model version) and hands the classifications on.
 */
@Injectable()
export class ClassificationService {
  private readonly repeatWindowDays: number;

  constructor(
    @Inject(RUNTIME) runtime: Runtime,
    private readonly model: ActiveModel,
    private readonly contacts: ContactRepository,
    private readonly classifications: ClassificationRepository,
    private readonly outbox: ClassifiedOutbox,
    private readonly metrics: ClassifierMetrics,
  ) {
    this.repeatWindowDays = runtime.config.CLASSIFIER_REPEAT_WINDOW_DAYS;
  }

  async classify(contactIds: string[]): Promise<ClassifyOutcome> {
    const model = this.model.current;
    if (!model) throw new NoModelYetError();
    const unique = [...new Set(contactIds)];
    const contacts = await this.contacts.findForClassification(unique, this.repeatWindowDays);
    const rows = contacts.map((contact) =>
      classificationOf(contact, model.classifier.predict(contact.text, { topK: 3, explainTerms: 5 }), model.demandTypeOf, {
        sentiment: sentimentOf(contact.text).score,
        effortCues: effortCuesIn(contact.text),
      }),
    );
    const stored = await this.classifications.storeBatch(model, rows);
    const occurredAt = new Map(contacts.map((c) => [c.id, c.occurredAt]));
    await this.outbox.publish(stored.map((row) => toMessage(row, occurredAt.get(row.contactId)!)));
    const outcome = { classified: 0, unclassified: 0, missing: unique.length - contacts.length };
    for (const row of stored) {
      this.metrics.classified.inc({ category_kind: row.demandType ?? 'unclassified' });
      if (row.demandType) outcome.classified++;
      else outcome.unclassified++;
    }
    if (outcome.missing) this.metrics.missing.inc(outcome.missing);
    return outcome;
  }
}

function toMessage(row: StoredClassification, occurredAt: string): ContactClassifiedV1 {
  return {
    contactId: row.contactId,
    occurredAt,
    category: row.categoryKey,
    demandType: row.demandType,
    confidence: row.confidence,
    modelVersion: row.modelVersionId,
    taxonomyVersion: row.taxonomyVersionId,
    classifiedAt: row.classifiedAt.toISOString(),
  };
}
