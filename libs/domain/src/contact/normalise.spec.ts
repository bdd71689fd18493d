import { customerHasher } from './customer-hash.js';
import { decodeEvent, normaliseContact, type NewContact, type Normalised, type NormaliseOptions, type Rejection } from './normalise.js';

const hashCustomer = customerHasher('test-secret');
const options: NormaliseOptions = {
  now: new Date('2024-06-01T12:00:00Z'),
  maxTextBytes: 65_536,
  maxFutureSkewMs: 24 * 60 * 60 * 1000,
  hashCustomer,
};

const aTicket = (overrides: Record<string, unknown> = {}) => ({
  id: 'T-1001',
  createdAt: '2024-05-01T09:30:00Z',
  channel: 'email',
  subject: 'Washer leaks',
  description: 'The drum leaks after every wash.',
  ...overrides,
});

const aWarrantyClaim = (overrides: Record<string, unknown> = {}) => ({
  id: 'W-77',
  createdAt: '2024-05-02T08:00:00+02:00',
  productSku: 'WM-1400',
  failureDescription: 'Motor burnt out after 3 months.',
  ...overrides,
});

const aComplaint = (overrides: Record<string, unknown> = {}) => ({
  id: 'C-5',
  createdAt: '2024-05-03',
  text: 'Nobody called me back.',
  ...overrides,
});

function contactOf(result: Normalised): NewContact {
  if (!result.ok) throw new Error(`expected a contact, got ${JSON.stringify(result.rejection)}`);
  return result.contact;
}

function rejectionOf(result: Normalised | ReturnType<typeof decodeEvent>): Rejection {
  if (result.ok) throw new Error('expected a rejection');
  return result.rejection;
}

describe('decodeEvent', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('parses a UTF-8 JSON value', () => {
    expect(decodeEvent(bytes('{"id":"T-1","text":"Grüße"}'))).toEqual({ ok: true, value: { id: 'T-1', text: 'Grüße' } });
  });

  it.each([
    ['an absent value (a tombstone)', null],
    ['an empty value', new Uint8Array()],
  ])('rejects %s as invalid_json', (_case, value) => {
    expect(rejectionOf(decodeEvent(value)).code).toBe('invalid_json');
  });

  it('rejects bytes that are not UTF-8 rather than guessing', () => {
    expect(rejectionOf(decodeEvent(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).code).toBe('invalid_utf8');
  });

  it('rejects malformed JSON without quoting the message', () => {
    const sut = rejectionOf(decodeEvent(bytes('{"email": "jane@example.com",')));
    expect(sut.code).toBe('invalid_json');
    expect(JSON.stringify(sut)).not.toContain('jane');
  });
});

