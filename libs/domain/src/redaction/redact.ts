import { isIPv6 } from 'node:net';
import { hasDigit, replaceNearDigits } from './near-digits.js';

/**
 * The kinds of personal data `redact` finds. Each finding becomes the placeholder `[KIND]`.
 * docs/privacy.md lists each one's rule and what is not found.
 */
export type PersonalDataKind =
  | 'EMAIL'
  | 'PHONE'
  | 'CARD'
  | 'IBAN'
  | 'ADDRESS'
  | 'SSN'
  | 'NATIONAL_INSURANCE'
  | 'IP_ADDRESS'
  | 'DATE_OF_BIRTH'
  | 'PASSPORT';

/** How many findings of each kind were replaced; kinds with none are absent. */
export type RedactionCounts = Partial<Record<PersonalDataKind, number>>;

/** Redacted text and what was taken out of it. */
export interface RedactedText {
  text: string;
  counts: RedactionCounts;
}

// The passes run in this order: emails, IPv6 addresses, IBANs, card numbers and SSNs with
// separators (runs of digit groups), phone numbers, then one pass near each remaining digit for
// dates of birth, bare SSNs and passport numbers after their words, IPv4 addresses, National
// Insurance numbers and addresses. An email may hold digits, and IBANs and card numbers are long
// digit runs that the phone pass would otherwise half-eat. Placeholders hold no digits or "@", so a later
// pass never re-matches an earlier one's output. Every pattern is compiled once, and a match may
// only start at the beginning of a run of its characters (the look-behinds), so the scan is linear
// in the text rather than quadratic on long tokens.

// Emails are found from each "@" outwards: a pattern that could start at any letter would cost a
// step per character of every text. Local part and domain allow any letter, so "jürgen@…" is not
// redacted as "jü[EMAIL]".
const EMAIL_LOCAL_CHAR = /[\p{L}\p{N}_.%+-]/u;
const EMAIL_DOMAIN = /(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}(?![\p{L}\p{N}_-])/uy;

// A country code, two check digits and 11–30 letters or digits, compact or in groups of four. The
// candidate may run on into a following word ("… 7034 Rent"), so `ibanWithin` tries shorter prefixes.
const IBAN = /(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,4})?(?![\p{L}\p{N}])/gu;

// Any run of digit groups joined by single spaces or dashes; `cardsWithin` looks for card numbers in it.
const DIGIT_GROUPS = /\d(?<![\p{L}\p{N}_+]\d)\d*(?:[ -]\d+)*(?![\p{L}\p{N}_])/gu;

// Something that may be a phone number: an optional "+", digits and groups separated by one space,
// dot or dash, with bracketed area codes. It may not touch letters, or the ":" of a time, the "/" of
// a date, the "-" of an order number like ORD-2024-000123, a currency sign, or a decimal part.
// `phonesWithin` decides.
const PHONE_CANDIDATE =
  /(?<![\p{L}\p{N}\p{Sc}_+.,:/-])\+?(?:\(\d{1,5}\) ?|\d)(?:\d|[ .-]\d|[ .-]?\(\d{1,5}\)[ .-]?\d)*(?![\p{L}\p{N}_:/%-]|[.,]\d)/gu;

// Street suffixes as written in UK and US addresses, capitalised or in capitals.
const STREET_SUFFIXES = [
  'Street', 'St', 'Road', 'Rd', 'Avenue', 'Ave', 'Lane', 'Ln', 'Drive', 'Dr', 'Boulevard', 'Blvd',
  'Way', 'Court', 'Ct', 'Place', 'Pl', 'Terrace', 'Close', 'Crescent', 'Square', 'Sq', 'Gardens',
  'Grove', 'Mews', 'Row', 'Walk', 'Parade', 'Hill', 'Parkway', 'Pkwy', 'Highway', 'Hwy', 'Circle', 'Trail',
];
const SUFFIX = STREET_SUFFIXES.flatMap((suffix) => [suffix, suffix.toUpperCase()]).join('|');

