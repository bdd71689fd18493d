import { hasDigit, replaceNearDigits } from './near-digits.js';

/** The kinds of personal data `redact` finds. Each finding becomes the placeholder `[KIND]`. */
export type PersonalDataKind = 'EMAIL' | 'PHONE' | 'CARD' | 'IBAN' | 'ADDRESS';

/** How many findings of each kind were replaced; kinds with none are absent. */
export type RedactionCounts = Partial<Record<PersonalDataKind, number>>;

/** Redacted text and what was taken out of it. */
export interface RedactedText {
  text: string;
  counts: RedactionCounts;
}

// The passes run in this order: an email may hold digits, and IBANs and card numbers are long digit
// runs that the phone pass would otherwise half-eat. Placeholders hold no digits or "@", so a later
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

// Three shapes, each a known limit:
// - a street: house number (221B, 12-14) + 1–4 capitalised words + a suffix from the list, with an
//   optional compass point ("1600 Pennsylvania Avenue NW"). Lower-case streets, streets without a
//   listed suffix, and addresses without a house number are not found; "3 Times Square" is.
// - a UK postcode in capitals with its space (SW1A 1AA): without the space it looks like a SKU.
// - a US ZIP+4 (12345-6789). A bare five-digit ZIP is too like any other number to redact.
// Sticky: `replaceNearDigits` tries it only near digits.
const ADDRESS = new RegExp(
  [
    `\\d(?<![\\p{L}\\p{N}]\\d)\\d{0,4}[A-Za-z]?(?:-\\d{1,5}[A-Za-z]?)? (?:\\p{Lu}[\\p{L}'’.-]* ){1,4}(?:${SUFFIX})\\.?(?: (?:NE|NW|SE|SW|N|S|E|W)\\b)?(?![\\p{L}\\p{N}])`,
    `[A-Z](?<![\\p{L}\\p{N}][A-Z])(?:[A-Z]?\\d[A-Z\\d]? \\d[ABD-HJLNP-UW-Z]{2}|(?<=G)IR 0AA)(?![\\p{L}\\p{N}])`,
    `\\d(?<![\\p{L}\\p{N}-]\\d)\\d{4}-\\d{4}(?![\\p{L}\\p{N}-])`,
  ].join('|'),
  'uy',
);

/**
 * Replaces personal data in free text with typed placeholders (`[EMAIL]`, `[PHONE]`, `[CARD]`,
 * `[IBAN]`, `[ADDRESS]`) and counts what it replaced. Heuristic and biased towards what customers
 * write: see the comments on each pattern for what it does and does not find. Names are not found.
 */
export function redact(text: string): RedactedText {
  const counts: RedactionCounts = {};
  return { text: redactInto(text, counts), counts };
}

/**
 * Redacts every string inside a JSON-like value (arrays and plain objects, any depth), as `redact`
 * does, and sums the counts. Object keys and non-string values are kept as they are. Recursion is
 * as deep as the value's nesting, so callers bound the nesting of untrusted input.
 */
export function redactDeep<T>(value: T): { value: T; counts: RedactionCounts } {
  const counts: RedactionCounts = {};
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return redactInto(item, counts);
    if (Array.isArray(item)) return item.map(walk);
    if (isPlainObject(item)) {
      // fromEntries defines keys, so a "__proto__" key from JSON stays a plain key.
      return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, walk(inner)]));
    }
    return item;
  };
  return { value: walk(value) as T, counts };
}

function redactInto(text: string, counts: RedactionCounts): string {
  let result = text;
  if (result.includes('@')) result = redactEmails(result, counts);
  // Every other kind holds a digit (an address its house number or postcode), and placeholders
  // hold none: text without one can skip the remaining passes. Checked again after each pass
  // that replaced something, because the digits are often all inside what was just redacted.
  if (!hasDigit(result)) return result;
  let next = result.replace(IBAN, (candidate) => ibanWithin(candidate, counts));
  if (next !== result && !hasDigit(next)) return next;
  result = next.replace(DIGIT_GROUPS, (run) => cardsWithin(run, counts));
  if (result !== next && !hasDigit(result)) return result;
  next = result.replace(PHONE_CANDIDATE, (candidate) => phonesWithin(candidate, counts));
  if (next !== result && !hasDigit(next)) return next;
  // Every address shape holds a digit within its first five characters (a house number or ZIP at
  // its start, a postcode's district digit second or third, the 0 of "GIR 0AA" fifth), and by now
  // the text holds few digits: measured on the bench's texts, the global replace (which tries the
  // pattern at every capital letter) cost 1.5 µs per text, the most of any pass.
  return replaceNearDigits(next, ADDRESS, 4, () => placeholder('ADDRESS', counts));
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
function cardsWithin(run: string, counts: RedactionCounts): string {
  if (run.length < 13) return run;
  const parts = run.split(/([ -])/); // group i is parts[2i]; the separator after it is parts[2i + 1]
  const groups = parts.filter((_, index) => index % 2 === 0);
  const sizes = groups.map((group) => group.length);
  let result = '';
  let next = 0; // parts before this index are already in `result`
  for (let start = 0; start < groups.length; start++) {
    for (let end = Math.min(groups.length, start + 5); end > start; end--) {
      // Shape first: it costs no strings, and most windows in a long run of numbers fail it.
      if (!isCardShaped(sizes, start, end) || groups[start][0] === '0') continue; // no issuer starts with 0
      if (!luhnHolds(groups.slice(start, end).join(''))) continue;
      result += parts.slice(next, 2 * start).join('') + placeholder('CARD', counts);
      next = 2 * end - 1;
      start = end - 1;
      break;
    }
  }
  return next === 0 ? run : result + parts.slice(next).join('');
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
