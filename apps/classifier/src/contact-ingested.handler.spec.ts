import type { ConsumedBatch } from '@frictionlens/kafka';
import type { ClassificationService, ClassifyOutcome } from './classification.service.js';
import { CLASSIFY_SLICE, ContactIngestedHandler, parseContactMessage } from './contact-ingested.handler.js';

const aContactMessage = (overrides: Record<string, unknown> = {}) =>
  Buffer.from(
    JSON.stringify({
      contactId: '42',
      kind: 'ticket',
      source: 'zendesk',
      sourceId: 'T-1',
      occurredAt: '2026-05-04T09:30:00Z',
      receivedAt: '2026-05-04T09:30:01Z',
      channel: 'email',
      productSku: null,
      language: null,
      customerHash: null,
      ...overrides,
    }),
  );

describe('parseContactMessage', () => {
  it('reads the contact id of a valid cx.contacts.v1 message', () => {
    expect(parseContactMessage(aContactMessage())).toEqual({ contactId: '42' });
  });

  it.each([
    ['an empty value', null, 'empty_message', undefined],
    ['invalid JSON', Buffer.from('{"contactId": 4'), 'invalid_json', undefined],
    ['a missing field', aContactMessage({ kind: undefined }), 'invalid_contact', 'kind'],
    ['a contact id that is not a positive integer', aContactMessage({ contactId: "1; DROP TABLE contacts" }), 'invalid_contact', 'contactId'],
  ])('rejects %s with a reason', (_case, value, code, field) => {
    const sut = parseContactMessage(value);
    expect(sut).toMatchObject({ code });
    if (field) expect(sut).toMatchObject({ field });
  });
});

describe('ContactIngestedHandler', () => {
  const outcomeOf = (ids: string[]): ClassifyOutcome => ({ classified: ids.length - 1, unclassified: 1, missing: 0, embedded: ids.length });
  const aBatch = (ids: string[], beats: string[]) => ({
    messages: ids.map((contactId, offset) => ({ offset: String(offset), value: aContactMessage({ contactId }) })),
    heartbeat: async () => void beats.push('heartbeat'),
  });

  it('classifies a large batch in slices with a heartbeat after each, so the group keeps the partition', async () => {
    const calls: string[] = [];
    const classification = { waitsForFirstModel: async () => false, classify: async (ids: string[]) => (calls.push(`classify ${ids.length}`), outcomeOf(ids)) };
    const sut = new ContactIngestedHandler(classification as unknown as ClassificationService, async () => undefined);
    const ids = Array.from({ length: CLASSIFY_SLICE * 2 + 10 }, (_, i) => String(i + 1));
    const outcome = await sut.handle(aBatch([...ids, '1', '2'], calls) as unknown as ConsumedBatch);
    expect(calls).toEqual([`classify ${CLASSIFY_SLICE}`, 'heartbeat', `classify ${CLASSIFY_SLICE}`, 'heartbeat', 'classify 10', 'heartbeat']);
    expect(outcome).toEqual({ classified: ids.length - 3, unclassified: 3, missing: 0, embedded: ids.length, rejected: 0, awaitingFirstModel: 0 });
  });

  it('sends a batch of nothing but poison messages to the dead letters without asking for a classification', async () => {
    const calls: string[] = [];
    const dead: unknown[] = [];
    const classification = { waitsForFirstModel: async () => (calls.push('waits?'), false), classify: async () => (calls.push('classify'), outcomeOf([])) };
    const sut = new ContactIngestedHandler(classification as unknown as ClassificationService, async (messages) => void dead.push(...messages));
    const batch = { messages: [{ offset: '0', value: Buffer.from('{') }], heartbeat: async () => undefined, topic: 'cx.contacts.v1', partition: 0 };
    const outcome = await sut.handle(batch as unknown as ConsumedBatch);
    expect(calls).toEqual([]);
    expect(dead).toHaveLength(1);
    expect(outcome.rejected).toBe(1);
  });

  it('before any model exists, leaves the contacts to the first model and finishes the batch, poison still set aside', async () => {
    const calls: string[] = [];
    const dead: unknown[] = [];
    const classification = { waitsForFirstModel: async () => true, classify: async (ids: string[]) => (calls.push(`classify ${ids.length}`), outcomeOf(ids)) };
    const sut = new ContactIngestedHandler(classification as unknown as ClassificationService, async (messages) => void dead.push(...messages));
    const batch = aBatch(['7', '8', '7'], calls);
    batch.messages.push({ offset: '3', value: Buffer.from('{') });
    const outcome = await sut.handle(batch as unknown as ConsumedBatch);
    expect(calls).toEqual([]);
    expect(dead).toHaveLength(1);
    expect(outcome).toEqual({ classified: 0, unclassified: 0, missing: 0, embedded: 0, rejected: 1, awaitingFirstModel: 2 });
  });
});