describe('normaliseContact', () => {
  describe('a ticket', () => {
    it('becomes a contact with subject and description as its text', () => {
      const sut = contactOf(
        normaliseContact(
          'ticket',
          aTicket({ productSku: 'WM-1400', language: 'en-gb', customerId: 'CUST-42', source: 'Zendesk' }),
          options,
        ),
      );
      expect(sut).toEqual({
        kind: 'ticket',
        source: 'zendesk',
        sourceId: 'T-1001',
        occurredAt: new Date('2024-05-01T09:30:00Z'),
        channel: 'email',
        productSku: 'WM-1400',
        text: 'Washer leaks\n\nThe drum leaks after every wash.',
        language: 'en-GB',
        customerHash: hashCustomer('CUST-42'),
        attributes: {},
      });
    });

    it('uses the description alone when there is no subject', () => {
      expect(contactOf(normaliseContact('ticket', aTicket({ subject: undefined }), options)).text).toBe(
        'The drum leaks after every wash.',
      );
    });

    it('keeps its order id and tags as attributes', () => {
      const sut = contactOf(normaliseContact('ticket', aTicket({ orderId: 9001, tags: ['leak', 'urgent'] }), options));
      expect(sut.attributes).toEqual({ orderId: '9001', tags: ['leak', 'urgent'] });
    });

    it('turns a numeric id into a string', () => {
      expect(contactOf(normaliseContact('ticket', aTicket({ id: 42 }), options)).sourceId).toBe('42');
    });

    it('names the source "unspecified" when the sender does not', () => {
      expect(contactOf(normaliseContact('ticket', aTicket(), options)).source).toBe('unspecified');
    });

    it('treats null and blank optional fields as not given', () => {
      const sut = contactOf(
        normaliseContact('ticket', aTicket({ subject: null, productSku: '', customerId: ' ', language: null, tags: null }), options),
      );
      expect(sut).toMatchObject({ productSku: null, customerHash: null, language: null, attributes: {} });
      expect(sut.text).toBe('The drum leaks after every wash.');
    });
  });

  describe('a warranty claim', () => {
    it('becomes a contact with the failure description as its text', () => {
      const sut = contactOf(
        normaliseContact('warranty_claim', aWarrantyClaim({ serialNumber: 'SN-1', purchaseDate: '2024-01-15', dealerId: 17 }), options),
      );
      expect(sut).toEqual({
        kind: 'warranty_claim',
        source: 'unspecified',
        sourceId: 'W-77',
        occurredAt: new Date('2024-05-02T06:00:00Z'),
        channel: null,
        productSku: 'WM-1400',
        text: 'Motor burnt out after 3 months.',
        language: null,
        customerHash: null,
        attributes: { serialNumber: 'SN-1', purchaseDate: '2024-01-15', dealerId: '17' },
      });
    });

    it('keeps the channel when the sender gives one', () => {
      expect(contactOf(normaliseContact('warranty_claim', aWarrantyClaim({ channel: 'store' }), options)).channel).toBe('store');
    });
  });

  describe('a complaint', () => {
    it('becomes a contact with its text, and its severity as an attribute', () => {
      const sut = contactOf(normaliseContact('complaint', aComplaint({ severity: 'high', channel: 'letter' }), options));
      expect(sut).toMatchObject({
        kind: 'complaint',
        sourceId: 'C-5',
        occurredAt: new Date('2024-05-03T00:00:00Z'),
        channel: 'letter',
        text: 'Nobody called me back.',
        language: null,
        attributes: { severity: 'high' },
      });
    });

    it('has no channel when the sender gives none', () => {
      expect(contactOf(normaliseContact('complaint', aComplaint(), options)).channel).toBeNull();
    });
  });

  describe('privacy', () => {
    it('never carries the raw customer id, only its hash', () => {
      const sut = contactOf(normaliseContact('complaint', aComplaint({ customerId: 'CUST-00042' }), options));
      expect(sut.customerHash).toBe(hashCustomer('CUST-00042'));
      expect(sut.attributes).not.toHaveProperty('customerId');
      expect(JSON.stringify(sut)).not.toContain('CUST-00042');
    });

    it('hashes a numeric customer id like its string form', () => {
      const sut = contactOf(normaliseContact('ticket', aTicket({ customerId: 42 }), options));
      expect(sut.customerHash).toBe(hashCustomer('42'));
    });

    it('redacts the text and counts what it took out', () => {
      const result = normaliseContact('ticket', aTicket({ description: 'Call me on 020 7946 0958 or jane@example.com' }), options);
      expect(contactOf(result).text).toBe('Washer leaks\n\nCall me on [PHONE] or [EMAIL]');
      expect(result.ok && result.redactions).toEqual({ PHONE: 1, EMAIL: 1 });
    });

    it('keeps unknown fields as attributes, redacted, and adds their findings to the counts', () => {
      const event = aComplaint({
        zendeskVia: 'web_form',
        requester: { email: 'jane@example.com', phones: ['+44 20 7946 0958'] },
        priority: 2,
      });
      const result = normaliseContact('complaint', event, options);
      expect(contactOf(result).attributes).toEqual({
        zendeskVia: 'web_form',
        requester: { email: '[EMAIL]', phones: ['[PHONE]'] },
        priority: 2,
      });
      expect(result.ok && result.redactions).toEqual({ EMAIL: 1, PHONE: 1 });
    });

    it('redacts kind-specific attributes too', () => {
      const sut = contactOf(normaliseContact('ticket', aTicket({ tags: ['vip', 'jane@example.com'] }), options));
      expect(sut.attributes).toEqual({ tags: ['vip', '[EMAIL]'] });
    });
  });

  describe('storage safety', () => {
    it('drops NUL characters, which PostgreSQL cannot store', () => {
      const sut = contactOf(normaliseContact('complaint', aComplaint({ text: 'bro\u0000ken', note: 'a\u0000b' }), options));
      expect(sut.text).toBe('broken');
      expect(sut.attributes).toEqual({ note: 'ab' });
    });

    it('drops NUL characters from nested attribute values and keys', () => {
      const sut = contactOf(normaliseContact('complaint', aComplaint({ extra: { deep: [{ 'k\u0000ey': 'v\u0000al' }, 'fine'], ok: 1 } }), options));
      expect(sut.attributes).toEqual({ extra: { deep: [{ key: 'val' }, 'fine'], ok: 1 } });
    });

    it('stores attributes without NUL as sent, as copies that share nothing with the event', () => {
      const event: Record<string, unknown> = aTicket({ tags: ['a', 'b'], extra: { nested: [{ x: 1, y: null, z: 'jane@example.com' }] } });
      const sut = contactOf(normaliseContact('ticket', event, options));
      expect(sut.attributes).toEqual({ tags: ['a', 'b'], extra: { nested: [{ x: 1, y: null, z: '[EMAIL]' }] } });
      expect(sut.attributes.tags).not.toBe(event.tags);
      expect(sut.attributes.extra).not.toBe(event.extra);
      expect(event.extra).toEqual({ nested: [{ x: 1, y: null, z: 'jane@example.com' }] });
    });

    it('sums the text\'s and the attributes\' redactions, the text\'s kinds first', () => {
      const result = normaliseContact('complaint', aComplaint({ text: 'call +44 20 7946 0958 or jane@example.com', note: 'bob@example.com, 4111 1111 1111 1111' }), options);
      if (!result.ok) throw new Error('expected a contact');
      expect(Object.entries(result.redactions)).toEqual([['EMAIL', 2], ['PHONE', 1], ['CARD', 1]]);
    });

    it('keeps a "__proto__" field as a plain attribute', () => {
      const event = JSON.parse('{"id":"C-9","createdAt":"2024-05-03","text":"hi","__proto__":{"polluted":true}}') as unknown;
      const sut = contactOf(normaliseContact('complaint', event, options));
      expect(Object.keys(sut.attributes)).toEqual(['__proto__']);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  describe('rejections', () => {
    const rejected = (kind: Parameters<typeof normaliseContact>[0], event: unknown, opts = options) =>
      rejectionOf(normaliseContact(kind, event, opts));

    it.each([
      ['an array', []],
      ['a string', 'ticket'],
      ['null', null],
    ])('rejects %s as not_an_object', (_case, event) => {
      expect(rejected('ticket', event)).toMatchObject({ code: 'not_an_object' });
    });

    it.each([
      ['ticket', 'createdAt', aTicket({ createdAt: undefined })],
      ['ticket', 'channel', aTicket({ channel: undefined })],
      ['ticket', 'description', aTicket({ description: undefined })],
      ['ticket', 'id', aTicket({ id: null })],
      ['warranty_claim', 'productSku', aWarrantyClaim({ productSku: undefined })],
      ['warranty_claim', 'failureDescription', aWarrantyClaim({ failureDescription: undefined })],
      ['complaint', 'text', aComplaint({ text: undefined })],
    ] as const)('rejects a %s without %s as missing_field', (kind, field, event) => {
      expect(rejected(kind, event)).toEqual({ code: 'missing_field', field, problem: 'is required', expected: expect.any(String) });
    });

    it('rejects an unknown channel and lists the channels it accepts', () => {
      expect(rejected('ticket', aTicket({ channel: 'fax' }))).toEqual({
        code: 'unknown_channel',
        field: 'channel',
        problem: 'must be one of email, phone, chat, web, social, store, letter, other',
        expected: 'one of email, phone, chat, web, social, store, letter, other',
      });
    });

    it('rejects a channel in the wrong case rather than guessing', () => {
      expect(rejected('complaint', aComplaint({ channel: 'Email' })).code).toBe('unknown_channel');
    });

    it.each([
      ['a boolean id', 'ticket', aTicket({ id: true }), 'id'],
      ['a fractional id', 'ticket', aTicket({ id: 1.5 }), 'id'],
      ['a blank id', 'ticket', aTicket({ id: '  ' }), 'id'],
      ['a text that is not a string', 'complaint', aComplaint({ text: 42 }), 'text'],
      ['a tag that is not a string', 'ticket', aTicket({ tags: ['ok', 7] }), 'tags.1'],
      ['a language that is not a code', 'ticket', aTicket({ language: 'English!' }), 'language'],
      ['an unknown severity', 'complaint', aComplaint({ severity: 'critical' }), 'severity'],
      ['a blank product SKU on a claim', 'warranty_claim', aWarrantyClaim({ productSku: ' ' }), 'productSku'],
      ['a source that is not a string', 'ticket', aTicket({ source: 5 }), 'source'],
    ] as const)('rejects %s as invalid_field', (_case, kind, event, field) => {
      expect(rejected(kind, event)).toMatchObject({ code: 'invalid_field', field });
    });

    it('says what a field must be in words a sender can act on', () => {
      expect(rejected('ticket', aTicket({ tags: ['ok', 7] }))).toEqual({
        code: 'invalid_field',
        field: 'tags.1',
        problem: 'must be a string',
        expected: 'a string',
      });
    });

    it.each([
      ['a word', 'yesterday'],
      ['a locale-dependent date', '03/04/2024'],
      ['a timestamp without a time zone', '2024-05-01T09:30:00'],
      ['a day that does not exist', '2024-02-30'],
      ['a number', 1714555800000],
      ['a year before 1990', '1989-12-31'],
      ['the Unix epoch', '1970-01-01T00:00:00Z'],
    ])('rejects %s as invalid_date', (_case, createdAt) => {
      expect(rejected('ticket', aTicket({ createdAt }))).toMatchObject({
        code: 'invalid_date',
        field: 'createdAt',
        expected: expect.any(String),
      });
    });

    it('rejects a purchase date it cannot read as invalid_date', () => {
      expect(rejected('warranty_claim', aWarrantyClaim({ purchaseDate: '15/01/2024' }))).toMatchObject({
        code: 'invalid_date',
        field: 'purchaseDate',
      });
    });

    it('rejects a contact more than the allowed skew in the future as future_date', () => {
      expect(rejected('ticket', aTicket({ createdAt: '2024-06-02T12:00:01Z' }))).toEqual({
        code: 'future_date',
        field: 'createdAt',
        problem: "is more than 24 hours in the future; check the sender's clock",
        expected: 'a time no later than 2024-06-02T12:00:00.000Z',
      });
    });

    it('accepts a contact within the allowed skew of the future', () => {
      expect(normaliseContact('ticket', aTicket({ createdAt: '2024-06-02T11:00:00Z' }), options).ok).toBe(true);
    });

    it.each([
      ['ticket', aTicket({ subject: '  ', description: ' \n\t ' }), 'description'],
      ['warranty_claim', aWarrantyClaim({ failureDescription: '' }), 'failureDescription'],
      ['complaint', aComplaint({ text: '   ' }), 'text'],
    ] as const)('rejects a %s with nothing but whitespace as empty_text', (kind, event, field) => {
      expect(rejected(kind, event)).toMatchObject({ code: 'empty_text', field });
    });

    it('measures text_too_large in UTF-8 bytes, not characters', () => {
      const small = { ...options, maxTextBytes: 10 };
      expect(normaliseContact('complaint', aComplaint({ text: 'aaaaaaaaaa' }), small).ok).toBe(true);
      expect(rejected('complaint', aComplaint({ text: 'éééééé' }), small)).toEqual({
        code: 'text_too_large',
        field: 'text',
        problem: 'is longer than 10 bytes of UTF-8',
        expected: 'at most 10 bytes of UTF-8',
      });
    });

    it('rejects attributes nested deeper than 32 levels as invalid_field', () => {
      let deep: unknown = 'bottom';
      for (let level = 0; level < 40; level++) deep = { deeper: deep };
      expect(rejected('complaint', aComplaint({ payload: deep }))).toMatchObject({ code: 'invalid_field', field: 'payload' });
    });

    it('never quotes the values it rejects', () => {
      const sut = rejected('ticket', aTicket({ customerId: { email: 'jane@example.com' } }));
      expect(sut).toMatchObject({ code: 'invalid_field', field: 'customerId' });
      expect(JSON.stringify(sut)).not.toContain('jane');
    });
  });
});