// The last pass tries one sticky pattern only near digits (`replaceNearDigits`, reach 4: every
// match holds a digit within its first five characters), so the kinds below cost no scan of their
// own: on prose with few digits a global pattern (or a search for each context word) would cost
// more than all of them together. Named groups tell `nearDigitMatch` which kind matched.
//
// Context-led kinds: a value found only right after its words (any case), which are kept. Without
// them these values are indistinguishable from order numbers and business dates.
// - a date of birth: a date after "born", "DOB"/"D.O.B.", "date of birth", "birth date" or
//   "birthday" (optionally "is", "was", "on", ":"). Dates: 1990-05-17, 17/05/1990, 5.17.90,
//   17th (of) May 1990, May 17, 1990. Every other date stays: contact dates are business data.
// - an SSN as nine bare digits after "SSN" or "social security (number)".
// - a passport number: 6–9 letters and digits with a digit among the first four, after "passport"
//   (optionally "number", "no.", "#", "id").
// Structured kinds, each with a validity rule checked in `nearDigitMatch` (kept when it fails):
// - IPv4: four dot-separated groups of 1–3 digits, each at most 255, not part of a longer dotted
//   number (a five-part version number stays; a four-part one is taken for an address).
// - a UK National Insurance number: two prefix letters, three pairs of digits and a suffix A–D,
//   with or without spaces, any case; the first letter not D, F, I, Q, U, V, the second not D, F,
//   I, O, Q, U, V (the pattern's classes), the pair none of BG, GB, NK, KN, TN, NT, ZZ.
// - addresses, three shapes, each a known limit:
//   - a street: house number (221B, 12-14) + 1–4 capitalised words + a suffix from the list, with an
//     optional compass point ("1600 Pennsylvania Avenue NW"). Lower-case streets, streets without a
//     listed suffix, and addresses without a house number are not found; "3 Times Square" is.
//   - a UK postcode in capitals with its space (SW1A 1AA): without the space it looks like a SKU.
//   - a US ZIP+4 (12345-6789). A bare five-digit ZIP is too like any other number to redact.
// (SSNs with separators, 123-45-6789, are found with card numbers, in runs of digit groups.)
const anyCase = (words: string): string => words.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
const LINK = `(?:\\s*(?:${anyCase('is|was|on')}|[:#=-])){0,3}\\s*`;
const DOB_WORDS = `\\b(?:${anyCase('born')}(?:\\s+${anyCase('on')})?|[Dd]\\.?[Oo]\\.?[Bb]\\.?|${anyCase('date')}\\s+${anyCase('of')}\\s+${anyCase('birth')}|${anyCase('birth')}\\s*${anyCase('date')}|${anyCase('birthday')})${LINK}`;
const SSN_WORDS = `\\b(?:${anyCase('ssn')}|${anyCase('social')}\\s+${anyCase('security')}(?:\\s+(?:${anyCase('number')}|${anyCase('no')}\\.?|#))?)${LINK}`;
const PASSPORT_WORDS = `\\b${anyCase('passport')}(?:\\s*(?:${anyCase('number|num')}|(?:${anyCase('no|nr')})\\.?|#|${anyCase('id')}))?${LINK}`;
const MONTH = anyCase('(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)') + '\\.?';
const DAY = `(?:0?[1-9]|[12]\\d|3[01])(?:${anyCase('st|nd|rd|th')})?`;
const DAY_FIRST_DATE = [
  `\\d{4}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\\d|3[01])`, // 1990-05-17
  `(?:0?[1-9]|[12]\\d|3[01])[-/.](?:0?[1-9]|[12]\\d|3[01])[-/.](?:\\d{4}|\\d{2})`, // 17/05/1990, 5.17.90
  `${DAY}(?:\\s+${anyCase('of')})?\\s+${MONTH},?\\s+\\d{4}`, // 17th of May 1990
].join('|');
const ALONE = '(?![\\p{L}\\p{N}_])';
const NEAR_DIGITS = new RegExp(
  [
    // The context-led kinds, tried only where a word starts (their lookbehinds cost ~100 ns each).
    `(?<![\\p{L}\\p{N}_])(?=[A-Za-z]{0,3}\\d)(?:${[
      `(?<=${DOB_WORDS}(?:${anyCase('the')}\\s+)?)(?<dob>${DAY_FIRST_DATE})`,
      // May 17, 1990: matched from the day on; the month before it is taken out afterwards.
      `(?<=${DOB_WORDS}${MONTH}\\s+)(?<dobAfterMonth>${DAY},?\\s+\\d{4})`,
      `(?<=${SSN_WORDS})(?<ssn>\\d{9})`,
      `(?<=${PASSPORT_WORDS})(?<passport>[A-Za-z0-9]{6,9})`,
    ].join('|')})${ALONE}`,
    `(?<ip>\\d(?<![\\p{L}\\p{N}_.]\\d)\\d{0,2}(?:\\.\\d{1,3}){3})(?![\\p{L}\\p{N}_]|\\.\\d)`,
    `(?<![\\p{L}\\p{N}_])(?<nino>[A-CEGHJ-PR-TW-Za-ceghj-pr-tw-z][A-CEGHJ-NPR-TW-Za-ceghj-npr-tw-z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-Da-d])${ALONE}`,
    `\\d(?<![\\p{L}\\p{N}]\\d)\\d{0,4}[A-Za-z]?(?:-\\d{1,5}[A-Za-z]?)? (?:\\p{Lu}[\\p{L}'’.-]* ){1,4}(?:${SUFFIX})\\.?(?: (?:NE|NW|SE|SW|N|S|E|W)\\b)?(?![\\p{L}\\p{N}])`,
    `[A-Z](?<![\\p{L}\\p{N}][A-Z])(?:[A-Z]?\\d[A-Z\\d]? \\d[ABD-HJLNP-UW-Z]{2}|(?<=G)IR 0AA)(?![\\p{L}\\p{N}])`,
    `\\d(?<![\\p{L}\\p{N}-]\\d)\\d{4}-\\d{4}(?![\\p{L}\\p{N}-])`,
  ].join('|'),
  'uy',
);
const NINO_EXCLUDED_PREFIXES: ReadonlySet<string> = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);
const MONTH_BEFORE_DOB = new RegExp(`${MONTH}\\s+\\[DATE_OF_BIRTH\\]`, 'gu');

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * Replaces personal data in free text with typed placeholders (`[EMAIL]`, `[PHONE]`, `[CARD]`,
 * `[IBAN]`, `[ADDRESS]`, `[SSN]`, `[NATIONAL_INSURANCE]`, `[IP_ADDRESS]`, `[DATE_OF_BIRTH]`,
 * `[PASSPORT]`) and counts what it replaced. Heuristic and biased towards what customers
 * write: see the comments on each pattern for what it does and does not find. Names are not found.
 */
