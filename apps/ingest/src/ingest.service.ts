import { Inject, Injectable } from '@nestjs/common';
import { decodeEvent, normaliseContact, type NewContact, type NormaliseOptions, type Rejection } from '@frictionlens/domain';
import type { ContactKind } from '@frictionlens/contracts';
import { ContactRepository, type StoredContact } from '@frictionlens/persistence';
import { CONTACT_OUTBOX, type ContactOutbox } from './contact-outbox.js';
import { IngestMetrics, type IngestPath } from './ingest.metrics.js';

/** A source event as it arrives: raw bytes from Kafka, or a parsed JSON value from HTTP. */
export type IncomingEvent = { kind: ContactKind; bytes: Uint8Array | null } | { kind: ContactKind; value: unknown };

export interface IngestResult {
  /** Every valid event with its contact as stored (new, or already there for a duplicate). */
  accepted: Array<{ index: number; contact: StoredContact }>;
  inserted: number;
  duplicates: number;
  rejected: Array<{ index: number; rejection: Rejection }>;
}

export const NORMALISE_SETTINGS = Symbol('NORMALISE_SETTINGS');
export type NormaliseSettings = Omit<NormaliseOptions, 'now'>;

/**
 * The one path every contact takes, from Kafka, HTTP or a file import: validate, redact, store
 * idempotently, hand on. Invalid events come back as rejections and never hold back the valid ones.
 */
@Injectable()
export class IngestService {
  constructor(
    private readonly contacts: ContactRepository,
    @Inject(CONTACT_OUTBOX) private readonly outbox: ContactOutbox,
    @Inject(NORMALISE_SETTINGS) private readonly settings: NormaliseSettings,
    private readonly metrics: IngestMetrics,
  ) {}

  async ingest(events: IncomingEvent[], path: IngestPath): Promise<IngestResult> {
    const options: NormaliseOptions = { ...this.settings, now: new Date() };
    const valid: Array<{ index: number; contact: NewContact }> = [];
    const rejected: IngestResult['rejected'] = [];
    events.forEach((event, index) => {
      const decoded = 'bytes' in event ? decodeEvent(event.bytes) : { ok: true as const, value: event.value };
      if (!decoded.ok) return void rejected.push({ index, rejection: decoded.rejection });
      const normalised = normaliseContact(event.kind, decoded.value, options);
      if (normalised.ok) valid.push({ index, contact: normalised.contact });
      else rejected.push({ index, rejection: normalised.rejection });
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
