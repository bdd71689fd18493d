import { Injectable } from '@nestjs/common';
import type { ContactClassifiedV1 } from '@frictionlens/contracts';
import { effortCuesIn, sentimentOf } from '@frictionlens/nlp';
import {
  ClassificationRepository,
  ContactRepository,
  EmbeddingRepository,
  TransactionRunner,
  type ContactToClassify,
  type NewClassification,
  type StoredClassification,
} from '@frictionlens/persistence';
import { classificationOf } from './classification/classification-of.js';
import { ClassifiedOutbox } from './classified-outbox.js';
import { ClassifierMetrics } from './classifier.metrics.js';
import type { ClassifierEncoder } from './encoder/classifier-encoder.js';
import { ActiveModel, type LoadedModel } from './model/active-model.js';

export interface ClassifyOutcome {
  classified: number;
  unclassified: number;
  /** Ids no longer stored (erased since they were published). */
  missing: number;
  /** Texts run through the sentence encoder (the others' embeddings were stored already). */
  embedded: number;
}

interface BatchEmbeddings {
  byContact: Map<string, Float32Array>;
  /** Computed for this batch: stored with its classifications. */
  fresh: Array<{ contactId: string; vector: Float32Array }>;
}

/** What makes a first model: said wherever the lack of one shows (the logs, /health). */
export const HOW_TO_GET_A_FIRST_MODEL =
  'accept themes of a discovery run (POST /v1/discoveries, the Discover screen) or import a taxonomy (POST /v1/taxonomy/import), and a model is trained automatically; or run npm run train';

/**
 * Thrown while this instance has no model to classify with although one is stored (it is still
 * loading it, or cannot run it): the batch is retried later rather than lost.
 */
export class NoModelYetError extends Error {
  constructor() {
    super('no model served here yet, although one is stored: this instance is loading it, or cannot run it (see /health)');
    this.name = 'NoModelYetError';
  }
}

/**
 * Classifies stored contacts by id, from Kafka or from the backlog: reads their redacted text,
 * predicts, stores one row per (contact, model version) and hands the classifications on. With an
 * `encoder` model each contact is embedded once: the batch's missing embeddings in one encoder
 * call (sorted by length inside it), stored in the transaction of the classifications, and
 * re-deliveries and later models read them back.
 */
@Injectable()
export class ClassificationService {
  constructor(
    private readonly model: ActiveModel,
    private readonly contacts: ContactRepository,
    private readonly classifications: ClassificationRepository,
    private readonly outbox: ClassifiedOutbox,
    private readonly metrics: ClassifierMetrics,
    private readonly transactions: TransactionRunner,
    private readonly embeddings: EmbeddingRepository,
  ) {}

  /**
   * True while no model version is stored at all (a new install): contacts are then left in
   * PostgreSQL without a classification, and the first model classifies them
   * (FirstModelBacklog), rather than their messages being held on the topic, where retention
   * would drop them if the first taxonomy took longer than a week.
   */
  async waitsForFirstModel(): Promise<boolean> {
    return !this.model.current && (await this.model.noneStored());
  }

  async classify(contactIds: string[]): Promise<ClassifyOutcome> {
    const model = this.model.current;
    if (!model) throw new NoModelYetError();
    const unique = [...new Set(contactIds)];
    const contacts = await this.contacts.findForClassification(unique);
    const embeddings = model.encoder ? await this.embeddingsOf(model.encoder, contacts) : undefined;
    const rows = contacts.map((contact) =>
      classificationOf(contact, model.classifier.predict(contact.text, { topK: 3, explainTerms: 5, embedding: embeddings?.byContact.get(contact.id) }), model.demandTypeOf, {
        sentiment: sentimentOf(contact.text).score,
        effortCues: effortCuesIn(contact.text),
      }),
    );
    const stored = await this.store(model, rows, embeddings);
    const occurredAt = new Map(contacts.map((c) => [c.id, c.occurredAt]));
    await this.outbox.publish(stored.map((row) => toMessage(row, occurredAt.get(row.contactId)!)));
    const outcome = { classified: 0, unclassified: 0, missing: unique.length - contacts.length, embedded: embeddings?.fresh.length ?? 0 };
    for (const row of stored) {
      this.metrics.classified.inc({ category_kind: row.demandType ?? 'unclassified' });
      if (row.demandType) outcome.classified++;
      else outcome.unclassified++;
    }
    if (outcome.missing) this.metrics.missing.inc(outcome.missing);
    return outcome;
  }

  // Stored embeddings by this encoder, and the missing ones computed in one call.
  private async embeddingsOf(encoder: ClassifierEncoder, contacts: ContactToClassify[]): Promise<BatchEmbeddings> {
    const identity = encoder.identity!;
    const byContact = await this.embeddings.findForContacts(identity.checksum, contacts.map((c) => c.id));
    const missing = contacts.filter((c) => !byContact.has(c.id));
    this.metrics.embeddingsReused.inc(contacts.length - missing.length);
    if (missing.length === 0) return { byContact, fresh: [] };
    const end = this.metrics.embedSeconds.startTimer();
    const vectors = await encoder.embed(missing.map((c) => c.text));
    end();
    this.metrics.embedded.inc(missing.length);
    const fresh = missing.map((c, i) => ({ contactId: c.id, vector: vectors[i]! }));
    for (const { contactId, vector } of fresh) byContact.set(contactId, vector);
    return { byContact, fresh };
  }

  private async store(model: LoadedModel, rows: NewClassification[], embeddings: BatchEmbeddings | undefined): Promise<StoredClassification[]> {
    if (!embeddings?.fresh.length) return this.classifications.storeBatch(model, rows);
    const identity = model.encoder!.identity!;
    return this.transactions.run(async (tx) => {
      // The repository's own transaction becomes a savepoint inside this one (TypeORM nests them),
      // so embeddings and classifications are stored together or not at all. Classifications
      // first: they lock the contacts (for the rollups) before any row that refers to them is
      // written, so this transaction holds nothing another batch's lock would wait for.
      const stored = await tx.classifications.storeBatch(model, rows);
      await tx.embeddings.storeForContacts(identity, embeddings.fresh);
      return stored;
    });
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