export function redact(text: string): RedactedText {
  const counts: RedactionCounts = {};
  return { text: redactInto(text, counts), counts };
}

/**
 * Redacts a JSON-like value (arrays and plain objects, any depth): every string as `redact` does,
 * object keys too, and numbers whose digits form a card, phone number or SSN (`redactNumber`).
 * Counts are summed. A redacted key that would repeat a key already present gets " (2)", " (3)"…,
 * so no value is lost. Recursion is as deep as the value's nesting, so callers bound the nesting
 * of untrusted input.
 */
export function redactDeep<T>(value: T): { value: T; counts: RedactionCounts } {
  const counts: RedactionCounts = {};
  return { value: redactValueInto(value, counts) as T, counts };
}

/**
 * A JSON number as `redactDeep` treats it: the placeholder string (`"[CARD]"`, `"[PHONE]"`,
 * `"[SSN]"`) when its digits are personal data, else the number itself. Rules, for integers only
 * (fractions are amounts): 13–19 digits passing Luhn are a card; 9 digits passing the SSN rules
 * are an SSN; 10 digits shaped like a North American number (area and exchange 2–9) or 11–15
 * digits read as E.164 without its "+" are a phone number (a leading 1 only as 1 + ten NANP
 * digits, so epoch timestamps in seconds and milliseconds stay). Past 2^53 the parsed number no
 * longer holds the digits sent: one of 16–19 digits is withheld as `[CARD]` unchecked.
 */
export function redactNumber(value: number): { value: number | string; counts: RedactionCounts } {
  const counts: RedactionCounts = {};
  return { value: numberInto(value, counts), counts };
}

