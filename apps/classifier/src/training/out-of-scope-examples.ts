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
    SELECT DISTINCT ON (contact_id) contact_id, n FROM ranked WHERE n <= $1 ORDER BY contact_id, n
  )
  SELECT c.id::text AS contact_id, c.text
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
  const rows: Array<{ contact_id: string; text: string }> = await db.query(SELECT_OUT_OF_SCOPE, [limits.perTheme, limits.total]);
  return rows.map((row) => ({ contactId: row.contact_id, text: row.text }));
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
