import { redact, redactDeep, redactNumber } from './redact.js';

// The kinds added for issue #16 (SSN, National Insurance, IP addresses, dates of birth, passports)
// and the parts of a JSON value that were not redacted before (keys, numbers).

describe('redact: US Social Security numbers', () => {
  it.each([
    ['123-45-6789', 'dashes'],
    ['123 45 6789', 'spaces'],
    ['078-05-1120', 'the Woolworths wallet number: structurally valid, so redacted like any other'],
    ['665-01-0001', 'area 665'],
    ['899-99-9999', 'the highest area outside 9xx'],
  ])('replaces %s (%s)', (ssn) => {
    const sut = redact(`my SSN is ${ssn}, thanks`);
    expect(sut.text).toBe('my SSN is [SSN], thanks');
    expect(sut.counts).toEqual({ SSN: 1 });
  });

  it.each([
    ['000-12-3456', 'area 000'],
    ['666-12-3456', 'area 666'],
    ['900-12-3456', 'area 9xx'],
    ['123-00-4567', 'group 00'],
    ['123-45-0000', 'serial 0000'],
    ['123-45 6789', 'mixed separators'],
    ['123-45-67890', 'a digit too many'],
  ])('keeps %s (%s)', (value) => {
    const text = `reference ${value} here`;
    expect(redact(text)).toEqual({ text, counts: {} });
  });

  it('finds nine bare digits only after "SSN" or "social security"', () => {
    expect(redact('SSN: 123456789').text).toBe('SSN: [SSN]');
    expect(redact('social security number is 123456789.').text).toBe('social security number is [SSN].');
    expect(redact('order 123456789 is late').text).toBe('order 123456789 is late');
    expect(redact('SSN 000123456').text).toBe('SSN 000123456');
  });
});

describe('redact: UK National Insurance numbers', () => {
  it.each([['AB123456C'], ['AB 12 34 56 C'], ['ab123456d'], ['JG 123456 A'], ['ZY987654B']])('replaces %s', (nino) => {
    const sut = redact(`NI number ${nino} please`);
    expect(sut.text).toBe('NI number [NATIONAL_INSURANCE] please');
    expect(sut.counts).toEqual({ NATIONAL_INSURANCE: 1 });
  });

  it.each([
    ['DA123456A', 'first letter D'],
    ['FA123456A', 'first letter F'],
    ['QQ123456C', 'first letter Q (HMRC’s own example)'],
    ['VA123456A', 'first letter V'],
    ['AO123456A', 'second letter O'],
    ['AI123456A', 'second letter I'],
    ['BG123456A', 'prefix BG'],
    ['GB123456A', 'prefix GB'],
    ['NK123456A', 'prefix NK'],
    ['KN123456A', 'prefix KN'],
    ['TN123456A', 'prefix TN'],
    ['NT123456A', 'prefix NT'],
    ['ZZ123456A', 'prefix ZZ'],
    ['AB123456E', 'suffix E'],
    ['AB12345C', 'five digits'],
    ['XAB123456C', 'inside a longer code'],
  ])('keeps %s (%s)', (value) => {
    const text = `code ${value} here`;
    expect(redact(text)).toEqual({ text, counts: {} });
  });
});

