const DIGITS = /\d/g;
const HAS_DIGIT = /\d/;
const DIGIT_CHARS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

// Whether the text holds an ASCII digit (what \d matches). A regex test costs about a
// nanosecond per character up to the first digit, a whole text when there is none; ten
// single-character searches run natively at a few hundredths of that (measured on bench texts
// of ~1.4 KB: ~1 µs against ~0.3 µs at most). Short strings (attributes) keep the regex.
export function hasDigit(text: string): boolean {
  if (text.length < 128) return HAS_DIGIT.test(text);
  for (const digit of DIGIT_CHARS) if (text.includes(digit)) return true;
  return false;
}

/**
 * `text.replace(pattern, replace)` for a global pattern whose every match holds an ASCII digit
 * within its first `reach + 1` characters, given that pattern compiled sticky (`y`, and `u` if
 * the original had it). The pattern is tried only where a digit is at most `reach` characters
 * ahead, from left to right, each place once, so it finds the same matches in the same order as
 * the global replace, which tries every place its first character allows (for an address, every
 * capital letter). Worth it when the text holds few digits.
 */
export function replaceNearDigits(text: string, sticky: RegExp, reach: number, replace: (match: string) => string): string {
  let result = '';
  let copied = 0; // text before this index is already in `result`
  let untried = 0; // the first place not yet tried, and never inside a match
  DIGITS.lastIndex = 0;
  for (let digit = DIGITS.exec(text); digit !== null; digit = DIGITS.exec(text)) {
    for (let start = Math.max(untried, digit.index - reach); start <= digit.index; start++) {
      sticky.lastIndex = start;
      const match = sticky.exec(text);
      if (match === null) continue;
      result += text.slice(copied, start) + replace(match[0]);
      copied = start + match[0].length;
      // A match holds a digit at or after this one (none lies between `untried` and it), so it
      // ends after it: the next digit is looked for from the match's end.
      DIGITS.lastIndex = copied;
      break;
    }
    untried = Math.max(copied, digit.index + 1);
  }
  return copied === 0 ? text : result + text.slice(copied);
}