function redactValueInto(item: unknown, counts: RedactionCounts): unknown {
  if (typeof item === 'string') return redactInto(item, counts);
  if (typeof item === 'number') return numberInto(item, counts);
  if (Array.isArray(item)) {
    const copy = new Array<unknown>(item.length);
    for (let i = 0; i < item.length; i++) copy[i] = redactValueInto(item[i], counts);
    return copy;
  }
  if (isPlainObject(item)) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(item)) {
      let safeKey = redactInto(key, counts);
      if (safeKey !== key || Object.hasOwn(copy, safeKey)) safeKey = unusedKey(copy, safeKey, item);
      const value = CONTEXT_KEY.test(key) ? valueAfterContextKey(key, item[key], counts) : redactValueInto(item[key], counts);
      // A "__proto__" key from JSON stays a plain key.
      if (safeKey === '__proto__') Object.defineProperty(copy, safeKey, { value, enumerable: true, writable: true, configurable: true });
      else copy[safeKey] = value;
    }
    return copy;
  }
  return item;
}

// Keys that may say what their value is, as the words before a date of birth, an SSN or a
// passport number do in a text: {"passport": "123456789"}, {"date_of_birth": "1990-05-17"}.
const CONTEXT_KEY = /passport|ssn|social.?security|birth|dob|d\.o\.b|born/i;

// A value under such a key is read as the text "<key as words>: <value>" reads, so the kinds that
// need their words are found; a number too ("passport": 123456789).
function valueAfterContextKey(key: string, value: unknown, counts: RedactionCounts): unknown {
  if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) return redactValueInto(value, counts);
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_\-.]+/g, ' ').trim();
  const prefix = `${words}: `;
  const own: RedactionCounts = {};
  const read = redactInto(prefix + String(value), own);
  if (!read.startsWith(prefix) || read === prefix + String(value)) return redactValueInto(value, counts);
  for (const [kind, n] of Object.entries(own)) counts[kind as keyof RedactionCounts] = (counts[kind as keyof RedactionCounts] ?? 0) + n!;
  return read.slice(prefix.length);
}

// A redacted key that names no other key of the object, before or after redaction.
function unusedKey(copy: Record<string, unknown>, key: string, original: Record<string, unknown>): string {
  if (!Object.hasOwn(copy, key) && !Object.hasOwn(original, key)) return key;
  for (let n = 2; ; n++) {
    const candidate = `${key} (${n})`;
    if (!Object.hasOwn(copy, candidate) && !Object.hasOwn(original, candidate)) return candidate;
  }
}

function numberInto(value: number, counts: RedactionCounts): number | string {
  if (!Number.isInteger(value)) return value;
  const magnitude = Math.abs(value);
  if (magnitude < 100_000_000) return value; // eight digits or fewer: no kind is that short
  if (!Number.isSafeInteger(magnitude)) return magnitude < 1e19 ? placeholder('CARD', counts) : value;
  const digits = String(magnitude);
  if (digits.length >= 13 && luhnHolds(digits)) return placeholder('CARD', counts);
  if (digits.length === 9) return ssnHolds(digits) ? placeholder('SSN', counts) : value;
  if (digits.length === 10) return NANP.test(digits) ? placeholder('PHONE', counts) : value;
  if (digits.length > 15) return value;
  if (digits[0] === '1') return digits.length === 11 && NANP.test(digits.slice(1)) ? placeholder('PHONE', counts) : value;
  return placeholder('PHONE', counts);
}

const NANP = /^[2-9]\d{2}[2-9]\d{6}$/;

// Area not 000, 666 or 900–999; group not 00; serial not 0000 (nine digits, separators removed).
function ssnHolds(digits: string): boolean {
  const area = digits.slice(0, 3);
  return area !== '000' && area !== '666' && digits[0] !== '9' && digits.slice(3, 5) !== '00' && digits.slice(5) !== '0000';
}

