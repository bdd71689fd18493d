import { decodeEvent, normaliseContact, type NormaliseOptions, type Rejection } from '@frictionlens/domain';
import type { ContactKind } from '@frictionlens/contracts';
import { prepareContact, type PreparedContact } from '@frictionlens/persistence/rows';

/** A source event as it arrives: raw bytes from Kafka, or a parsed JSON value from HTTP. */
export type IncomingEvent = { kind: ContactKind; bytes: Uint8Array | null } | { kind: ContactKind; value: unknown };

export type NormaliseOutcome = { ok: true; contact: PreparedContact } | { ok: false; rejection: Rejection };

/** Decodes (when raw), normalises and prepares each event for storage. */
export function normaliseEvents(events: IncomingEvent[], options: NormaliseOptions): NormaliseOutcome[] {
  return events.map((event) => {
    const decoded = 'bytes' in event ? decodeEvent(event.bytes) : { ok: true as const, value: event.value };
    if (!decoded.ok) return decoded;
    const normalised = normaliseContact(event.kind, decoded.value, options);
    return normalised.ok ? { ok: true, contact: prepareContact(normalised.contact) } : normalised;
  });
}