describe('redact: IP addresses', () => {
  it.each([
    ['192.168.100.200'],
    ['10.0.0.1'],
    ['255.255.255.255'],
    ['2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
    ['2001:db8::1'],
    ['fe80::1ff:fe23:4567:890a'],
    ['::ffff:192.0.2.128'],
    ['2001:DB8:0:0:8:800:200C:417A'],
  ])('replaces %s', (ip) => {
    const sut = redact(`logged in from ${ip}.`);
    expect(sut.text).toBe('logged in from [IP_ADDRESS].');
    expect(sut.counts).toEqual({ IP_ADDRESS: 1 });
  });

  it.each([
    ['256.1.1.1', 'an octet over 255'],
    ['1.2.3', 'three parts'],
    ['firmware 2.13.104.7.1', 'a five-part version'],
    ['v1.2.3.4', 'a version glued to a letter'],
    ['10:30:45', 'a time'],
    ['00:1A:2B:3C:4D:5E', 'a MAC address'],
    ['10::30', 'too few hex digits'],
    ['std::vector', 'C++'],
    ['12:34:56:78:9a:bc:de:f0:12', 'nine groups'],
  ])('keeps %s (%s)', (value) => {
    const text = `seen ${value} here`;
    expect(redact(text)).toEqual({ text, counts: {} });
  });
});

describe('redact: dates of birth', () => {
  it.each([
    ['born 17/05/1990', 'born [DATE_OF_BIRTH]'],
    ['I was born on 1990-05-17 in Leeds', 'I was born on [DATE_OF_BIRTH] in Leeds'],
    ['DOB: 05/17/90', 'DOB: [DATE_OF_BIRTH]'],
    ['D.O.B. 17.05.1990', 'D.O.B. [DATE_OF_BIRTH]'],
    ['date of birth is 17th May 1990', 'date of birth is [DATE_OF_BIRTH]'],
    ['Birthday: May 17, 1990', 'Birthday: [DATE_OF_BIRTH]'],
    ['born on the 3rd of March 1985', 'born on the [DATE_OF_BIRTH]'],
  ])('replaces the date in "%s"', (text, expected) => {
    const sut = redact(text);
    expect(sut.text).toBe(expected);
    expect(sut.counts).toEqual({ DATE_OF_BIRTH: 1 });
  });

  it.each([
    ['delivered 17/05/2024'],
    ['ordered on 1990-05-17'],
    ['the card was born 3 weeks ago'],
    ['born 45/13/1990'],
    ['stubborn 17/05/1990'],
  ])('keeps "%s" (not a date after a birth word)', (text) => {
    expect(redact(text)).toEqual({ text, counts: {} });
  });
});

describe('redact: passport numbers', () => {
  it.each([
    ['passport number 123456789', 'passport number [PASSPORT]'],
    ['Passport No. L898902C3 expired', 'Passport No. [PASSPORT] expired'],
    ['my passport is C01X00T47', 'my passport is [PASSPORT]'],
    ['PASSPORT #: 12AB34567', 'PASSPORT #: [PASSPORT]'],
  ])('replaces the number in "%s"', (text, expected) => {
    const sut = redact(text);
    expect(sut.text).toBe(expected);
    expect(sut.counts).toEqual({ PASSPORT: 1 });
  });

  it.each([['order 123456789 is late'], ['passport photos are 12345 pixels'], ['passport renewal takes ABCDEFGH days']])('keeps "%s"', (text) => {
    expect(redact(text)).toEqual({ text, counts: {} });
  });
});

describe('redactNumber', () => {
  it.each([
    [4111111111111111, '[CARD]', 'a Visa test card'],
    [5555555555554444, '[CARD]', 'a Mastercard test card'],
    [378282246310005, '[CARD]', 'an Amex test card'],
    [2125550199, '[PHONE]', 'a North American number'],
    [12125550199, '[PHONE]', 'a North American number with its 1'],
    [447700900123, '[PHONE]', 'a UK mobile in E.164 without +'],
    [4915112345679, '[PHONE]', 'a German mobile in E.164 without +'],
    [4915112345678, '[CARD]', 'a German mobile that also passes Luhn: a card first, redacted either way'],
    [123456789, '[SSN]', 'nine digits passing the SSN rules'],
    [-4111111111111111, '[CARD]', 'a negative card number'],
    // eslint-disable-next-line no-loss-of-precision -- the point of the case: a number past 2^53 arrives already rounded
    [4111111111111111111, '[CARD]', 'past 2^53: withheld unchecked'],
  ])('replaces %d with %s (%s)', (value, expected) => {
    expect(redactNumber(value).value).toBe(expected);
  });

  it.each([
    [42, 'a count'],
    [12345678, 'eight digits'],
    [19.99, 'an amount'],
    [4111111111111111.5, 'a fraction'],
    [1733571234, 'epoch seconds'],
    [1733571234567, 'epoch milliseconds'],
    [666123456, 'nine digits failing the SSN rules (area 666)'],
    [900123456, 'nine digits failing the SSN rules (area 9xx)'],
    [1234567890, 'ten digits with area code 1'],
    [4111111111111112, 'sixteen digits failing Luhn, too long for a phone'],
    [1e21, 'too long for any kind'],
  ])('keeps %d (%s)', (value) => {
    expect(redactNumber(value)).toEqual({ value, counts: {} });
  });
});

describe('redactDeep: keys and numbers', () => {
  it('redacts keys at any depth and counts them', () => {
    const sut = redactDeep({ extra: { 'jane.doe@example.com': 'yes', nested: [{ 'call +44 20 7946 0958': 1 }] } });
    expect(sut.value).toEqual({ extra: { '[EMAIL]': 'yes', nested: [{ 'call [PHONE]': 1 }] } });
    expect(sut.counts).toEqual({ EMAIL: 1, PHONE: 1 });
  });

  it('keeps every value when redacted keys coincide', () => {
    const sut = redactDeep({ 'a@example.com': 1, '[EMAIL]': 2, 'b@example.com': 3 });
    expect(sut.value).toEqual({ '[EMAIL] (2)': 1, '[EMAIL]': 2, '[EMAIL] (3)': 3 });
  });

  it('keeps a "__proto__" key as a plain key', () => {
    const sut = redactDeep(JSON.parse('{"__proto__": {"x": "jane@example.com"}}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(sut.value)).toBe(Object.prototype);
    expect(Object.keys(sut.value)).toEqual(['__proto__']);
    expect(JSON.stringify(sut.value)).toBe('{"__proto__":{"x":"[EMAIL]"}}');
  });

  it('replaces numbers that are personal data with their placeholder string', () => {
    const sut = redactDeep({ contactNumber: 4111111111111111, quantity: 3, list: [2125550199, 7] });
    expect(sut.value).toEqual({ contactNumber: '[CARD]', quantity: 3, list: ['[PHONE]', 7] });
    expect(sut.counts).toEqual({ CARD: 1, PHONE: 1 });
  });
});
