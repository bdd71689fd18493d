import { hasDigit, replaceNearDigits } from './near-digits.js';

// The address pattern of redact.ts, as it was used with a global replace before.
const SUFFIX = ['Street', 'St', 'Road', 'Rd', 'Avenue', 'Ave', 'Lane', 'Ln', 'Drive', 'Dr', 'Boulevard', 'Blvd', 'Way', 'Court', 'Ct', 'Place', 'Pl', 'Terrace', 'Close', 'Crescent', 'Square', 'Sq', 'Gardens', 'Grove', 'Mews', 'Row', 'Walk', 'Parade', 'Hill', 'Parkway', 'Pkwy', 'Highway', 'Hwy', 'Circle', 'Trail']
  .flatMap((suffix) => [suffix, suffix.toUpperCase()])
  .join('|');
const ADDRESS_SOURCE = [
  `\\d(?<![\\p{L}\\p{N}]\\d)\\d{0,4}[A-Za-z]?(?:-\\d{1,5}[A-Za-z]?)? (?:\\p{Lu}[\\p{L}'’.-]* ){1,4}(?:${SUFFIX})\\.?(?: (?:NE|NW|SE|SW|N|S|E|W)\\b)?(?![\\p{L}\\p{N}])`,
  `[A-Z](?<![\\p{L}\\p{N}][A-Z])(?:[A-Z]?\\d[A-Z\\d]? \\d[ABD-HJLNP-UW-Z]{2}|(?<=G)IR 0AA)(?![\\p{L}\\p{N}])`,
  `\\d(?<![\\p{L}\\p{N}-]\\d)\\d{4}-\\d{4}(?![\\p{L}\\p{N}-])`,
].join('|');

describe('replaceNearDigits', () => {
  const global = new RegExp(ADDRESS_SOURCE, 'gu');
  const sticky = new RegExp(ADDRESS_SOURCE, 'uy');
  const both = (text: string) => {
    let a = 0;
    let b = 0;
    const expected = text.replace(global, (match) => `[${a++}:${match.length}]`);
    const actual = replaceNearDigits(text, sticky, 4, (match) => `[${b++}:${match.length}]`);
    return { expected, actual };
  };

  it.each([
    ['221B Baker Street, London NW1 6XE'],
    ['GIR 0AA and GGIR 0AA and XGIR 0AA'],
    ['Washington, DC 20500-0003 or 12-14 Church Lane'],
    ['no digits here At All'],
    ['9'],
    [''],
    ['💳221B Baker Street💳 SW1A 1AA💳'],
    ['1 2 3 Main St 4 5 SW1A 1AA1 20500-00031'],
    [`${'no digits in this long stretch of text at all '.repeat(4)}221B Baker Street, then 7 more, SW1A 1AA and 20500-0003 9`],
    [`GIR 0AA ${'x'.repeat(200)} 12 Main St`],
  ])('finds what the global replace finds in %j', (text) => {
    const { expected, actual } = both(text);
    expect(actual).toBe(expected);
  });

  it('agrees with the global replace on 20,000 generated texts', () => {
    let seed = 99;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const pieces = [
      '221B', '12', '7', '1600', '12-14', '20500-0003', '0003', 'Baker', 'Street', 'ST', 'St.', 'Pennsylvania', 'Avenue', 'NW', 'N', 'SW1A', '1AA', 'NW1', '6XE', 'GIR', '0AA', 'G',
      'London', 'the', 'a', 'E1', '6AN', 'M1', '1AE', '💳', 'ü', '’', ',', '.', '-', '(', ')', '+44', '3', 'Times', 'Square', 'O’Neil', 'X9',
    ];
    const separators = [' ', ' ', ' ', '', ', ', '\n', '-'];
    let matched = 0;
    for (let i = 0; i < 20_000; i++) {
      // Every fourth text long (its digits are found by single-character searches, not a regex).
      const words = Array.from({ length: 1 + Math.floor(random() * (i % 4 === 0 ? 300 : 14)) }, () => pieces[Math.floor(random() * pieces.length)]!);
      const text = words.map((word) => word + separators[Math.floor(random() * separators.length)]!).join('');
      const { expected, actual } = both(text);
      if (expected !== text) matched++;
      expect(actual).toBe(expected);
    }
    expect(matched).toBeGreaterThan(2_000); // the texts do hold addresses
  });
});

describe('hasDigit', () => {
  it('agrees with /\\d/ on 20,000 generated strings, short and long', () => {
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const letters = ['a', ' ', 'Z', '.', 'ü', '٣', '５', '💳', '\n', '@'];
    for (let i = 0; i < 20_000; i++) {
      const length = i % 2 === 0 ? Math.floor(random() * 140) : 100 + Math.floor(random() * 3_000);
      const chars = Array.from({ length }, () => letters[Math.floor(random() * letters.length)]!);
      if (random() < 0.5 && length > 0) chars[Math.floor(random() * length)] = String(Math.floor(random() * 10));
      const text = chars.join('');
      expect(hasDigit(text)).toBe(/\d/.test(text));
    }
  });
});