function redactInto(text: string, counts: RedactionCounts): string {
  let result = text;
  if (result.includes('@')) result = redactEmails(result, counts);
  // An IPv6 address may hold no decimal digit ("fe80::abcd"), so it is looked for before the check.
  if (result.includes(':')) result = redactIpv6(result, counts);
  // Every other kind holds a digit (an address its house number or postcode), and placeholders
  // hold none: text without one can skip the remaining passes. Checked again after each pass
  // that replaced something, because the digits are often all inside what was just redacted.
  if (!hasDigit(result)) return result;
  let next = result.replace(IBAN, (candidate) => ibanWithin(candidate, counts));
  if (next !== result && !hasDigit(next)) return next;
  const groupsIn = next;
  result = next.replace(DIGIT_GROUPS, (run: string, offset: number) => cardsWithin(run, counts, groupsIn, offset));
  if (result !== next && !hasDigit(result)) return result;
  next = result.replace(PHONE_CANDIDATE, (candidate) => phonesWithin(candidate, counts));
  if (next !== result && !hasDigit(next)) return next;
  // Every shape of the last pass holds a digit within its first five characters, and by now the
  // text holds few digits: measured on the bench's texts, the global address replace (which
  // tried the pattern at every capital letter) cost 1.5 µs per text, the most of any pass.
  const before = counts.DATE_OF_BIRTH;
  let monthFirst = false;
  result = replaceNearDigits(next, NEAR_DIGITS, 4, (match, groups) => {
    if (groups?.dobAfterMonth !== undefined) monthFirst = true;
    return nearDigitMatch(match, groups, counts);
  });
  return monthFirst && counts.DATE_OF_BIRTH !== before ? result.replace(MONTH_BEFORE_DOB, '[DATE_OF_BIRTH]') : result;
}

// What a match of NEAR_DIGITS becomes: its placeholder, or itself when its kind's validity rule fails.
function nearDigitMatch(match: string, groups: Record<string, string | undefined> | undefined, counts: RedactionCounts): string {
  if (groups === undefined) return placeholder('ADDRESS', counts);
  if (groups.dob !== undefined || groups.dobAfterMonth !== undefined) return placeholder('DATE_OF_BIRTH', counts);
  if (groups.ssn !== undefined) return ssnHolds(groups.ssn) ? placeholder('SSN', counts) : match;
  if (groups.passport !== undefined) return placeholder('PASSPORT', counts);
  if (groups.ip !== undefined) {
    for (const octet of match.split('.')) if (Number(octet) > 255) return match;
    return placeholder('IP_ADDRESS', counts);
  }
  if (groups.nino !== undefined) return NINO_EXCLUDED_PREFIXES.has(match.slice(0, 2).toUpperCase()) ? match : placeholder('NATIONAL_INSURANCE', counts);
  return placeholder('ADDRESS', counts);
}

// IPv6 addresses, full or compressed ("2001:db8::1", "::ffff:192.0.2.1"), found from each ":"
// outwards over hex digits, colons and dots, then checked by Node's own parser (node:net). At
// least five hex digits are required, so "10::30" or "::1" are kept; MAC addresses (six groups)
// and times fail the parser.
function redactIpv6(text: string, counts: RedactionCounts): string {
  let result = '';
  let copied = 0; // text before this index is already in `result`
  for (let at = text.indexOf(':'); at !== -1; at = text.indexOf(':', at + 1)) {
    let start = at;
    while (start > copied && isIpv6Char(text.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && isIpv6Char(text.charCodeAt(end))) end++;
    at = end - 1;
    if (start > 0 && WORD_CHAR.test(text[start - 1]!)) continue;
    if (end < text.length && WORD_CHAR.test(text[end]!)) continue;
    // A sentence's full stop or colon after the address is not part of it.
    let stop = end;
    if (!isIPv6(text.slice(start, stop)) && (text[stop - 1] === '.' || text[stop - 1] === ':')) stop--;
    const candidate = text.slice(start, stop);
    if (countHexDigits(candidate) < 5 || !isIPv6(candidate)) continue;
    result += text.slice(copied, start) + placeholder('IP_ADDRESS', counts);
    copied = stop;
  }
  return copied === 0 ? text : result + text.slice(copied);
}

function isIpv6Char(code: number): boolean {
  return (code >= 48 && code <= 58) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102) || code === 46; // 0-9 : A-F a-f .
}

function countHexDigits(candidate: string): number {
  let hex = 0;
  for (let i = 0; i < candidate.length; i++) if (candidate[i] !== ':' && candidate[i] !== '.') hex++;
  return hex;
}

function redactEmails(text: string, counts: RedactionCounts): string {
  let result = '';
  let copied = 0; // text before this index is already in `result`
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    // RFC 5321 caps the local part at 64 characters, which also bounds the walk back.
    const earliest = Math.max(copied, at - 64);
    while (start > earliest && EMAIL_LOCAL_CHAR.test(text[start - 1])) start--;
    EMAIL_DOMAIN.lastIndex = at + 1;
    const domain = EMAIL_DOMAIN.exec(text);
    if (start === at || domain === null) continue;
    result += text.slice(copied, start) + placeholder('EMAIL', counts);
    copied = at + 1 + domain[0].length;
  }
  return copied === 0 ? text : result + text.slice(copied);
}

