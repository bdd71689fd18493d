import { Inject, Injectable } from '@nestjs/common';
import type { Rejection } from '@frictionlens/domain';
import { ContactRepository, type PreparedContact, type StoredContact } from '@frictionlens/persistence';
import { CONTACT_OUTBOX, type ContactOutbox } from './contact-outbox.js';
import { IngestMetrics, type IngestPath } from './ingest.metrics.js';
import { EventNormaliser } from './normalise/event-normaliser.js';
import type { IncomingEvent } from './normalise/normalise-events.js';

export interface IngestResult {
  /** Every valid event with its contact as stored (new, or already there for a duplicate). */
  accepted: Array<{ index: number; contact: StoredContact }>;
  inserted: number;
  duplicates: number;
  rejected: Array<{ index: number; rejection: Rejection }>;
}

/**
 * The one path every contact takes, from Kafka, HTTP or a file import: validate, redact, store
 * idempotently, hand on. Invalid events come back as rejections and never hold back the valid ones.
 */
@Injectable()
export class IngestService {
  constructor(
    private readonly contacts: ContactRepository,
    @Inject(CONTACT_OUTBOX) private readonly outbox: ContactOutbox,
    private readonly normaliser: EventNormaliser,
    private readonly metrics: IngestMetrics,
  ) {}

  async ingest(events: IncomingEvent[], path: IngestPath): Promise<IngestResult> {
    const outcomes = this.normaliser.normalise(events, new Date());
    const valid: Array<{ index: number; contact: PreparedContact }> = [];
    const rejected: IngestResult['rejected'] = [];
    outcomes.forEach((outcome, index) => {
      if (outcome.ok) valid.push({ index, contact: outcome.contact });
      else rejected.push({ index, rejection: outcome.rejection });
    });
    const { unique, perInput } = await this.contacts.insertBatch(valid.map((v) => v.contact));
    await this.outbox.publish(unique);
    const accepted = valid.map(({ index }, i) => ({ index, contact: perInput[i]! }));
    const inserted = unique.filter((c) => c.inserted);
    this.recordMetrics(path, inserted, valid.length - inserted.length, rejected);
    return { accepted, inserted: inserted.length, duplicates: valid.length - inserted.length, rejected };
  }

  private recordMetrics(path: IngestPath, inserted: StoredContact[], duplicates: number, rejected: IngestResult['rejected']): void {
    const byKind = new Map<string, number>();
    for (const contact of inserted) byKind.set(contact.kind, (byKind.get(contact.kind) ?? 0) + 1);
    for (const [kind, count] of byKind) this.metrics.stored.inc({ path, kind }, count);
    if (duplicates) this.metrics.duplicates.inc({ path }, duplicates);
    for (const { rejection } of rejected) this.metrics.rejected.inc({ path, reason: rejection.code });
  }
}
