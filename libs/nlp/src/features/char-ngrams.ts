/**
 * Character n-grams of one word padded with a space on each side, like scikit-learn's `char_wb`:
 * " card " gives " c", "ca", …, "rd ", … A word shorter than n yields itself once, padded.
 */
export function charNgramsOf(word: string, min: number, max: number): string[] {
  const padded = ` ${word} `;
  const grams: string[] = [];
  for (let n = min; n <= max; n++) {
    if (padded.length <= n) {
      grams.push(padded);
      break;
    }
    for (let start = 0; start + n <= padded.length; start++) grams.push(padded.slice(start, start + n));
  }
  return grams;
}

