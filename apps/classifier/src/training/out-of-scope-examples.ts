import type { DataSource } from 'typeorm';

/**
 * The label the out-of-scope examples train under. Category keys hold no spaces
 * (libs/contracts CategoryKey), so it can never be one of the taxonomy's: predicting it means
 * "not one of our categories", and the contact stays unclassified.
 */
export const NOT_OURS_LABEL = 'not one of ours';

/** A contact that discovery shows is not of any accepted category yet, with its redacted text. */
export interface OutOfScopeContact {
  contactId: string;
  text: string;
  /** The theme it stands for (a contact of several: the one it ranked first in). */
  themeId: number;
}

/** How many out-of-scope contacts one model is trained on, at most, and from each theme. */
export interface OutOfScopeLimits {
  perTheme: number;
  total: number;
}

// Enough of each theme to stand for it beside the accepted categories' examples, and a bound on
// training time (the SVM is linear in rows) and memory (an embedding each) for large backlogs.
export const DEFAULT_OUT_OF_SCOPE_LIMITS: OutOfScopeLimits = { perTheme: 40, total: 6_000 };

// Which contacts teach the model what is not ours:
// - the members of the themes still proposed in a run from which a person accepted or merged at
//   least one theme: that person looked at the run and has not (yet) made these themes categories;
// - the members of every dismissed theme: a person said they are not a category of ours.
// Never a contact a reviewer labelled (it is an example of a category, or set aside on purpose),
// nor a member of an accepted or merged theme (one a person left out of the theme they accepted
// is not evidence of anything). Each theme's members in a fixed pseudo-random order, so the
// sample is the same from one training to the next and spread over the whole theme.
const SELECT_OUT_OF_SCOPE = `
  WITH deciding_runs AS (
    SELECT DISTINCT run_id FROM discovery_themes WHERE status IN ('accepted', 'merged')
  ),
  not_ours AS (
    SELECT t.id FROM discovery_themes t JOIN discovery_runs r ON r.id = t.run_id AND r.status = 'done'
    WHERE t.status = 'dismissed' OR (t.status = 'proposed' AND t.run_id IN (SELECT run_id FROM deciding_runs))
  ),
  ranked AS (
    SELECT m.contact_id, m.theme_id,
           row_number() OVER (PARTITION BY m.theme_id ORDER BY md5(m.contact_id::text)) AS n
    FROM discovery_theme_members m
    WHERE m.theme_id IN (SELECT id FROM not_ours)
      AND NOT EXISTS (SELECT 1 FROM contact_labels l WHERE l.contact_id = m.contact_id)
      AND NOT EXISTS (
        SELECT 1 FROM discovery_theme_members a JOIN discovery_themes t ON t.id = a.theme_id
        WHERE a.contact_id = m.contact_id AND t.status IN ('accepted', 'merged'))
  ),
  chosen AS (
    SELECT DISTINCT ON (contact_id) contact_id, theme_id, n FROM ranked WHERE n <= $1 ORDER BY contact_id, n, theme_id
  )
  SELECT c.id::text AS contact_id, c.text, chosen.theme_id
  FROM chosen JOIN contacts c ON c.id = chosen.contact_id
  WHERE length(btrim(c.text)) > 0
  ORDER BY chosen.n, md5(c.id::text)
  LIMIT $2`;

/**
 * The contacts that stand for "not one of our categories" in training (see SELECT_OUT_OF_SCOPE):
 * what lets a model trained from a few accepted themes leave the other themes' contacts
 * unclassified instead of forcing each into the nearest accepted category.
 */
export async function outOfScopeContacts(db: DataSource, limits: OutOfScopeLimits = DEFAULT_OUT_OF_SCOPE_LIMITS): Promise<OutOfScopeContact[]> {
  const rows: Array<{ contact_id: string; text: string; theme_id: number }> = await db.query(SELECT_OUT_OF_SCOPE, [limits.perTheme, limits.total]);
  return rows.map((row) => ({ contactId: row.contact_id, text: row.text, themeId: row.theme_id }));
}

/**
 * The out-of-scope contacts as examples of NOT_OURS_LABEL, leaving out any whose text is an
 * example of a category too (one text cannot teach both), each text once.
 */
export function outOfScopeExamplesOf(contacts: readonly OutOfScopeContact[], inScope: ReadonlyArray<{ text: string }>): Array<OutOfScopeContact & { label: string }> {
  const taken = new Set(inScope.map((e) => e.text));
  const examples: Array<OutOfScopeContact & { label: string }> = [];
  for (const contact of contacts) {
    if (taken.has(contact.text)) continue;
    taken.add(contact.text);
    examples.push({ ...contact, label: NOT_OURS_LABEL });
  }
  return examples;
}

/**
 * The out-of-scope contacts that are more like an accepted category than like the rest of their
 * own theme: by cosine of their embedding to the category's centroid (its examples' mean) against
 * the centroid of their theme's other out-of-scope contacts. Discovery put them in a theme nobody
 * accepted, but they read as that category (a theme mixes intents at its edges): taught as "not
 * one of ours" they would make the model leave the category's own contacts unclassified. Contacts
 * without an embedding are kept.
 */
export function straysOf(
  contacts: ReadonlyArray<OutOfScopeContact>,
  vectorOf: (contact: OutOfScopeContact) => Float32Array | undefined,
  categories: ReadonlyArray<Float32Array>,
): Set<string> {
  const strays = new Set<string>();
  if (categories.length === 0) return strays;
  const byTheme = new Map<number, Float32Array[]>();
  for (const contact of contacts) {
    const vector = vectorOf(contact);
    if (vector) byTheme.set(contact.themeId, [...(byTheme.get(contact.themeId) ?? []), vector]);
  }
  const themeCentres = new Map([...byTheme].map(([theme, vectors]) => [theme, { sum: sumOf(vectors), count: vectors.length }]));
  const centres = categories.map(unit);
  for (const contact of contacts) {
    const vector = vectorOf(contact);
    const theme = themeCentres.get(contact.themeId);
    if (!vector || !theme || theme.count < 2) continue;
    // Its theme's centre without itself, so a small theme does not lean towards it.
    const own = cosine(vector, unit(theme.sum.map((x, d) => x - vector[d]!)));
    if (centres.some((centre) => cosine(vector, centre) > own)) strays.add(contact.contactId);
  }
  return strays;
}

/** Each category's centre: the mean of its examples' embeddings. */
export function centresOf(examples: ReadonlyArray<{ label: string }>, vectorOf: (index: number) => Float32Array | undefined): Float32Array[] {
  const byLabel = new Map<string, Float32Array[]>();
  examples.forEach((e, i) => {
    const vector = vectorOf(i);
    if (vector) byLabel.set(e.label, [...(byLabel.get(e.label) ?? []), vector]);
  });
  return [...byLabel.values()].map(sumOf);
}

function sumOf(vectors: readonly Float32Array[]): Float32Array {
  const sum = new Float32Array(vectors[0]!.length);
  for (const vector of vectors) for (let d = 0; d < sum.length; d++) sum[d]! += vector[d]!;
  return sum;
}

function unit(vector: Float32Array): Float32Array {
  let length = 0;
  for (const x of vector) length += x * x;
  length = Math.sqrt(length) || 1;
  return vector.map((x) => x / length);
}

function cosine(a: Float32Array, unitB: Float32Array): number {
  let dot = 0;
  let length = 0;
  for (let d = 0; d < a.length; d++) {
    dot += a[d]! * unitB[d]!;
    length += a[d]! * a[d]!;
  }
  return dot / (Math.sqrt(length) || 1);
}
