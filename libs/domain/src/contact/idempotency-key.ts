/**
 * What makes two deliveries the same contact: the kind, the sending system and its id. The same
 * event delivered twice, or re-sent by its source, maps to one key and so to one stored contact.
 */
export function idempotencyKey(contact: { kind: string; source: string; sourceId: string }): string {
  return `${contact.kind}\u0000${contact.source}\u0000${contact.sourceId}`;
}
