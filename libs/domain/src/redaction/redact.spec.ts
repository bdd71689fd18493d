import { redact, redactDeep } from './redact.js';

describe('redact', () => {
  describe('emails', () => {
    it.each([
      ['jane.doe@example.com'],
      ['jane.doe+returns@mail.example.co.uk'],
      ['J_Smith-99@Example.ORG'],
      ['jürgen.müller@beispiel.de'],
    ])('replaces %s with [EMAIL]', (email) => {
      const sut = redact(`write to ${email} please`);
      expect(sut.text).toBe('write to [EMAIL] please');
      expect(sut.counts).toEqual({ EMAIL: 1 });
    });

    it('keeps the full stop that ends a sentence', () => {
      expect(redact('Mail me at jane@example.com.').text).toBe('Mail me at [EMAIL].');
    });

    it('leaves social handles and a lone @ alone', () => {
      expect(redact('tweeted @acme_support @ 10am').text).toBe('tweeted @acme_support @ 10am');
    });
  });

  describe('card numbers', () => {
    it.each([
      ['4111 1111 1111 1111', 'Visa in groups of four'],
      ['4111-1111-1111-1111', 'Visa with dashes'],
      ['5555555555554444', 'Mastercard unbroken'],
      ['3782 822463 10005', 'Amex 4-6-5'],
      ['6011 1111 1111 1117', 'Discover'],
      ['4222222222222', 'a 13-digit Visa'],
    ])('replaces %s (%s) and keeps none of its digits', (card) => {
      const sut = redact(`charged ${card} twice`);
      expect(sut.text).toBe('charged [CARD] twice');
      expect(sut.counts).toEqual({ CARD: 1 });
    });

    it('keeps a 16-digit number that fails the Luhn check', () => {
      expect(redact('ref 4111 1111 1111 1112').text).toBe('ref 4111 1111 1111 1112');
    });

    it('finds a card among other numbers without eating them', () => {
      expect(redact('items 12 4111 1111 1111 1111 2025').text).toBe('items 12 [CARD] 2025');
    });

    it('treats a number after "+" as a phone number even when it passes Luhn', () => {
      expect(redact('call +4915112345678').text).toBe('call [PHONE]');
    });
  });

  describe('IBANs', () => {
    it.each([
      ['GB82 WEST 1234 5698 7654 32', 'UK, grouped'],
      ['GB82WEST12345698765432', 'UK, compact'],
      ['gb82 west 1234 5698 7654 32', 'lower case'],
      ['DE89 3704 0044 0532 0130 00', 'German'],
      ['FR14 2004 1010 0505 0001 3M02 606', 'French, with a letter in the account'],
      ['NO93 8601 1117 947', 'Norwegian, the shortest'],
    ])('replaces %s (%s)', (iban) => {
      const sut = redact(`refund to ${iban} thanks`);
      expect(sut.text).toBe('refund to [IBAN] thanks');
      expect(sut.counts).toEqual({ IBAN: 1 });
    });

    it('stops at the IBAN when a four-letter word follows it', () => {
      expect(redact('BE68 5390 0754 7034 Rent for May').text).toBe('[IBAN] Rent for May');
    });

    it('keeps an IBAN-shaped code whose check digits are wrong', () => {
      expect(redact('code GB82 WEST 1234 5698 7654 33').counts).not.toHaveProperty('IBAN');
    });

    it('is not half-eaten by the card or phone passes', () => {
      expect(redact('IBAN DE89 3704 0044 0532 0130 00.').text).toBe('IBAN [IBAN].');
    });
  });

  describe('phone numbers', () => {
    it.each([
      ['+44 20 7946 0958'],
      ['+1 (555) 123-4567'],
      ['+44 (0)20 7946 0958'],
      ['+33 1 23 45 67 89'],
      ['+4915112345678'],
      ['0044 20 7946 0958'],
      ['020 7946 0958'],
      ['07700 900123'],
      ['07700900123'],
      ['(555) 123-4567'],
      ['555-123-4567'],
      ['555.123.4567'],
      ['1-800-555-0199'],
    ])('replaces %s with [PHONE]', (phone) => {
      const sut = redact(`call me on ${phone} today`);
      expect(sut.text).toBe('call me on [PHONE] today');
      expect(sut.counts).toEqual({ PHONE: 1 });
    });

    it.each([
      ['an order number', 'order ORD-2024-000123 is late'],
      ['a bare order number', 'order 2024-000123 is late'],
      ['an unbroken ten-digit reference', 'reference 5551234567'],
      ['an ISO date', 'delivered 2024-05-01'],
      ['a date range', 'between 2024-05-01 and 2024-06-01'],
      ['a slashed date', 'on 01/05/2024'],
      ['a dotted date', 'on 01.05.2024'],
      ['a time', 'at 10:30 and again at 14:45:00'],
      ['an amount with thousands', 'I paid 1,250.00'],
      ['an amount with a currency sign', 'I paid £1250.00 or $1,250'],
      ['a short number', 'extension 1234, 3 items, error E21'],
      ['an ISBN', 'ISBN 978-3-16-148410-0'],
      ['a version', 'firmware 2.13.104'],
    ])('leaves %s alone', (_case, text) => {
      const sut = redact(text);
      expect(sut.text).toBe(text);
      expect(sut.counts).toEqual({});
    });

    it('keeps a date that runs into a phone number', () => {
      expect(redact('on 2024-05-01 020 7946 0958').text).toBe('on 2024-05-01 [PHONE]');
    });

    it('keeps a single digit that follows a phone number', () => {
      expect(redact('rang 020 7946 0958 3 times').text).toBe('rang [PHONE] 3 times');
    });
  });

  describe('addresses', () => {
    it.each([
      ['221B Baker Street'],
      ['12 Main St.'],
      ['1600 Pennsylvania Avenue NW'],
      ['7 St Mary Road'],
      ['12-14 Church Lane'],
      ['10 DOWNING STREET'],
    ])('replaces the street address %s', (street) => {
      expect(redact(`I live at ${street}`).text).toBe('I live at [ADDRESS]');
    });

    it('replaces a UK postcode and a US ZIP+4', () => {
      const sut = redact('London SW1A 1AA or Washington, DC 20500-0003');
      expect(sut.text).toBe('London [ADDRESS] or Washington, DC [ADDRESS]');
      expect(sut.counts).toEqual({ ADDRESS: 2 });
    });

    it.each([
      ['a count of things', 'I bought 3 Blue Towels'],
      ['a time of day', 'waited 2 Hours Today'],
      ['a five-digit number', 'serial 88123'],
      ['a SKU without the postcode space', 'model SW1A1AA'],
    ])('leaves %s alone', (_case, text) => {
      expect(redact(text).text).toBe(text);
    });
  });

  it('counts each kind it replaced and leaves out kinds it did not find', () => {
    const sut = redact('jane@example.com, +44 20 7946 0958, 0161 496 0000, 4111 1111 1111 1111');
    expect(sut.text).toBe('[EMAIL], [PHONE], [PHONE], [CARD]');
    expect(sut.counts).toEqual({ EMAIL: 1, PHONE: 2, CARD: 1 });
  });

  it('returns text without personal data unchanged', () => {
    const text = 'The drum stopped spinning after 3 weeks; error E21 on 2024-05-01.';
    expect(redact(text)).toEqual({ text, counts: {} });
  });
});

describe('redactDeep', () => {
  it('redacts strings at any depth and sums the counts', () => {
    const sut = redactDeep({
      note: 'call 020 7946 0958',
      requester: { email: 'jane@example.com', phones: ['+44 20 7946 0958', 42] },
    });
    expect(sut.value).toEqual({ note: 'call [PHONE]', requester: { email: '[EMAIL]', phones: ['[PHONE]', 42] } });
    expect(sut.counts).toEqual({ PHONE: 2, EMAIL: 1 });
  });

  it('redacts keys, and keeps ordinary keys, numbers, booleans and nulls as they are', () => {
    const value = { 'jane@example.com': true, count: 3, missing: null };
    expect(redactDeep(value).value).toEqual({ '[EMAIL]': true, count: 3, missing: null });
  });

  it('leaves its input untouched', () => {
    const value = { email: 'jane@example.com' };
    redactDeep(value);
    expect(value.email).toBe('jane@example.com');
  });
});
