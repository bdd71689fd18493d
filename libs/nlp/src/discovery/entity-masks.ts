/** What a masked span was; masked spans never name a theme. */
export type MaskKind = 'number' | 'date' | 'name' | 'redacted';

const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const WEEKDAYS = 'mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?';
// "May" and "march" are also words: a month name counts as a date only beside a number
// ("3 May", "May 3rd", "May 2024"); weekdays and full month names other than May always do.
const DATES = new RegExp(
  [
    String.raw`\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b`,
    String.raw`\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:${MONTHS})\b\.?(?:\s+\d{2,4})?`,
    String.raw`\b(?:${MONTHS})\.?\s+\d{1,4}(?:st|nd|rd|th)?\b(?:,?\s+\d{4})?`,
    String.raw`\b(?:january|february|april|june|july|august|september|october|november|december)\b`,
    String.raw`\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b`,
    String.raw`\b(?:${WEEKDAYS})\b(?=\s+\d)`,
  ].join('|'),
  'giu',
);
// Any token with a digit: amounts, references, times, ordinals ("£25.50", "3rd", "10:30", "ab12cd").
const NUMBERS = /[£$€¥#]?[\p{L}\p{N}]*\p{N}[\p{L}\p{N}.,:%'-]*/gu;
// Placeholders that redaction left in stored contacts ("[EMAIL]", "[CARD]").
const REDACTED = /\[[A-Z][A-Z_]*\]/g;
const WORD = /\p{L}[\p{L}'’-]*/gu;
// The full stop of "Mr." or "Dr." ends no sentence: the capital after it is a surname ("from Mr. Smith").
const HONORIFIC_BEFORE = /\b(?:mr|mrs|ms|dr|prof)\.$/i;

/**
 * Words that look like people's names or places in this collection: written with a capital inside
 * a sentence and never in lower case anywhere in it ("Sarah", "Leeds", but not "Card" when "card"
 * also occurs). A heuristic: it misses names written in lower case or only at the start of
 * sentences, and it also takes brands and product names ("Apple Pay") for names.
 */
export function properNounsOf(texts: readonly string[]): Set<string> {
  const capitalised = new Set<string>();
  const lower = new Set<string>();
  for (const text of texts) {
    const unmasked = text.replace(REDACTED, ' ');
    for (const match of unmasked.matchAll(WORD)) {
      const word = match[0];
      const key = word.toLowerCase();
      if (word === key) {
        lower.add(key);
        continue;
      }
      // A capital after the start of a sentence; all-capital words are acronyms (ATM, PIN), not names.
      const before = unmasked.slice(0, match.index).trimEnd();
      const sentenceStart = before === '' || (/[.!?:;"(]$/.test(before) && !HONORIFIC_BEFORE.test(before));
      if (!sentenceStart && word.length > 1 && word !== word.toUpperCase()) capitalised.add(key);
    }
  }
  for (const key of lower) capitalised.delete(key);
  // "I" and its contractions ("I'd", "I'm") are always written with a capital.
  for (const key of capitalised) if (key === 'i' || /^i['’]/.test(key)) capitalised.delete(key);
  return capitalised;
}

/** The text with dates, numbers, redaction placeholders and the given proper nouns replaced by `<date>`, `<number>`, `<redacted>`, `<name>`. */
export function maskEntities(text: string, properNouns: ReadonlySet<string> = new Set()): string {
  let masked = text.replace(REDACTED, ' <redacted> ').replace(DATES, ' <date> ').replace(NUMBERS, ' <number> ');
  if (properNouns.size > 0) masked = masked.replace(WORD, (word) => (properNouns.has(word.toLowerCase()) ? '<name>' : word));
  return masked.replace(/\s+/g, ' ').trim();
}

/** The masked text split into the runs of plain text between masks (terms never span a mask). */
export function unmaskedRuns(masked: string): string[] {
  return masked.split(/<(?:date|number|redacted|name)>/).filter((run) => run.trim() !== '');
}
