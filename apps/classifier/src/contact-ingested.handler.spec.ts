import { parseContactMessage } from './contact-ingested.handler.js';

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