function placeholder(kind: PersonalDataKind, counts: RedactionCounts): string {
  counts[kind] = (counts[kind] ?? 0) + 1;
  return `[${kind}]`;
}

// The longest prefix of whole space-separated groups that passes the ISO 13616 mod-97 check.
function ibanWithin(candidate: string, counts: RedactionCounts): string {
  const groups = candidate.split(' ');
  for (let length = groups.length; length >= 1; length--) {
    const compact = groups.slice(0, length).join('').toUpperCase();
    if (compact.length >= 15 && compact.length <= 34 && ibanChecksumHolds(compact)) {
      const rest = groups.slice(length).join(' ');
      return placeholder('IBAN', counts) + (rest ? ` ${rest}` : '');
    }
  }
  return candidate;
}

function ibanChecksumHolds(iban: string): boolean {
  // Move the country code and check digits to the end, read letters as 10–35, then take mod 97
  // digit by digit so the number never outgrows a double.
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    remainder = code <= 57 ? (remainder * 10 + (code - 48)) % 97 : (remainder * 100 + (code - 55)) % 97;
  }
  return remainder === 1;
}

// Card numbers inside a run of digit groups: a window of groups that is shaped like a card (one
// block of 13–19 digits, groups of four with a shorter last group, or Amex/Diners 4-6-5 and 4-6-4)
// and passes Luhn. A run can hold a card among other numbers ("order 12 4111 1111 1111 1111").
// Where no card starts, a US SSN written with separators: 3-2-4 digits joined by the same dash or
// space, not part of a longer number joined the same way (ORD-123-45-6789, 123-45-6789-1, a
// decimal or slash after it), passing the SSN rules.
function cardsWithin(run: string, counts: RedactionCounts, text: string, offset: number): string {
  if (run.length < 11) return run;
  const parts = run.split(/([ -])/); // group i is parts[2i]; the separator after it is parts[2i + 1]
  const groups = parts.filter((_, index) => index % 2 === 0);
  const sizes = groups.map((group) => group.length);
  let result = '';
  let next = 0; // parts before this index are already in `result`
  for (let start = 0; start < groups.length; start++) {
    let card = false;
    for (let end = Math.min(groups.length, start + 5); end > start; end--) {
      // Shape first: it costs no strings, and most windows in a long run of numbers fail it.
      if (!isCardShaped(sizes, start, end) || groups[start][0] === '0') continue; // no issuer starts with 0
      if (!luhnHolds(groups.slice(start, end).join(''))) continue;
      result += parts.slice(next, 2 * start).join('') + placeholder('CARD', counts);
      next = 2 * end - 1;
      start = end - 1;
      card = true;
      break;
    }
    if (!card && sizes[start] === 3 && sizes[start + 1] === 2 && sizes[start + 2] === 4 && isSsnWindow(parts, start, run, text, offset)) {
      result += parts.slice(next, 2 * start).join('') + placeholder('SSN', counts);
      next = 2 * start + 5;
      start += 2;
    }
  }
  return next === 0 ? run : result + parts.slice(next).join('');
}

const SSN_BLOCKED_BEFORE = '-/.,:';

