import { customerHasher } from './customer-hash.js';
import { DefaultNormaliseLimits, normaliseContact, RedactedIdentifierPrefix, type NewContact, type Normalised, type NormaliseOptions, type Rejection } from './normalise.js';

// Issue #16: personal data where the redactor did not look (keys, numbers, identifiers), lone
// surrogates that PostgreSQL refuses, and attributes that bypassed the text limit.

const options: NormaliseOptions = {
  now: new Date('2024-06-01T12:00:00Z'),
  maxTextBytes: 65_536,
  maxFutureSkewMs: 24 * 60 * 60 * 1000,
  hashCustomer: customerHasher('test-secret'),
};

const aTicket = (overrides: Record<string, unknown> = {}) => ({
  id: 'T-1001',
  createdAt: '2024-05-01T09:30:00Z',
  channel: 'email',
  subject: 'Washer leaks',
  description: 'The drum leaks after every wash.',
  ...overrides,
});

function contactOf(result: Normalised): NewContact {
  if (!result.ok) throw new Error(`expected a contact, got ${JSON.stringify(result.rejection)}`);
  return result.contact;
}

function rejectionOf(result: Normalised): Rejection {
  if (result.ok) throw new Error('expected a rejection');
  return result.rejection;
}

// JSON.parse turns "\ud800" escapes into lone surrogates, as a Kafka or HTTP body would.
const parsed = (json: string): unknown => JSON.parse(json) as unknown;

describe('normaliseContact: personal data outside the text', () => {
  it('redacts attribute keys, numbers, tags and the order id', () => {
    const event = aTicket({
      orderId: 'jane.doe@example.com',
      tags: ['vip', 'call +44 20 7946 0958'],
      extra: { 'jane.doe@example.com': 'yes', ip: '192.168.1.20' },
      contactNumber: 4111111111111111,
      quantity: 2,
    });
    const result = normaliseContact('ticket', event, options);
    const sut = contactOf(result);
    expect(sut.attributes).toEqual({
      orderId: '[EMAIL]',
      tags: ['vip', 'call [PHONE]'],
      extra: { '[EMAIL]': 'yes', ip: '[IP_ADDRESS]' },
      contactNumber: '[CARD]',
      quantity: 2,
    });
    expect(result.ok && result.redactions).toEqual({ EMAIL: 2, PHONE: 1, IP_ADDRESS: 1, CARD: 1 });
  });

  it('redacts the new kinds in the text', () => {
    const sut = contactOf(normaliseContact('ticket', aTicket({ description: 'SSN 123-45-6789, NI AB123456C, born 17/05/1990, passport 123456789, from 2001:db8::1' }), options));
    expect(sut.text).toBe('Washer leaks\n\nSSN [SSN], NI [NATIONAL_INSURANCE], born [DATE_OF_BIRTH], passport [PASSPORT], from [IP_ADDRESS]');
  });

  it.each([
    ['id', { id: 'jane.doe@example.com' }, 'sourceId'],
    ['id', { id: '4111111111111111' }, 'sourceId'],
    ['id', { id: 'AB123456C' }, 'sourceId'],
    ['id', { id: '10.1.2.3' }, 'sourceId'],
    ['productSku', { productSku: 'SKU-jane.doe@example.com' }, 'productSku'],
    ['productSku', { productSku: '+44 20 7946 0958' }, 'productSku'],
    ['source', { source: 'jane@example.com' }, 'source'],
  ] as const)('replaces a %s holding personal data by its keyed hash', (field, overrides, column) => {
    const first = contactOf(normaliseContact('ticket', aTicket(overrides), options));
    const again = contactOf(normaliseContact('ticket', aTicket(overrides), options));
    const value = first[column] as string;
    expect(value).toMatch(new RegExp(`^${RedactedIdentifierPrefix}[0-9a-f]{64}$`));
    expect(again[column]).toBe(value); // a re-sent event is still the same contact
    expect(JSON.stringify(first)).not.toContain(String(Object.values(overrides)[0]));
    expect(field).toBeDefined();
  });

  it('gives different hashes to different personal ids, and to one value in different fields', () => {
    const a = contactOf(normaliseContact('ticket', aTicket({ id: 'a@example.com', productSku: 'a@example.com' }), options));
    const b = contactOf(normaliseContact('ticket', aTicket({ id: 'b@example.com' }), options));
    expect(a.sourceId).not.toBe(b.sourceId);
    expect(a.sourceId).not.toBe(a.productSku);
  });

  it('counts what it found in identifiers', () => {
    const result = normaliseContact('ticket', aTicket({ id: 'jane@example.com' }), options);
    expect(result.ok && result.redactions).toEqual({ EMAIL: 1 });
  });

  it.each([['T-1001'], ['ORD-2024-000123'], ['42'], ['WM-1400']])('keeps an ordinary id %s as it is', (id) => {
    expect(contactOf(normaliseContact('ticket', aTicket({ id, productSku: id }), options))).toMatchObject({ sourceId: id, productSku: id });
  });
});

