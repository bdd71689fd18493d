import { wordsOf } from '../text/words.js';
import { maskEntities, properNounsOf, unmaskedRuns } from './entity-masks.js';
import { STOP_WORDS } from './stop-words.js';

export interface ThemeTerm {
  term: string;
  /** Class-based TF-IDF weight. */
  weight: number;
}

/** The words and two-word phrases of a text, after masking, without stop words; each counted once. */
export function termsOfText(text: string, properNouns: ReadonlySet<string>): Set<string> {
  const terms = new Set<string>();
  for (const run of unmaskedRuns(maskEntities(text, properNouns))) {
    // A stop word breaks a phrase: "card has not arrived" gives "card" and "arrived", not "card arrived".
    let previous: string | undefined;
    for (const word of wordsOf(run)) {
      if (STOP_WORDS.has(word) || word.length < 2) {
        previous = undefined;
        continue;
      }
      terms.add(word);
      if (previous) terms.add(`${previous} ${word}`);
      previous = word;
    }
  }
  return terms;
}

/**
 * The top terms of each theme by class-based TF-IDF (BERTopic's c-TF-IDF): a term's share of the
 * theme's terms × log(1 + average terms per theme / the term's count over all themes). A term
 * common to every theme ("card" in a bank's contacts) scores low everywhere. Terms whose words are
 * all in a better term already chosen are skipped ("card" after "card arrival").
 */
export function themeTerms(texts: readonly string[], assignments: Int32Array, themes: number, perTheme: number): ThemeTerm[][] {
  const properNouns = properNounsOf(texts);
  const counts = Array.from({ length: themes }, () => new Map<string, number>());
  const overall = new Map<string, number>();
  const totals = new Float64Array(themes);
  texts.forEach((text, i) => {
    const theme = assignments[i]!;
    if (theme < 0) return;
    for (const term of termsOfText(text, properNouns)) {
      counts[theme]!.set(term, (counts[theme]!.get(term) ?? 0) + 1);
      overall.set(term, (overall.get(term) ?? 0) + 1);
      totals[theme]!++;
    }
  });
  const averageTotal = totals.reduce((a, b) => a + b, 0) / Math.max(1, themes);
  return counts.map((terms, theme) => {
    const scored = [...terms].map(([term, count]) => ({ term, weight: (count / totals[theme]!) * Math.log(1 + averageTotal / overall.get(term)!) }));
    // On a tie the phrase goes first: "card arrival" rather than "card" and "arrival" apart.
    scored.sort((a, b) => b.weight - a.weight || b.term.split(' ').length - a.term.split(' ').length || a.term.localeCompare(b.term));
    const chosen: ThemeTerm[] = [];
    const covered = new Set<string>();
    for (const candidate of scored) {
      if (chosen.length === perTheme) break;
      const words = candidate.term.split(' ');
      if (words.every((word) => covered.has(word))) continue;
      chosen.push({ term: candidate.term, weight: candidate.weight });
      for (const word of words) covered.add(word);
    }
    return chosen;
  });
}

/** A short name from the top terms: "card arrival, delivery, tracking". */
export function themeNameOf(terms: readonly ThemeTerm[]): string {
  return terms.length === 0 ? '(no distinctive words)' : terms.slice(0, 3).map((t) => t.term).join(', ');
}