function isSsnWindow(parts: string[], start: number, run: string, text: string, offset: number): boolean {
  const separator = parts[2 * start + 1];
  if (parts[2 * start + 3] !== separator) return false;
  if (start === 0 ? offset > 0 && SSN_BLOCKED_BEFORE.includes(text[offset - 1]!) : parts[2 * start - 1] === separator) return false;
  if (2 * start + 5 < parts.length) {
    if (parts[2 * start + 5] === separator) return false;
  } else {
    const after = offset + run.length;
    if (SSN_BLOCKED_BEFORE.includes(text[after] ?? ' ') && isDigitCode(text.charCodeAt(after + 1))) return false;
  }
  return ssnHolds(parts[2 * start] + parts[2 * start + 2] + parts[2 * start + 4]);
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isCardShaped(sizes: number[], start: number, end: number): boolean {
  let digits = 0;
  let fours = true; // every group but the last has four digits, the last at most four
  for (let index = start; index < end; index++) {
    digits += sizes[index];
    fours &&= index < end - 1 ? sizes[index] === 4 : sizes[index] <= 4;
  }
  if (digits < 13 || digits > 19) return false;
  const amexOrDiners = end - start === 3 && sizes[start] === 4 && sizes[start + 1] === 6 && sizes[start + 2] >= 4;
  return end - start === 1 || fours || amexOrDiners;
}

function luhnHolds(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

// Phone numbers inside a candidate: the longest window of space-separated words that looks like a
// phone number, so "on 2024-05-01 020 7946 0958" keeps its date and "020 7946 0958 2 times" its "2".
function phonesWithin(candidate: string, counts: RedactionCounts): string {
  const words = candidate.split(' ');
  const digitCounts = words.map(countDigits);
  const result: string[] = [];
  for (let start = 0; start < words.length; start++) {
    // The widest window that could be a phone number (at most 17 digits: "00" + E.164's 15) …
    let end = start;
    let digits = 0;
    while (end < words.length && end - start < 7 && digits + digitCounts[end] <= 17) digits += digitCounts[end++];
    // … then narrower ones, until one looks like a phone number.
    while (end > start && !(phoneLengthFits(words[start], digits) && looksLikePhone(words.slice(start, end)))) {
      digits -= digitCounts[--end];
    }
    if (end > start) {
      result.push(placeholder('PHONE', counts));
      start = end - 1;
    } else {
      result.push(words[start]);
    }
  }
  return result.join(' ');
}

function countDigits(word: string): number {
  let digits = 0;
  for (let index = 0; index < word.length; index++) {
    const code = word.charCodeAt(index);
    if (code >= 48 && code <= 57) digits++;
  }
  return digits;
}

// A cheap first cut by digit count, so long runs of numbers cost no string work per window.
function phoneLengthFits(first: string, digits: number): boolean {
  if (first.startsWith('+')) return digits >= 8 && digits <= 16; // 16 allows a "(0)" trunk digit
  if (first.startsWith('00')) return digits >= 10 && digits <= 17;
  if (first.startsWith('0') || first.startsWith('(0')) return digits >= 10 && digits <= 12;
  return digits === 10 || digits === 11;
}

const DATE_LIKE = /^(?:\d{4}[-.]\d{1,2}[-.]\d{1,2}|\d{1,2}[-.]\d{1,2}[-.]\d{2,4})$/;
const AMOUNT_LIKE = /^[^.]*\d\.\d{1,2}$/;
const ENDS_IN_ONE_DIGIT = /(?:^|\D)\d$/;

/**
 * The phone heuristics, from strongest signal to weakest:
 * - "+" then 8–15 digits (E.164), any grouping; a UK "(0)" trunk digit is ignored.
 * - "00" then 8–15 digits, the international dialling prefix.
 * - a national number with a trunk "0" (UK, EU): 10–12 digits with separators, or an unbroken
 *   UK mobile (07 + 9 digits). Unbroken runs otherwise look like order numbers and are kept.
 * - a North American number with separators: 3-3-4 digits, optionally after a 1 (1-800-555-0199).
 *   An unbroken ten-digit US number is kept, as are dates, amounts and anything shorter.
 * A phone number never ends in a one-digit group, so "020 7946 0958 2 times" keeps its "2".
 */
function looksLikePhone(words: string[]): boolean {
  if (words.some((word) => DATE_LIKE.test(word))) return false;
  const text = words.join(' ');
  if (AMOUNT_LIKE.test(text) || ENDS_IN_ONE_DIGIT.test(text)) return false;
  if (text.startsWith('+')) {
    const digits = text.replace('(0)', '').replace(/\D/g, '');
    return digits.length >= 8 && digits.length <= 15 && digits[0] !== '0';
  }
  const digits = text.replace(/\D/g, '');
  if (digits.startsWith('00')) {
    return digits.length >= 10 && digits.length <= 17 && digits[2] !== '0';
  }
  const separated = digits.length !== text.length;
  if (digits[0] === '0') {
    return separated ? digits.length >= 10 && digits.length <= 12 : /^07\d{9}$/.test(digits);
  }
  const sizes = text.match(/\d+/g)?.map((group) => group.length).join('-');
  return separated && (sizes === '3-3-4' || (sizes === '1-3-3-4' && digits[0] === '1'));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