describe('normaliseContact: lone surrogates', () => {
  it.each([
    ['the id', '{"id":"T-\\ud800","createdAt":"2024-05-01","channel":"email","description":"x"}', 'id'],
    ['the description', '{"id":"T-1","createdAt":"2024-05-01","channel":"email","description":"bad \\udc00 text"}', 'description'],
    ['the subject', '{"id":"T-1","createdAt":"2024-05-01","channel":"email","subject":"\\udbff","description":"x"}', 'subject'],
    ['a tag', '{"id":"T-1","createdAt":"2024-05-01","channel":"email","description":"x","tags":["ok","\\ud83d"]}', 'tags.1'],
    ['a nested attribute', '{"id":"T-1","createdAt":"2024-05-01","channel":"email","description":"x","extra":{"a":[{"b":"\\ude00x"}]}}', 'extra.a.0.b'],
    ['a nested key', '{"id":"T-1","createdAt":"2024-05-01","channel":"email","description":"x","extra":{"\\ud800":1}}', 'extra'],
    ['the customer id', '{"id":"T-1","createdAt":"2024-05-01","channel":"email","description":"x","customerId":"c\\ud800"}', 'customerId'],
  ])('rejects %s holding one as invalid_unicode, naming the field', (_what, json, field) => {
    const sut = rejectionOf(normaliseContact('ticket', parsed(json), options));
    expect(sut).toMatchObject({ code: 'invalid_unicode', field });
    expect(JSON.stringify(sut)).not.toMatch(/[\ud800-\udfff]/);
  });

  it('rejects a top-level field name holding one', () => {
    const sut = rejectionOf(normaliseContact('ticket', parsed('{"id":"T-1","createdAt":"2024-05-01","channel":"email","description":"x","\\udc00":1}'), options));
    expect(sut.code).toBe('invalid_unicode');
    expect(sut.field).toBeUndefined();
  });

  it('accepts a surrogate pair (an emoji)', () => {
    const sut = contactOf(normaliseContact('ticket', parsed('{"id":"T-\\ud83d\\ude00","createdAt":"2024-05-01","channel":"email","description":"ok \\ud83d\\ude00"}'), options));
    expect(sut.sourceId).toBe('T-😀');
  });

  it('never accepts two ids that differ only by lone surrogates (they would be one id once stored as UTF-8)', () => {
    const ids = ['"T-\\ud800"', '"T-\\udbff"'].map((id) => normaliseContact('ticket', parsed(`{"id":${id},"createdAt":"2024-05-01","channel":"email","description":"x"}`), options));
    expect(ids.map((r) => r.ok)).toEqual([false, false]);
  });
});

describe('normaliseContact: size of the fields other than the text', () => {
  it('rejects a 400 KB attribute as attributes_too_large, naming it', () => {
    const sut = rejectionOf(normaliseContact('ticket', aTicket({ blob: 'x'.repeat(400_000), small: 'y' }), options));
    expect(sut).toMatchObject({ code: 'attributes_too_large', field: 'blob' });
    expect(sut.problem).toContain(String(DefaultNormaliseLimits.maxAttributeBytes));
  });

  it('counts nested values and multi-byte characters in UTF-8 bytes', () => {
    const limit = { ...options, maxAttributeBytes: 1_000 };
    expect(rejectionOf(normaliseContact('ticket', aTicket({ extra: { list: ['é'.repeat(300), 'é'.repeat(300)] } }), limit)).code).toBe('attributes_too_large');
    expect(normaliseContact('ticket', aTicket({ extra: { list: ['é'.repeat(200), 'é'.repeat(200)] } }), limit).ok).toBe(true);
  });

  it('accepts attributes just under the limit, where only the exact measure can tell', () => {
    const limit = { ...options, maxAttributeBytes: 2_000 };
    // 1,800 ASCII characters: the upper bound (3 bytes each) is over, the exact size is under.
    expect(normaliseContact('ticket', aTicket({ note: 'a'.repeat(1_800) }), limit).ok).toBe(true);
    expect(normaliseContact('ticket', aTicket({ note: 'a'.repeat(2_000) }), limit).ok).toBe(false);
  });

  it('does not count the text, which has its own limit', () => {
    const limit = { ...options, maxAttributeBytes: 1_000 };
    expect(normaliseContact('ticket', aTicket({ description: 'word '.repeat(2_000) }), limit).ok).toBe(true);
  });
});
