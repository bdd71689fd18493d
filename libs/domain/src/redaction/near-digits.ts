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
 * capital letter). Worth it when the text holds few digits. `replace` also gets the match's named
 * groups, so one pattern can hold several kinds.
 */
export function replaceNearDigits(
  text: string,
  sticky: RegExp,
  reach: number,
  replace: (match: string, groups: Record<string, string | undefined> | undefined) => string,
): string {
  const nextDigit = digitFinder(text);
  let result = '';
  let copied = 0; // text before this index is already in `result`
  let untried = 0; // the first place not yet tried, and never inside a match
  for (let digit = nextDigit(0); digit !== -1; digit = nextDigit(untried)) {
    for (let start = Math.max(untried, digit - reach); start <= digit; start++) {
      sticky.lastIndex = start;
      const match = sticky.exec(text);
      if (match === null) continue;
      result += text.slice(copied, start) + replace(match[0], match.groups);
      // A match holds a digit at or after this one (none lies between `untried` and it), so it
      // ends after it: the next digit is looked for from the match's end.
      copied = start + match[0].length;
      break;
    }
    untried = Math.max(copied, digit + 1);
  }
  return copied === 0 ? text : result + text.slice(copied);
}

// The index of the first ASCII digit at or after a position (never asked for an earlier position
// than the time before), or -1. In a long text, the nearest of ten native single-character
// searches, each one's answer kept until the position passes it: the text is searched about ten
// times over at a few hundredths of a nanosecond per character, where a /\d/g scan costs about a
// nanosecond per character.
function digitFinder(text: string): (from: number) => number {
  if (text.length < 128) {
    return (from) => {
      DIGITS.lastIndex = from;
      return DIGITS.exec(text)?.index ?? -1;
    };
  }
  const found = [-2, -2, -2, -2, -2, -2, -2, -2, -2, -2]; // per digit: its next index, -1 for none left, -2 not yet searched
  return (from) => {
    let nearest = -1;
    for (let i = 0; i < 10; i++) {
      let at = found[i]!;
      if (at === -1) continue;
      if (at < from) {
        at = text.indexOf(DIGIT_CHARS[i]!, from);
        found[i] = at;
        if (at === -1) continue;
      }
      if (nearest === -1 || at < nearest) nearest = at;
    }
    return nearest;
  };
}
