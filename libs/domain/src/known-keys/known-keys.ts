/**
 * Checking the keys a request filters by (a step, a category, ...) against the ones that exist,
 * so that a typo gets a 400 naming it and the likeliest key meant, not a page of zeros.
 */

/** One unknown key, named so the caller can fix it (the shape of the API's 400 `problems`). */
export interface KeyProblem {
  field: string;
  problem: string;
}

/** The keys one filter may name, and how to speak of them. */
export interface KnownKeys {
  /** What one key is, in a message: `step`, `failure type`. */
  noun: string;
  keys: readonly string[];
  /** Where the caller can list them: `GET /v1/value-streams`. */
  listedAt?: string;
}

/** Unknown keys past this many in one request are named without a suggestion (each costs a distance to every known key). */
export const MAX_SUGGESTIONS = 10;

/**
 * Edit distance between two keys, letters compared ignoring case: insertions, deletions,
 * substitutions and swaps of two neighbouring letters (`arival` → `arrival` is 1,
 * `cra` → `car` is 1). Optimal string alignment, O(a·b) on keys of at most 100 characters.
 */
export function keyDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (s === t) return 0;
  let before = new Array<number>(t.length + 1).fill(0);
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = new Array<number>(t.length + 1);
    current[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      current[j] = best;
    }
    before = previous;
    previous = current;
  }
  return previous[t.length]!;
}

/** The known key closest to `key` (ties: the first in alphabetical order); undefined when none is known. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    // No key can be closer than the difference in length.
    if (best && Math.abs(candidate.length - key.length) > best.distance) continue;
    const distance = keyDistance(key, candidate);
    if (!best || distance < best.distance || (distance === best.distance && candidate < best.key)) best = { key: candidate, distance };
  }
  return best?.key;
}

/** The problem of one unknown key: `no step 'does-not-exist'; did you mean 'card-delivery'?`. */
export function unknownKeyProblem(field: string, key: string, known: KnownKeys, suggest = true): KeyProblem {
  const nearest = suggest ? closestKey(key, known.keys) : undefined;
  const hint = known.keys.length === 0 ? ` (there are none yet${known.listedAt ? `; ${known.listedAt} lists them` : ''})` : known.listedAt ? ` (${known.listedAt} lists them)` : '';
  return { field, problem: `no ${known.noun} '${key}'${nearest === undefined ? '' : `; did you mean '${nearest}'?`}${hint}` };
}

/**
 * One problem per key asked for that is not known, in the order asked; none when every key is
 * known. Fields with no entry in `known` are not checked.
 */
export function unknownKeyProblems(asked: Readonly<Record<string, readonly string[] | undefined>>, known: Readonly<Record<string, KnownKeys>>): KeyProblem[] {
  const problems: KeyProblem[] = [];
  for (const [field, keys] of Object.entries(asked)) {
    const allowed = known[field];
    if (!keys?.length || !allowed) continue;
    const set = new Set(allowed.keys);
    for (const key of new Set(keys)) {
      if (!set.has(key)) problems.push(unknownKeyProblem(field, key, allowed, problems.length < MAX_SUGGESTIONS));
    }
  }
  return problems;
}
